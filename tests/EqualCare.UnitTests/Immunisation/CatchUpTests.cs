using EqualCare.Web.Domain.Immunisation;
using static EqualCare.UnitTests.Immunisation.ImmunisationTestSupport;
using static EqualCare.UnitTests.Schedules.ScheduleTestSupport;
using static EqualCare.Web.Domain.Immunisation.VaccineCodes;

namespace EqualCare.UnitTests.Immunisation;

/// <summary>查漏补种 (说明 2021 二(一) and 三): missing doses only, in series order, at the least intervals, from today.</summary>
public class CatchUpTests
{
    private const string Born = "2025-03-10";
    private static readonly GivenDose[] BirthDoses = [Given(HepB, 1, Born), Given(Bcg, 1, Born)];

    [Fact]
    public void Arriving_at_14_months_with_only_the_birth_doses_lists_the_next_dose_of_each_series_due_now()
    {
        var list = DueOn(Born, "2026-05-10", given: BirthDoses);

        Assert.Equal(
        [
            (HepB, 2, D("2025-04-10")),
            (Ipv, 1, D("2025-05-10")),
            (Dtap, 1, D("2025-05-10")), // 2025 edition: 2 months
            (MenA, 1, D("2025-09-10")),
            (Mmr, 1, D("2025-11-10")),
            (JeLive, 1, D("2025-11-10")),
        ], list.Rows());
        Assert.All(list, d => Assert.True(d.CatchUp));
        // Overdue from the 说明's completion ages: 12 months for these, 18 months for MPSV-A.
        Assert.Equal([MenA], list.Where(d => !d.Overdue).Select(d => d.Vaccine));
    }

    public static TheoryData<string, int, string> PlanAt14Months => new()
    {
        // vaccine  dose  due: today (2026-05-10) for the first missing dose, then the least interval after it
        { HepB,  3, "2026-07-09" }, // 60 days after HepB 2 (and ≥4 months after HepB 1)
        { Ipv,   2, "2026-06-07" }, // 28 days
        { Bopv,  1, "2026-07-05" }, // 28 days after IPV 2
        { Dtap,  2, "2026-06-07" }, // 28 days
        { Dtap,  3, "2026-07-05" }, // 28 days
        { Dtap,  4, "2027-01-05" }, // 6 months after DTaP 3, later than 18 months
        { MenA,  2, "2026-08-10" }, // 3 months, before 24 months
        { Mmr,   2, "2026-09-10" }, // 18 months is later than 28 days after MMR 1
        { JeLive, 2, "2027-05-10" }, // 12 months after JE-L 1
        { HepALive, 1, "2026-09-10" }, // 18 months
    };

    [Theory, MemberData(nameof(PlanAt14Months))]
    public void Arriving_at_14_months_the_later_doses_follow_at_the_least_intervals(string vaccine, int dose, string due)
    {
        var item = DueOn(Born, "2026-05-10", lookAheadDays: 400, given: BirthDoses).Single(vaccine, dose);

        Assert.Equal((D(due), D(due)), (item.Due, item.Earliest));
    }

    [Fact]
    public void Missed_DTaP_2_and_3_are_completed_without_restarting_and_DTaP_4_keeps_its_table_day()
    {
        var list = DueOn(Born, "2025-10-10", lookAheadDays: 400, given: Given(Dtap, 1, "2025-05-10"));

        Assert.Equal(
            [(Dtap, 2, D("2025-07-10"), true), (Dtap, 3, D("2025-11-07"), true), (Dtap, 4, D("2026-09-10"), false)],
            list.Where(d => d.Vaccine == Dtap).Select(d => (d.Vaccine, d.Dose, d.Due, d.CatchUp)));
    }

    public static TheoryData<string, string, string[], string[]> DiphtheriaTetanus => new()
    {
        // born         today         DTaP given (dates)                                    DT due (in order)
        // Seen in 2025 at 7: every dose of the series fell due before 2025 (白破 at 6 years on 2024-03-10), so the 2021
        // edition sets them. Fewer than 3 doses → DT to 3, 1 month then 6 months apart. The first is due from the 6th
        // birthday, the 2021 DT age; the next count from today, when the first can be given at the earliest.
        { "2018-03-10", "2025-06-01", ["2018-06-10", "2018-07-10"],                          ["2024-03-10"] },
        { "2018-03-10", "2025-06-01", [],                                                  ["2024-03-10", "2025-07-01", "2026-01-01"] },
        // Only 3 DTaP → one DT ≥6 months after the 3rd (here already past: due at 6 years).
        { "2018-03-10", "2025-06-01", ["2018-06-10", "2018-07-10", "2018-08-10"],            ["2024-03-10"] },
        // 4 DTaP, none at 6 years → one DT ≥12 months after the 4th.
        { "2018-03-10", "2025-06-01", ["2018-06-10", "2018-07-10", "2018-08-10", "2024-09-01"], ["2025-09-01"] },
        // 2021 edition (before 2025), 6 years: 2 DTaP → DT, ≥6 months after the 2nd.
        { "2018-03-10", "2024-06-01", ["2018-06-10", "2018-07-10"],                          ["2024-03-10"] },
    };

    [Theory, MemberData(nameof(DiphtheriaTetanus))]
    public void Past_the_DTaP_age_missing_doses_are_caught_up_with_DT(string born, string today, string[] dtap, string[] dtDue)
    {
        var given = dtap.Select((date, i) => Given(Dtap, i + 1, date)).ToArray();

        var list = DueOn(born, today, lookAheadDays: 400, given: given).Where(d => d.Vaccine is Dtap or Dt).ToList();

        Assert.Equal(dtDue.Select((date, i) => (Dt, i + 1, D(date))), list.Rows());
        Assert.All(list, d => Assert.True(d.CatchUp));
    }

    [Fact]
    public void DTaP_and_DT_together_three_or_more_with_one_DT_need_nothing_more() =>
        Assert.DoesNotContain(
            DueOn("2018-03-10", "2025-06-01", lookAheadDays: 400,
                given: [Given(Dtap, 1, "2018-06-10"), Given(Dtap, 2, "2018-07-10"), Given(Dt, 1, "2025-01-10")]),
            d => d.Vaccine is Dtap or Dt);

    [Fact]
    public void At_two_years_without_MPSV_A_the_child_gets_MPSV_AC_now_and_no_MPSV_A()
    {
        var list = DueOn("2023-03-10", "2025-03-10", lookAheadDays: 365 * 5).Where(d => d.Vaccine is MenA or MenAC).ToList();

        // 说明 三(七)2 "≥24月龄…未接种过MPSV-A，可在3周岁前尽早接种MPSV-AC"; the 2nd keeps its 6-year day (≥3 years later).
        Assert.Equal([(MenAC, 1, D("2025-03-10")), (MenAC, 2, D("2029-03-10"))], list.Rows());
        Assert.True(list[0].CatchUp);
    }

    [Fact]
    public void At_two_years_with_one_MPSV_A_the_MPSV_AC_follows_3_months_after_it()
    {
        var list = DueOn("2023-03-10", "2025-04-01", lookAheadDays: 90, given: Given(MenA, 1, "2025-02-20"));

        Assert.Equal([(MenAC, 1, D("2025-05-20"))], list.Where(d => d.Vaccine is MenA or MenAC).Rows());
    }

    [Fact]
    public void Before_two_years_a_missing_MPSV_A_is_still_caught_up() =>
        Assert.Equal(
            [(MenA, 1, D("2024-09-10")), (MenA, 2, D("2025-01-01"))],
            DueOn("2024-03-10", "2024-10-01", lookAheadDays: 120).Where(d => d.Vaccine is MenA or MenAC).Rows());

    public static TheoryData<string, string?> BcgByAge => new()
    {
        // today       precondition (null: not listed at all when "-")
        { "2025-05-10", null },                            // under 3 months: directly
        { "2025-09-10", "PPD" },                           // 3 months – 3 years: after a negative PPD
        { "2029-03-09", "PPD" },                           // the day before 4 years
        { "2029-03-10", "-" },                             // from 4 years: not caught up
        { "2030-03-10", "-" },                             // 5 years
    };

    [Theory, MemberData(nameof(BcgByAge))]
    public void BCG_is_caught_up_directly_before_3_months_after_a_PPD_until_4_years_then_never(string today, string? precondition)
    {
        var bcg = DueOn(Born, today, given: Given(HepB, 1, Born)).Where(d => d.Vaccine == Bcg).ToList();

        if (precondition == "-") Assert.Empty(bcg);
        else if (precondition is null) Assert.Null(Assert.Single(bcg).Precondition);
        else Assert.Contains(precondition, Assert.Single(bcg).Precondition, StringComparison.Ordinal);
    }

    [Fact]
    public void JE_L_given_on_another_day_than_MMR_waits_28_days_after_it()
    {
        var mmr = Given(Mmr, 1, "2025-11-10");

        Assert.DoesNotContain(DueOn(Born, "2025-11-20", given: mmr), d => d.Vaccine == JeLive);
        var jeL = DueOn(Born, "2025-11-20", lookAheadDays: 30, given: mmr).Single(JeLive, 1);
        Assert.Equal((D("2025-12-08"), D("2025-12-08"), true), (jeL.Due, jeL.Earliest, jeL.CatchUp));
    }

    [Fact]
    public void JE_L_may_still_be_given_the_same_day_as_MMR() =>
        Assert.Equal(D("2025-11-10"), DueOn(Born, "2025-11-20", given: Given(Mmr, 1, "2025-11-20")).Single(JeLive, 1).Due);

    [Fact]
    public void Inactivated_products_when_the_office_uses_them_and_for_a_child_who_started_with_them()
    {
        var office = DueOn(Born, "2025-11-10", options: ImmunisationOptions.Inactivated);
        var started = DueOn(Born, "2026-09-10", given: [Given(JeInactivated, 1, "2025-11-10"), Given(JeInactivated, 2, "2025-11-17")]);

        Assert.Contains(office, d => d.Vaccine == JeInactivated);
        Assert.DoesNotContain(office, d => d.Vaccine == JeLive);
        Assert.DoesNotContain(started, d => d.Vaccine is JeLive or JeInactivated); // JE-I 3 at 2 years
        Assert.Contains(started, d => d.Vaccine == HepALive);
    }

    [Fact]
    public void Nothing_is_listed_from_18_years()
    {
        Assert.NotEmpty(DueOn("2007-06-01", "2025-05-31"));
        Assert.Empty(DueOn("2007-06-01", "2025-06-01"));
    }
}
