using EqualCare.Web.Domain;
using EqualCare.Web.Domain.Cases;
using EqualCare.Web.Domain.Schedules;
using static EqualCare.UnitTests.Schedules.ScheduleTestSupport;

namespace EqualCare.UnitTests.Schedules;

/// <summary>The seeds' local rules (seed 001 三(一)(二), seed 004 四(三)) and the certificate rule of the 条例.</summary>
public class LocalRuleTests
{
    /// <summary>A married woman of 35 who came on 2024-01-10; the day is in 2025Q2 unless a test says otherwise.</summary>
    private static readonly PersonFacts Woman = new(
        Sex.Female, D("1990-05-20"), ArrivalDate: D("2024-01-10"), MaritalStatus.Married, ContraceptionMethod.Iud);

    private static readonly RecordedService[] AllOnceRulesDone =
    [
        new(CareKind.MarriageCertificate, D("2024-01-20")),
        new(CareKind.HealthRecord, D("2024-07-15")),
        new(CareKind.GynaecologicalScreening, D("2024-03-01")),
    ];

    private static DueList Checkups(PersonFacts person, string today, DueSettings? settings = null, params RecordedService[] done) =>
        DueOn(person, today, settings, [.. AllOnceRulesDone, .. done]);

    // ---- 康检 every quarter (seed 001 三(二)2) ----

    [Fact]
    public void Checkup_is_due_this_quarter_and_overdue_for_the_quarter_just_ended()
    {
        var items = Checkups(Woman, "2025-05-15").Of(CareKind.WomensCheckup);

        Assert.Equal(
            [(D("2025-01-01"), D("2025-03-31"), true), (D("2025-04-01"), D("2025-06-30"), false)],
            items.Select(i => (i.WindowStart, i.WindowEnd, i.Overdue)));
    }

    [Theory]
    [InlineData("2025-01-01", "2025Q1 done")]
    [InlineData("2025-03-31", "2025Q1 done on its last day")]
    public void A_checkup_recorded_in_the_quarter_clears_that_quarter(string doneOn, string why)
    {
        _ = why;
        var items = Checkups(Woman, "2025-05-15", null, new RecordedService(CareKind.WomensCheckup, D(doneOn))).Of(CareKind.WomensCheckup);

        Assert.Equal([D("2025-04-01")], items.Select(i => i.WindowStart));
    }

    [Fact]
    public void A_checkup_on_the_last_day_of_the_previous_year_does_not_count_for_the_new_quarter()
    {
        var items = Checkups(Woman, "2025-02-10", null, new RecordedService(CareKind.WomensCheckup, D("2024-12-31"))).Of(CareKind.WomensCheckup);

        Assert.Equal([D("2025-01-01")], items.Select(i => i.WindowStart));
    }

    [Fact]
    public void A_woman_arriving_mid_quarter_is_due_from_her_arrival_and_not_for_the_quarter_before()
    {
        var items = DueOn(Woman with { ArrivalDate = D("2025-05-01") }, "2025-05-15").Of(CareKind.WomensCheckup);

        var item = Assert.Single(items);
        Assert.Equal((D("2025-05-01"), D("2025-06-30")), (item.WindowStart, item.WindowEnd));
    }

    [Theory]
    //          born          age on 2025-05-15   seed 001 (≤49)   seed 004 (≤45)
    [InlineData("1979-01-01", 46, true, false)]
    [InlineData("1980-01-01", 45, true, true)]   // 45 岁以上（不含 45 岁）: 45 is still called
    [InlineData("1975-05-16", 49, true, false)]
    [InlineData("1975-05-15", 50, false, false)]
    public void The_upper_age_of_the_checkup_list_is_the_local_rules(string born, int age, bool under001, bool under004)
    {
        var woman = Woman with { BirthDate = D(born) };
        Assert.Equal(age, CaseRules.AgeOn(woman.BirthDate, D("2025-05-15")));

        Assert.Equal(under001, Checkups(woman, "2025-05-15", Seed001).Of(CareKind.WomensCheckup).Count > 0);
        Assert.Equal(under004, Checkups(woman, "2025-05-15", Seed004).Of(CareKind.WomensCheckup).Count > 0);
    }

    [Fact]
    public void A_newer_version_of_a_rule_applies_from_its_effective_date()
    {
        var table = new[] { LocalRuleTables.QuarterlyCheckup, LocalRuleTables.QuarterlyCheckup with { EffectiveFrom = D("2025-01-01"), MaxAge = 45 } };
        var woman = Woman with { BirthDate = D("1978-01-01") };

        Assert.NotEmpty(DueOn(woman, "2024-11-15", DueSettings.ForLocalRules(table)).Of(CareKind.WomensCheckup));
        Assert.Empty(DueOn(woman, "2025-05-15", DueSettings.ForLocalRules(table)).Of(CareKind.WomensCheckup));
    }

    [Fact]
    public void Unmarried_women_and_men_are_not_on_the_checkup_list()
    {
        foreach (var person in new[] { Woman with { MaritalStatus = MaritalStatus.Unmarried }, Woman with { Sex = Sex.Male } })
        {
            var list = Checkups(person, "2025-05-15");
            Assert.Empty(list.Of(CareKind.WomensCheckup));
            Assert.Empty(list.ExemptOf(CareKind.WomensCheckup));
        }
    }

    // ---- Exemptions with reasons (seed 004 四(三)1: 离婚、丧偶、现孕) ----

    [Fact]
    public void A_pregnant_woman_is_exempt_from_the_checkup_with_reason_xianyun()
    {
        var pregnant = Woman with { PregnancyLmp = D("2025-03-01") };
        var list = Checkups(pregnant, "2025-05-15");

        Assert.Empty(list.Of(CareKind.WomensCheckup));
        Assert.Equal(["现孕", "现孕"], list.ExemptOf(CareKind.WomensCheckup).Select(e => e.Reason.Chinese()));
    }

    [Fact]
    public void Pregnancy_exempts_only_the_quarters_it_touched()
    {
        var deliveredInJanuary = Woman with
        {
            PregnancyLmp = D("2024-04-10"), PregnancyOutcome = PregnancyOutcome.LiveBirth, PregnancyOutcomeDate = D("2025-01-12"),
        };
        var list = Checkups(deliveredInJanuary, "2025-05-15");

        Assert.Equal([D("2025-01-01")], list.ExemptOf(CareKind.WomensCheckup).Select(e => e.WindowStart));
        Assert.Equal([D("2025-04-01")], list.Of(CareKind.WomensCheckup).Select(e => e.WindowStart));
    }

    [Theory]
    [InlineData(MaritalStatus.Divorced, ExemptionReason.Divorced, "离婚")]
    [InlineData(MaritalStatus.Widowed, ExemptionReason.Widowed, "丧偶")]
    public void Divorced_and_widowed_women_are_listed_as_exempt_with_their_reason(MaritalStatus status, ExemptionReason reason, string chinese)
    {
        var list = Checkups(Woman with { MaritalStatus = status }, "2025-05-15");

        Assert.Empty(list.Of(CareKind.WomensCheckup));
        Assert.All(list.ExemptOf(CareKind.WomensCheckup), e => Assert.Equal(reason, e.Reason));
        Assert.Equal(chinese, reason.Chinese());
    }

    [Theory]
    [InlineData(ContraceptionMethod.FemaleSterilisation)]
    [InlineData(ContraceptionMethod.MaleSterilisation)]
    public void Sterilisation_exempts_only_where_the_local_rule_says_so(ContraceptionMethod method)
    {
        var sterilised = Woman with { Contraception = method };
        var exemptingRule = LocalRuleTables.QuarterlyCheckup with
        {
            Exemptions = new HashSet<ExemptionReason>(LocalRuleTables.QuarterlyCheckup.Exemptions!) { ExemptionReason.Sterilised },
        };

        Assert.Equal(2, Checkups(sterilised, "2025-05-15").Of(CareKind.WomensCheckup).Count);
        var list = DueOn(sterilised, "2025-05-15", DueSettings.ForLocalRules([exemptingRule]));
        Assert.Empty(list.Due);
        Assert.All(list.Exempt, e => Assert.Equal("已绝育", e.Reason.Chinese()));
    }

    [Theory]
    [InlineData(CaseStatus.Departed)]
    [InlineData(CaseStatus.ReturnedHome)]
    [InlineData(CaseStatus.Withdrawn)]
    public void Someone_who_left_the_area_is_due_for_nothing_and_exempt_with_reason_yilikai(CaseStatus status)
    {
        var list = DueOn(Woman with { Status = status, PregnancyLmp = D("2025-03-01") }, "2025-05-15");

        Assert.Empty(list.Due);
        Assert.NotEmpty(list.Exempt);
        Assert.All(list.Exempt, e => Assert.Equal("已离开", e.Reason.Chinese()));
    }

    [Fact]
    public void A_deceased_person_has_no_items() =>
        Assert.Equal(DueList.Empty, DueOn(Woman with { Status = CaseStatus.Deceased }, "2025-05-15"));

    // ---- 妇科病普查 every 2 years (seed 001 三(二)4) ----

    [Theory]
    //          today         listed  overdue
    [InlineData("2025-05-31", false, false)]
    [InlineData("2025-06-01", true, false)]
    [InlineData("2025-08-30", true, false)]
    [InlineData("2025-08-31", true, true)]
    public void Gynaecological_screening_is_due_two_years_after_the_last(string today, bool listed, bool overdue)
    {
        var items = DueOn(Woman, today, null, new RecordedService(CareKind.GynaecologicalScreening, D("2023-06-01")))
            .Of(CareKind.GynaecologicalScreening);

        Assert.Equal(listed, items.Count == 1);
        if (listed) Assert.Equal((D("2025-06-01"), overdue), (items[0].Due, items[0].Overdue));
    }

    [Fact]
    public void A_woman_never_screened_is_due_on_arrival_with_90_days_to_come()
    {
        var item = DueOn(Woman with { ArrivalDate = D("2025-05-01") }, "2025-05-15").Of(CareKind.GynaecologicalScreening).Single();

        Assert.Equal((D("2025-05-01"), D("2025-07-30"), false), (item.Due, item.WindowEnd, item.Overdue));
    }

    // ---- 健康档案 at 6 months' residence (seed 001 三(一)1) ----

    [Theory]
    //          today         months resident   listed
    [InlineData("2025-05-31", "5 months 30 days", false)]
    [InlineData("2025-06-01", "6 months", true)]
    public void A_health_record_is_due_once_resident_six_months(string today, string resident, bool listed)
    {
        _ = resident;
        var man = new PersonFacts(Sex.Male, D("1988-08-08"), ArrivalDate: D("2024-12-01"));

        var items = DueOn(man, today).Of(CareKind.HealthRecord);

        Assert.Equal(listed, items.Count == 1);
        if (listed) Assert.Equal((D("2025-06-01"), D("2025-07-01")), (items[0].Due, items[0].WindowEnd));
    }

    [Fact]
    public void An_opened_health_record_removes_the_item() =>
        Assert.Empty(DueOn(new PersonFacts(Sex.Male, D("1988-08-08"), D("2024-12-01")), "2025-08-01", null,
            new RecordedService(CareKind.HealthRecord, D("2025-06-20"))).Of(CareKind.HealthRecord));

    // ---- 预防接种档案 for children 0–6 resident 3 months (seed 001 三(一)3) ----

    [Theory]
    //          born          arrived       today         listed
    [InlineData("2022-02-01", "2025-01-15", "2025-04-14", false)] // 2 months 30 days
    [InlineData("2022-02-01", "2025-01-15", "2025-04-15", true)]  // 3 months
    [InlineData("2018-04-01", "2025-01-15", "2025-04-15", false)] // 7 years old
    [InlineData("2025-02-20", "2025-02-20", "2025-05-20", true)]  // born here: counted from birth
    public void An_immunisation_file_is_due_for_children_0_to_6_resident_three_months(string born, string arrived, string today, bool listed)
    {
        var child = new PersonFacts(Sex.Female, D(born), ArrivalDate: D(arrived));

        Assert.Equal(listed, DueOn(child, today).Of(CareKind.ImmunisationFile).Count == 1);
    }

    // ---- 婚育证明 within 30 days of arrival (条例 Art. 7–8) ----

    [Theory]
    //          today         overdue
    [InlineData("2025-05-01", false)]
    [InlineData("2025-05-31", false)] // day 30
    [InlineData("2025-06-01", true)]
    public void The_certificate_is_due_within_30_days_of_arrival(string today, bool overdue)
    {
        var unmarried = Woman with { MaritalStatus = MaritalStatus.Unmarried, ArrivalDate = D("2025-05-01") };

        var item = Assert.Single(DueOn(unmarried, today).Of(CareKind.MarriageCertificate));
        Assert.Equal((D("2025-05-01"), D("2025-05-31"), overdue), (item.Due, item.WindowEnd, item.Overdue));
    }

    [Fact]
    public void A_city_with_a_15_day_rule_marks_it_overdue_sooner()
    {
        var fifteenDays = LocalRuleTables.MarriageCertificate with { AllowedDays = 15 };
        var item = DueOn(Woman with { ArrivalDate = D("2025-05-01") }, "2025-05-17", DueSettings.ForLocalRules([fifteenDays]))
            .Of(CareKind.MarriageCertificate).Single();

        Assert.True(item.Overdue);
    }

    [Fact]
    public void Men_girls_and_women_past_49_are_not_asked_for_the_certificate()
    {
        foreach (var person in new[]
                 {
                     Woman with { Sex = Sex.Male, ArrivalDate = D("2025-05-01") },
                     Woman with { BirthDate = D("2010-01-01"), ArrivalDate = D("2025-05-01") },
                     Woman with { BirthDate = D("1970-01-01"), ArrivalDate = D("2025-05-01") },
                 })
            Assert.Empty(DueOn(person, "2025-05-10").Of(CareKind.MarriageCertificate));
    }
}
