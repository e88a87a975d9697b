using EqualCare.Web.Domain;
using EqualCare.Web.Domain.Cases;
using EqualCare.Web.Domain.Schedules;
using static EqualCare.UnitTests.Schedules.ScheduleTestSupport;

namespace EqualCare.UnitTests.Schedules;

/// <summary>
/// 逾期 at its boundaries: an item is overdue only when its window ended before today; never on the window's last day,
/// never for a later date. One table per kind of item that can be overdue.
/// </summary>
public class OverdueBoundaryTests
{
    [Theory]
    [InlineData("2025-06-30", "2025-06-30", false)] // window ends today
    [InlineData("2025-06-30", "2025-07-01", true)]  // ended yesterday
    [InlineData("2025-06-30", "2025-06-29", false)] // ends tomorrow
    [InlineData("2025-12-31", "2025-12-31", false)]
    [InlineData("2025-12-31", "2026-01-01", true)]
    [InlineData("2026-01-01", "2025-12-31", false)]
    public void The_rule_counts_from_the_day_after_the_window(string windowEnd, string today, bool overdue) =>
        Assert.Equal(overdue, OverdueRule.IsOverdue(D(windowEnd), D(windowEnd), D(today)));

    [Fact]
    public void An_item_falling_due_on_a_later_day_is_never_overdue() =>
        Assert.False(OverdueRule.IsOverdue(D("2025-07-15"), D("2025-06-30"), D("2025-07-01")));

    /// <summary>A married woman who came long ago: the 康检 of each quarter (seed 001 三(二)2).</summary>
    private static readonly PersonFacts Woman = new(
        Sex.Female, D("1990-05-20"), ArrivalDate: D("2020-01-10"), MaritalStatus.Married, ContraceptionMethod.Iud);

    [Theory]
    [InlineData("2025-03-31", "2025-01-01", false)] // the quarter's last day
    [InlineData("2025-04-01", "2025-01-01", true)]  // the next day: the quarter just ended is overdue
    [InlineData("2025-04-01", "2025-04-01", false)] // and the new one is not
    [InlineData("2025-06-30", "2025-04-01", false)] // 30 June
    [InlineData("2025-07-01", "2025-04-01", true)]
    [InlineData("2025-09-30", "2025-07-01", false)] // 30 September
    [InlineData("2025-10-01", "2025-07-01", true)]
    [InlineData("2025-12-31", "2025-10-01", false)] // 31 December
    [InlineData("2026-01-01", "2025-10-01", true)]  // 1 January
    [InlineData("2026-01-01", "2026-01-01", false)]
    public void Quarter_checkup_is_overdue_from_the_day_after_the_quarter(string today, string quarterStart, bool overdue)
    {
        var item = Assert.Single(DueOn(Woman, today).Of(CareKind.WomensCheckup), i => i.WindowStart == D(quarterStart));
        Assert.Equal(overdue, item.Overdue);
    }

    /// <summary>Health record (seed 001): due six months after arrival, window 30 days; arrived 2024-06-01 → ends 2024-12-31.</summary>
    [Theory]
    [InlineData("2024-12-30", false)]
    [InlineData("2024-12-31", false)]
    [InlineData("2025-01-01", true)]
    public void Health_record_is_overdue_from_the_day_after_its_window(string today, bool overdue)
    {
        var woman = Woman with { ArrivalDate = D("2024-06-01") };
        var item = Assert.Single(DueOn(woman, today).Of(CareKind.HealthRecord));
        Assert.Equal((D("2024-12-31"), overdue), (item.WindowEnd, item.Overdue));
    }

    /// <summary>
    /// A schedule contact: the 满月 visit (days 28–30 of life). Born 1 March its window ends 31 March; born 31 May, 30 June;
    /// born 1 December, 31 December. Missed, it stays listed (the latest missed contact) and is overdue from the next day.
    /// </summary>
    [Theory]
    [InlineData("2025-03-01", "2025-03-30", false)] // ends tomorrow
    [InlineData("2025-03-01", "2025-03-31", false)] // ends today (31 March)
    [InlineData("2025-03-01", "2025-04-01", true)]  // ended yesterday
    [InlineData("2025-05-31", "2025-06-30", false)]
    [InlineData("2025-05-31", "2025-07-01", true)]
    [InlineData("2025-12-01", "2025-12-31", false)]
    [InlineData("2025-12-01", "2026-01-01", true)]
    public void A_visit_is_overdue_from_the_day_after_its_window(string born, string today, bool overdue)
    {
        var child = new PersonFacts(Sex.Male, D(born), ArrivalDate: D(born));
        var visit = Assert.Single(DueOn(child, today, VisitsOnly).Of(CareKind.ChildVisit1Month));
        Assert.Equal((D(born).AddDays(30), overdue), (visit.WindowEnd, visit.Overdue));
    }

    /// <summary>
    /// An interval rule: the 妇科病普查 every 24 months, 90 days allowed (seed 001 三(二)4). Screened 2022-12-31 → due
    /// 2024-12-31, window ends 2025-03-31; screened 2023-04-01 → ends 2025-06-30; screened 2023-10-02 → ends 2025-12-31.
    /// </summary>
    [Theory]
    [InlineData("2022-12-31", "2025-03-30", "2025-03-31", false)]
    [InlineData("2022-12-31", "2025-03-31", "2025-03-31", false)]
    [InlineData("2022-12-31", "2025-04-01", "2025-03-31", true)]
    [InlineData("2023-04-01", "2025-06-30", "2025-06-30", false)]
    [InlineData("2023-04-01", "2025-07-01", "2025-06-30", true)]
    [InlineData("2023-10-02", "2025-12-30", "2025-12-31", false)]
    [InlineData("2023-10-02", "2025-12-31", "2025-12-31", false)]
    [InlineData("2023-10-02", "2026-01-01", "2025-12-31", true)]
    public void Screening_every_two_years_is_overdue_from_the_day_after_its_window(string screened, string today, string windowEnd, bool overdue)
    {
        var item = Assert.Single(DueOn(Woman, today, Seed001,
            new RecordedService(CareKind.GynaecologicalScreening, D(screened))).Of(CareKind.GynaecologicalScreening));
        Assert.Equal((D(windowEnd), overdue), (item.WindowEnd, item.Overdue));
    }

    private static readonly DueSettings Office = DueSettings.ForOffice(LocalRuleTables.Seed001, lookAheadDays: 31);

    /// <summary>
    /// HepB 2 (12 months to complete, 4 weeks after dose 1). Born 2025-01-01 with dose 1 at birth: window ends
    /// 2025-12-31. A child of two whose dose 1 was given late: dose 2 is past its age limit but cannot be given before 4
    /// weeks after dose 1, so its window ends that day and it is not overdue before then (the reported "items due next
    /// month are marked 逾期"). Once overdue the dose is missed and listed in the child's one catch-up plan, which is then
    /// overdue (issue 13 point 2; this test read the dose's own row before).
    /// </summary>
    [Theory]
    [InlineData("2025-01-01", "2025-01-01", "2025-12-30", false)]
    [InlineData("2025-01-01", "2025-01-01", "2025-12-31", false)]
    [InlineData("2025-01-01", "2025-01-01", "2026-01-01", true)]
    [InlineData("2023-05-10", "2025-06-03", "2025-06-30", false)] // catch-up dose 2 can be given from tomorrow
    [InlineData("2023-05-10", "2025-06-01", "2025-06-29", false)] // from today (window ends today)
    [InlineData("2023-05-10", "2025-05-31", "2025-06-29", true)]  // from yesterday
    [InlineData("2023-05-10", "2025-06-29", "2025-06-29", false)] // dose 1 given today: dose 2 due in 4 weeks
    public void Hepb_dose_2_is_overdue_only_after_its_window(string born, string dose1, string today, bool overdue)
    {
        var child = new PersonFacts(Sex.Female, D(born), ArrivalDate: D(born));
        var list = DueOn(child, today, Office, new RecordedService(CareKind.Immunisation, D(dose1), "HepB", 1));
        var item = list.ItemFor("HepB", 2);
        Assert.Equal(overdue, item.Overdue);
        Assert.Equal(overdue ? "catch-up" : "HepB-2", item.ItemKey);
        Assert.False(item.Overdue && item.WindowEnd >= D(today));
    }

    /// <summary>
    /// Before issue 13 the birth dose was an overdue row of its own; now it is the first dose of the child's one catch-up
    /// plan, which is overdue, and no dose planned after it is overdue.
    /// </summary>
    [Fact]
    public void A_child_with_no_card_has_the_birth_dose_overdue_and_none_of_the_doses_planned_after_it()
    {
        var child = new PersonFacts(Sex.Male, D("2023-05-10"), ArrivalDate: D("2023-05-10"));
        var list = DueOn(child, "2025-06-30", Office);
        var doses = list.Of(CareKind.Immunisation);
        var plan = list.ItemFor("HepB", 1);
        Assert.True(plan.Overdue);
        Assert.Equal("catch-up", plan.ItemKey);
        Assert.Equal(("HepB", 1, D("2025-06-30")), (plan.Plan![0].Vaccine, plan.Plan[0].Dose, plan.Plan[0].Planned));
        Assert.Single(doses, d => d.Overdue);
        Assert.All(doses.Where(d => d.Due > D("2025-06-30")), d => Assert.False(d.Overdue, d.ItemKey));
        Assert.All(doses, d => Assert.False(d.Overdue && d.WindowEnd >= D("2025-06-30"), d.ItemKey));
    }
}
