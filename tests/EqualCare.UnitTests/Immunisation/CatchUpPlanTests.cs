using EqualCare.Web.Domain;
using EqualCare.Web.Domain.Immunisation;
using EqualCare.Web.Domain.Schedules;
using static EqualCare.UnitTests.Schedules.ScheduleTestSupport;

namespace EqualCare.UnitTests.Immunisation;

/// <summary>
/// Issue 13 point 2: a child who has missed doses gets one "补种" item listing each dose and the day planned for it under
/// the 2021 说明's catch-up rules (least intervals, 28 days between injected live vaccines, maximum ages), not one overdue
/// row per dose; the doses she has not missed stay items of their own.
/// </summary>
public class CatchUpPlanTests
{
    private static readonly DueSettings Office = DueSettings.ForOffice(LocalRuleTables.Seed001, lookAheadDays: 31);

    private static DueList ListOf(string born, string arrived, string today, params RecordedService[] given) =>
        DueOn(new PersonFacts(Sex.Female, D(born), D(arrived)), today, Office, given);

    private static RecordedService Dose(string vaccine, int dose, string date) => new(CareKind.Immunisation, D(date), vaccine, dose);

    /// <summary>
    /// HepB 1 missed at birth (due within 24 hours): the plan gives it today and dose 2 four weeks later (least interval),
    /// where its table day was today; dose 3 keeps its table day (6 months), so it is not part of the catch-up. BCG, not
    /// missed (to be given before 3 months), and IPV 1, due within the look-ahead, stay items of their own.
    /// </summary>
    [Fact]
    public void A_missed_birth_dose_makes_one_plan_with_the_series_behind_it_and_the_other_doses_stay_apart()
    {
        var list = ListOf("2025-03-10", "2025-03-10", "2025-04-10");
        var doses = list.Of(CareKind.Immunisation);
        var plan = Assert.Single(doses, d => d.ItemKey == "catch-up");
        Assert.Equal([("HepB", 1, D("2025-04-10")), ("HepB", 2, D("2025-05-08"))], plan.Plan!.Select(p => (p.Vaccine, p.Dose, p.Planned)));
        Assert.Equal("补种：乙肝疫苗 第1剂 4月10日、乙肝疫苗 第2剂 5月8日", plan.Name);
        Assert.Equal((D("2025-03-10"), D("2025-03-10"), true), (plan.Due, plan.WindowEnd, plan.Overdue));
        Assert.False(Assert.Single(doses, d => d.ItemKey == "BCG-1").Overdue);
        Assert.False(Assert.Single(doses, d => d.ItemKey == "IPV-1").Overdue);
        Assert.DoesNotContain(doses, d => d.ItemKey is "HepB-1" or "HepB-2" or "HepB-3");
        Assert.Single(doses, d => d.Overdue);
    }

    /// <summary>A child whose doses are all on time has no plan; each dose due is its own item.</summary>
    [Fact]
    public void A_child_on_time_has_no_plan()
    {
        var list = ListOf("2025-03-10", "2025-03-10", "2025-04-10", Dose("HepB", 1, "2025-03-10"), Dose("BCG", 1, "2025-03-10"));
        Assert.Null(list.CatchUp());
        Assert.Single(list.Of(CareKind.Immunisation), d => d.ItemKey == "HepB-2");
    }

    /// <summary>
    /// Doses that fell due before the child came: in the plan from the arrival, not overdue until the allowance (30 days)
    /// has passed, as history too; the plan is planned from today, never before the arrival.
    /// </summary>
    [Theory]
    [InlineData("2025-12-30", false)]
    [InlineData("2025-12-31", false)] // arrival + 30 days, 31 December
    [InlineData("2026-01-01", true)]
    public void Doses_brought_undone_are_planned_from_the_arrival_and_overdue_after_the_allowance(string today, bool overdue)
    {
        var list = ListOf("2024-01-10", "2025-12-01", today);
        var plan = Assert.Single(list.Of(CareKind.Immunisation), d => d.ItemKey == "catch-up");
        Assert.Equal((D("2025-12-01"), D("2025-12-01"), D("2025-12-31"), overdue), (plan.Due, plan.WindowStart, plan.WindowEnd, plan.Overdue));
        Assert.All(plan.Plan!, p => Assert.True(p.Planned >= D(today), p.Name));
        Assert.Contains(list.BeforeArrival, h => h.ItemKey == "HepB-1" && h.Due == D("2024-01-10"));
        Assert.All(list.Due, d => Assert.True(d.Due >= D("2025-12-01"), d.Name));
    }

    /// <summary>Quarter ends: brought undone on 1 March, the plan is overdue from 1 April; on 1 June, from 1 July.</summary>
    [Theory]
    [InlineData("2025-03-01", "2025-03-31", false)]
    [InlineData("2025-03-01", "2025-04-01", true)]
    [InlineData("2025-05-31", "2025-06-30", false)]
    [InlineData("2025-05-31", "2025-07-01", true)]
    [InlineData("2025-08-31", "2025-09-30", false)]
    [InlineData("2025-08-31", "2025-10-01", true)]
    public void A_plan_brought_undone_is_overdue_from_the_day_after_the_allowance(string arrived, string today, bool overdue) =>
        Assert.Equal(overdue, ListOf("2022-06-15", arrived, today).CatchUp()!.Overdue);

    /// <summary>
    /// A dose missed here (HepB 2, to be complete before 12 months): the plan is overdue from the day after the dose's own
    /// window, at the quarter's end and at the year's end; the day before it is still the dose's own item.
    /// </summary>
    [Theory]
    [InlineData("2024-04-01", "2025-03-30", false)]
    [InlineData("2024-04-01", "2025-03-31", false)]
    [InlineData("2024-04-01", "2025-04-01", true)]
    [InlineData("2024-07-01", "2025-06-30", false)]
    [InlineData("2024-07-01", "2025-07-01", true)]
    [InlineData("2025-01-01", "2025-12-31", false)]
    [InlineData("2025-01-01", "2026-01-01", true)]
    public void A_plan_of_a_dose_missed_here_is_overdue_from_the_day_after_its_window(string born, string today, bool overdue)
    {
        // Every dose up to today on time but HepB 2 and 3.
        var given = OnTimeExcept(born, today, "HepB");
        var list = ListOf(born, born, today, [Dose("HepB", 1, born), .. given]);
        var item = list.ItemFor("HepB", 2);
        Assert.Equal((overdue ? "catch-up" : "HepB-2", overdue), (item.ItemKey, item.Overdue));
    }

    /// <summary>
    /// The plan keeps the 说明's rules for every child, of every age, with no card or half a card: planned from today; each
    /// dose at least its least interval after the previous one of its vaccine; two injected live vaccines on the same day
    /// or 28 days apart; nothing planned past the age it is given to; no dose both in the plan and on its own; one plan.
    /// </summary>
    [Theory]
    [InlineData("2025-09-01", "2025-09-01", "2026-12-03", false)]
    [InlineData("2024-06-15", "2026-10-01", "2026-12-03", false)]
    [InlineData("2023-02-28", "2023-02-28", "2026-12-03", true)]
    [InlineData("2021-12-31", "2025-01-01", "2026-12-03", false)]
    [InlineData("2019-05-20", "2026-11-20", "2026-12-03", true)]
    [InlineData("2016-01-01", "2020-01-01", "2026-12-03", false)]
    [InlineData("2010-03-01", "2021-05-01", "2026-12-03", false)]
    public void Every_plan_keeps_the_intervals_the_live_vaccine_gap_and_the_maximum_ages(string born, string arrived, string today, bool halfCard)
    {
        RecordedService[] given = halfCard ? OnTimeExcept(born, D(born).AddMonths(10), "none") : [];
        var list = ListOf(born, arrived, today, given);
        var plan = Assert.Single(list.Due, d => d.ItemKey == "catch-up");
        var doses = plan.Plan!;
        Assert.NotEmpty(doses);
        Assert.All(doses, p => Assert.True(p.Planned >= D(today), p.Name));
        Assert.Equal(doses.OrderBy(p => p.Planned).Select(p => p.Planned), doses.Select(p => p.Planned));

        var table = NipSchedules.Nip2021.Doses.Concat(NipSchedules.Nip2025.Doses).ToList();
        foreach (var byVaccine in doses.GroupBy(p => p.Vaccine))
        {
            var days = given.Where(g => g.Vaccine == byVaccine.Key).Select(g => g.Date).Concat(byVaccine.Select(p => p.Planned)).Order().ToList();
            foreach (var p in byVaccine)
            {
                var row = table.FirstOrDefault(r => r.Vaccine == p.Vaccine && r.Dose == p.Dose);
                if (row is null || p.Dose == 1) continue;
                var previous = days.Where(d => d < p.Planned).DefaultIfEmpty(DateOnly.MinValue).Max();
                Assert.True(previous == DateOnly.MinValue || p.Planned >= row.MinimumInterval.From(previous), $"{p.Name} {p.Planned} after {previous}");
                Assert.True(p.Planned < row.NotGivenFrom.From(D(born)), p.Name);
            }
        }
        var live = doses.Where(p => table.Any(r => r.Vaccine == p.Vaccine && r.LiveInjectable)).Select(p => p.Planned).Distinct().Order().ToList();
        for (var i = 1; i < live.Count; i++) Assert.True(live[i].DayNumber - live[i - 1].DayNumber >= 28, $"{live[i - 1]} {live[i]}");
        Assert.DoesNotContain(list.Due, d => d.ItemKey != "catch-up" && doses.Any(p => d.ItemKey == $"{p.Vaccine}-{p.Dose}"));
        Assert.All(list.Due, d => Assert.True(d.Due >= D(arrived), d.Name));
    }

    /// <summary>
    /// Injected live vaccines are given the same day or 28 days apart (说明 二(二)3). Born 2024-06-01, on time to 9 months
    /// but for MMR and JE: at 2 years MMR 1, JE-L 1 and HepA-L (18 months) are given together today, MMR 2 four weeks
    /// later (its least interval), JE-L 2 twelve months after JE-L 1.
    /// </summary>
    [Fact]
    public void Injected_live_vaccines_are_planned_the_same_day_or_28_days_apart()
    {
        var given = OnTimeExcept("2024-06-01", "2025-03-01", "MMR").Where(g => g.Vaccine != "JE-L").ToArray();
        var plan = ListOf("2024-06-01", "2024-06-01", "2026-06-01", given).CatchUp()!;
        var live = plan.Plan!.Where(p => p.Vaccine is "MMR" or "JE-L" or "HepA-L").ToDictionary(p => (p.Vaccine, p.Dose), p => p.Planned);
        Assert.Equal(D("2026-06-01"), live[("MMR", 1)]);
        Assert.Equal(D("2026-06-01"), live[("JE-L", 1)]);
        Assert.Equal(D("2026-06-01"), live[("HepA-L", 1)]);
        Assert.Equal(D("2026-06-29"), live[("MMR", 2)]);
        Assert.Equal(D("2027-06-01"), live[("JE-L", 2)]);
    }

    /// <summary>Past 4 years BCG is neither given nor caught up (说明 三(二)3): the plan leaves it out and says so.</summary>
    [Fact]
    public void A_dose_past_its_maximum_age_is_left_out_with_a_note()
    {
        var plan = ListOf("2020-01-01", "2020-01-01", "2026-12-03").CatchUp()!;
        Assert.DoesNotContain(plan.Plan!, p => p.Vaccine == "BCG");
        Assert.Contains("；已过补种年龄不再补种：卡介苗 第1剂", plan.Name, StringComparison.Ordinal);
    }

    /// <summary>The plan is the same item from day to day while its doses are not given, so a worker's decision on it holds.</summary>
    [Fact]
    public void The_plan_keeps_its_key_and_window_start_from_day_to_day()
    {
        var first = ListOf("2024-01-10", "2025-12-01", "2025-12-10").CatchUp()!;
        var later = ListOf("2024-01-10", "2025-12-01", "2026-02-10").CatchUp()!;
        Assert.Equal((first.ItemKey, first.WindowStart), (later.ItemKey, later.WindowStart));
        var decided = ListOf("2024-01-10", "2025-12-01", "2026-02-10")
            .Apply([new WorkerDecision(CareKind.Immunisation, "catch-up", first.WindowStart, ExemptionReason.Unreachable)]);
        Assert.Null(decided.CatchUp());
        Assert.Contains(decided.Exempt, e => e.ItemKey == "catch-up");
    }

    /// <summary>Every dose of the 2021 table on its table day before <paramref name="before"/>, except those of <paramref name="vaccine"/>.</summary>
    private static RecordedService[] OnTimeExcept(string born, string before, string vaccine) => OnTimeExcept(born, D(before), vaccine);

    private static RecordedService[] OnTimeExcept(string born, DateOnly before, string vaccine) =>
    [
        .. NipSchedules.Nip2021.Doses
            .Where(d => d.Choice is null || d.Vaccine is VaccineCodes.JeLive or VaccineCodes.HepALive)
            .Where(d => d.Vaccine != vaccine && d.RecommendedAge.From(D(born)) < before)
            .Select(d => new RecordedService(CareKind.Immunisation, d.RecommendedAge.From(D(born)), d.Vaccine, d.Dose)),
    ];
}
