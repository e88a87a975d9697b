using EqualCare.Web.Domain;
using EqualCare.Web.Domain.Campaigns;
using EqualCare.Web.Domain.Cases;
using EqualCare.Web.Domain.Services;

namespace EqualCare.UnitTests.Domain.Campaigns;

/// <summary>Seed 000 附件1, each criterion met / not met / not known from the case data.</summary>
public sealed class NominationCriteriaTests
{
    /// <summary>Evaluated on 2026-05-20 (2026Q2): the quarters judged are 2025Q2..2026Q1.</summary>
    static readonly DateOnly Day = new(2026, 5, 20);

    static readonly DateOnly[] EveryQuarter = [new(2025, 5, 10), new(2025, 8, 10), new(2025, 11, 10), new(2026, 2, 10)];

    /// <summary>A married woman of 35 here since 2023 with a valid paper certificate, an IUD and every quarter's 康检.</summary>
    static NominationFacts Woman() => new(
        Sex.Female, new DateOnly(1991, 3, 1), MaritalStatus.FirstMarriage, FlowDirection.Inflow, CaseStatus.Active, new DateOnly(2023, 1, 5),
        ContraceptionMethod.Iud, new CertificateFact(CertificateForm.Paper, new DateOnly(2027, 1, 1), CheckResult.Valid), EveryQuarter, []);

    static CriterionResult Of(NominationFacts facts, NominationCriterion criterion) =>
        NominationCriteria.Evaluate(facts, Day).Single(r => r.Criterion == criterion);

    [Fact]
    public void The_six_criteria_are_evaluated_in_the_order_of_the_annex()
    {
        var results = NominationCriteria.Evaluate(Woman(), Day);
        Assert.Equal(
            [NominationCriterion.AdultMigrantWoman, NominationCriterion.MarriageCertificate, NominationCriterion.Contraception,
             NominationCriterion.NoViolation, NominationCriterion.QuarterlyCheckup, NominationCriterion.CoordinatorYear],
            results.Select(r => r.Criterion));
        Assert.Equal(
            [CriterionOutcome.Met, CriterionOutcome.Met, CriterionOutcome.Met, CriterionOutcome.NotKnown, CriterionOutcome.Met, CriterionOutcome.NotKnown],
            results.Select(r => r.Outcome));
    }

    public static TheoryData<string, CriterionOutcome, string> AdultMigrantWomanCases => new()
    {
        { "woman", CriterionOutcome.Met, "adultMigrantWoman" },
        { "man", CriterionOutcome.NotMet, "notWoman" },
        { "seventeen", CriterionOutcome.NotMet, "notAdult" },
        { "outflow", CriterionOutcome.NotMet, "notInflow" },
        { "departed", CriterionOutcome.NotMet, "notActive" },
    };

    [Theory]
    [MemberData(nameof(AdultMigrantWomanCases))]
    public void Criterion_1_an_adult_migrant_woman_of_the_area(string who, CriterionOutcome outcome, string reason)
    {
        var f = Woman();
        f = who switch
        {
            "man" => f with { Sex = Sex.Male },
            "seventeen" => f with { BirthDate = Day.AddYears(-18).AddDays(1) },
            "outflow" => f with { Flow = FlowDirection.Outflow },
            "departed" => f with { Status = CaseStatus.Departed },
            _ => f,
        };
        var r = Of(f, NominationCriterion.AdultMigrantWoman);
        Assert.Equal((outcome, reason), (r.Outcome, r.Reason));
        Assert.Equal(outcome == CriterionOutcome.Met, NominationCriteria.IsEligible(f, Day));
    }

    [Fact]
    public void Criterion_1_is_met_on_the_eighteenth_birthday()
    {
        var r = Of(Woman() with { BirthDate = Day.AddYears(-18) }, NominationCriterion.AdultMigrantWoman);
        Assert.Equal(CriterionOutcome.Met, r.Outcome);
    }

    public static TheoryData<CertificateFact?, CriterionOutcome, string> CertificateCases => new()
    {
        { new CertificateFact(CertificateForm.Paper, new DateOnly(2026, 5, 20), null), CriterionOutcome.Met, "valid" },
        { new CertificateFact(CertificateForm.Electronic, null, null), CriterionOutcome.Met, "electronic" },
        { new CertificateFact(CertificateForm.PrintedFromElectronic, new DateOnly(2026, 5, 19), CheckResult.Valid), CriterionOutcome.NotMet, "expired" },
        { new CertificateFact(CertificateForm.Paper, new DateOnly(2028, 1, 1), CheckResult.Invalid), CriterionOutcome.NotMet, "checkedInvalid" },
        { null, CriterionOutcome.NotMet, "none" },
    };

    [Theory]
    [MemberData(nameof(CertificateCases))]
    public void Criterion_2_a_valid_marriage_and_childbearing_certificate(CertificateFact? certificate, CriterionOutcome outcome, string reason)
    {
        var r = Of(Woman() with { LatestCertificate = certificate }, NominationCriterion.MarriageCertificate);
        Assert.Equal((outcome, reason), (r.Outcome, r.Reason));
    }

    [Fact]
    public void Criterion_2_names_the_end_of_validity()
    {
        Assert.Equal("2027-01-01", Of(Woman(), NominationCriterion.MarriageCertificate).Detail);
    }

    public static TheoryData<MaritalStatus, ContraceptionMethod?, CriterionOutcome, string> ContraceptionCases => new()
    {
        { MaritalStatus.FirstMarriage, ContraceptionMethod.Iud, CriterionOutcome.Met, "method" },
        { MaritalStatus.Remarried, ContraceptionMethod.Condom, CriterionOutcome.Met, "method" },
        { MaritalStatus.Married, ContraceptionMethod.None, CriterionOutcome.NotMet, "none" },
        { MaritalStatus.FirstMarriage, null, CriterionOutcome.NotKnown, "notRecorded" },
        { MaritalStatus.Unmarried, null, CriterionOutcome.Met, "notMarried" },
        { MaritalStatus.Divorced, ContraceptionMethod.None, CriterionOutcome.Met, "notMarried" },
        { MaritalStatus.Unknown, ContraceptionMethod.Iud, CriterionOutcome.NotKnown, "maritalUnknown" },
    };

    [Theory]
    [MemberData(nameof(ContraceptionCases))]
    public void Criterion_2_a_married_woman_uses_a_method(MaritalStatus marital, ContraceptionMethod? method, CriterionOutcome outcome, string reason)
    {
        var r = Of(Woman() with { MaritalStatus = marital, Contraception = method }, NominationCriterion.Contraception);
        Assert.Equal((outcome, reason), (r.Outcome, r.Reason));
    }

    [Fact]
    public void Criteria_3_and_5_are_not_known_whatever_the_case_holds_since_the_registry_records_neither()
    {
        foreach (var f in new[] { Woman(), Woman() with { Contraception = ContraceptionMethod.None, LatestCertificate = null, CheckupDays = [] } })
        {
            Assert.Equal((CriterionOutcome.NotKnown, "notRecorded"), (Of(f, NominationCriterion.NoViolation).Outcome, Of(f, NominationCriterion.NoViolation).Reason));
            Assert.Equal(CriterionOutcome.NotKnown, Of(f, NominationCriterion.CoordinatorYear).Outcome);
        }
    }

    [Fact]
    public void Criterion_4_is_met_when_every_quarter_of_the_last_year_has_a_checkup()
    {
        var r = Of(Woman(), NominationCriterion.QuarterlyCheckup);
        Assert.Equal((CriterionOutcome.Met, "attended", "4"), (r.Outcome, r.Reason, r.Detail));
    }

    [Fact]
    public void Criterion_4_is_not_met_naming_the_quarters_missed()
    {
        var r = Of(Woman() with { CheckupDays = [EveryQuarter[0], EveryQuarter[3]] }, NominationCriterion.QuarterlyCheckup);
        Assert.Equal((CriterionOutcome.NotMet, "missed", "2025Q3,2025Q4"), (r.Outcome, r.Reason, r.Detail));
    }

    [Fact]
    public void Criterion_4_a_checkup_of_the_current_quarter_does_not_make_up_for_a_missed_one()
    {
        var r = Of(Woman() with { CheckupDays = [.. EveryQuarter[..3], new DateOnly(2026, 4, 2)] }, NominationCriterion.QuarterlyCheckup);
        Assert.Equal((CriterionOutcome.NotMet, "2026Q1"), (r.Outcome, r.Detail));
    }

    [Fact]
    public void Criterion_4_an_absence_the_rule_exempts_excuses_the_quarter_and_another_reason_does_not()
    {
        var pregnant = Woman() with { CheckupDays = EveryQuarter[..3], Absences = [new AbsenceFact(new DateOnly(2026, 2, 10), AbsenceReason.Pregnant)] };
        Assert.Equal(CriterionOutcome.Met, Of(pregnant, NominationCriterion.QuarterlyCheckup).Outcome);
        var away = pregnant with { Absences = [new AbsenceFact(new DateOnly(2026, 2, 10), AbsenceReason.AwayTemporarily)] };
        Assert.Equal((CriterionOutcome.NotMet, "2026Q1"), (Of(away, NominationCriterion.QuarterlyCheckup).Outcome, Of(away, NominationCriterion.QuarterlyCheckup).Detail));
    }

    [Fact]
    public void Criterion_4_judges_only_the_whole_quarters_she_lived_here()
    {
        // Arrived 2025-10-01: 2025Q4 and 2026Q1 are judged; both attended.
        var r = Of(Woman() with { ArrivalDate = new DateOnly(2025, 10, 1), CheckupDays = EveryQuarter[2..] }, NominationCriterion.QuarterlyCheckup);
        Assert.Equal((CriterionOutcome.Met, "2"), (r.Outcome, r.Detail));
    }

    [Fact]
    public void Criterion_4_is_not_known_without_a_whole_quarter_to_judge()
    {
        var recent = Of(Woman() with { ArrivalDate = new DateOnly(2026, 1, 2), CheckupDays = [] }, NominationCriterion.QuarterlyCheckup);
        Assert.Equal((CriterionOutcome.NotKnown, "noQuarter"), (recent.Outcome, recent.Reason));
        // Over the rule's age for the whole year (seed 004: to 45).
        var older = Of(Woman() with { BirthDate = new DateOnly(1979, 1, 1), CheckupMaxAge = 45, CheckupDays = [] }, NominationCriterion.QuarterlyCheckup);
        Assert.Equal(CriterionOutcome.NotKnown, older.Outcome);
    }

    [Theory]
    [InlineData(MaritalStatus.Unmarried, CriterionOutcome.Met, "notCalled")]
    [InlineData(MaritalStatus.Widowed, CriterionOutcome.Met, "notCalled")]
    [InlineData(MaritalStatus.Unknown, CriterionOutcome.NotKnown, "maritalUnknown")]
    public void Criterion_4_the_checkup_is_for_married_women(MaritalStatus marital, CriterionOutcome outcome, string reason)
    {
        var r = Of(Woman() with { MaritalStatus = marital, CheckupDays = [] }, NominationCriterion.QuarterlyCheckup);
        Assert.Equal((outcome, reason), (r.Outcome, r.Reason));
    }
}
