using EqualCare.Web.Domain;
using EqualCare.Web.Domain.Immunisation;
using EqualCare.Web.Domain.Schedules;
using static EqualCare.UnitTests.Immunisation.ImmunisationTestSupport;
using static EqualCare.UnitTests.Schedules.ScheduleTestSupport;
using static EqualCare.Web.Domain.Immunisation.VaccineCodes;

namespace EqualCare.UnitTests.Immunisation;

/// <summary>
/// 百白破/白破 across the 2025 change (百白破疫苗和白破疫苗免疫程序调整通知, in force 2025-01-01): each dose is scheduled
/// by the edition in force on the day it falls due. Doses due before 2025 keep the 2021 ages (百白破 3, 4, 5, 18 months,
/// 白破 6 years); doses due from 2025 follow the 2025 ages (百白破 2, 4, 6, 18 months and 6 years), never before
/// 2025-01-01, and still at the least intervals after the doses before them. The day the list is computed changes nothing.
/// </summary>
public class DtapEditionByDueDayTests
{
    public static TheoryData<string, string, int, string, string, string> Timetables => new()
    {
        // born          vaccine dose  age in the table   due            edition
        { "2018-12-20",  Dtap,   1,    "3月龄",            "2019-03-20",  "2021" },
        { "2018-12-20",  Dtap,   2,    "4月龄",            "2019-04-20",  "2021" },
        { "2018-12-20",  Dtap,   3,    "5月龄",            "2019-05-20",  "2021" },
        { "2018-12-20",  Dtap,   4,    "18月龄",           "2020-06-20",  "2021" },
        { "2018-12-20",  Dt,     1,    "6周岁",            "2024-12-20",  "2021" }, // fell due in 2024: 白破

        { "2019-05-20",  Dtap,   1,    "3月龄",            "2019-08-20",  "2021" },
        { "2019-05-20",  Dtap,   2,    "4月龄",            "2019-09-20",  "2021" },
        { "2019-05-20",  Dtap,   3,    "5月龄",            "2019-10-20",  "2021" },
        { "2019-05-20",  Dtap,   4,    "18月龄",           "2020-11-20",  "2021" },
        { "2019-05-20",  Dtap,   5,    "6周岁",            "2025-05-20",  "2025" }, // falls due in 2025: 百白破, not 白破

        { "2024-03-15",  Dtap,   1,    "3月龄",            "2024-06-15",  "2021" },
        { "2024-03-15",  Dtap,   2,    "4月龄",            "2024-07-15",  "2021" },
        { "2024-03-15",  Dtap,   3,    "5月龄",            "2024-08-15",  "2021" },
        { "2024-03-15",  Dtap,   4,    "18月龄",           "2025-09-15",  "2025" },
        { "2024-03-15",  Dtap,   5,    "6周岁",            "2030-03-15",  "2025" },

        { "2024-09-10",  Dtap,   1,    "3月龄",            "2024-12-10",  "2021" },
        { "2024-09-10",  Dtap,   2,    "4月龄",            "2025-01-10",  "2025" }, // the series straddles the change
        { "2024-09-10",  Dtap,   3,    "6月龄",            "2025-03-10",  "2025" },
        { "2024-09-10",  Dtap,   4,    "18月龄",           "2026-03-10",  "2025" },
        { "2024-09-10",  Dtap,   5,    "6周岁",            "2030-09-10",  "2025" },

        { "2024-10-31",  Dtap,   1,    "2月龄 (新程序起)",  "2025-01-01",  "2025" }, // 3 months would be 2025-01-31; 2 months is 2024-12-31
        { "2024-10-31",  Dtap,   2,    "4月龄",            "2025-02-28",  "2025" },
        { "2024-10-31",  Dtap,   3,    "6月龄",            "2025-04-30",  "2025" },
        { "2024-10-31",  Dtap,   4,    "18月龄",           "2026-04-30",  "2025" },
        { "2024-10-31",  Dtap,   5,    "6周岁",            "2030-10-31",  "2025" },

        { "2025-03-10",  Dtap,   1,    "2月龄",            "2025-05-10",  "2025" },
        { "2025-03-10",  Dtap,   2,    "4月龄",            "2025-07-10",  "2025" },
        { "2025-03-10",  Dtap,   3,    "6月龄",            "2025-09-10",  "2025" },
        { "2025-03-10",  Dtap,   4,    "18月龄",           "2026-09-10",  "2025" },
        { "2025-03-10",  Dtap,   5,    "6周岁",            "2031-03-10",  "2025" },
    };

    /// <summary>
    /// A child vaccinated on time: the doses before this one given on their days of the table above. The dose is listed on
    /// its day, and on every later day it is still listed, with the same due day and edition: the day of the list is a
    /// day of 2024, New Year's Day 2025, or a day of 2026.
    /// </summary>
    [Theory, MemberData(nameof(Timetables))]
    public void Each_DTaP_and_DT_dose_is_due_on_the_day_of_the_edition_in_force_when_it_falls_due(
        string born, string vaccine, int dose, string age, string due, string edition)
    {
        _ = age;
        var birth = D(born);
        var given = Timetables.Select(row => ((string)row[0], (string)row[1], (int)row[2], (string)row[4]))
            .Where(row => row.Item1 == born && D(row.Item4) < D(due))
            .Select(row => new GivenDose(row.Item2, row.Item3, D(row.Item4))).ToArray();

        // Listed from its day until the child is past the age it is given at (the DTaP age ends at 6 years in 2021, 7 in 2025).
        var lastDay = birth.AddYears(vaccine == Dt || edition == "2025" ? 7 : 6).AddDays(-1);
        foreach (var day in new[] { D(due), D("2024-12-31"), D("2025-01-01"), D("2026-06-01") }.Where(d => d >= D(due) && d <= lastDay))
        {
            var item = ImmunisationDue.For(birth, given, day, NipSchedules.All).Single(vaccine, dose);

            Assert.Equal((D(due), EditionOf(edition)), (item.Due, item.Edition));
            Assert.Equal(day > D(due), item.CatchUp); // on its day it is the routine dose, not a catch-up
        }
    }

    [Fact]
    public void A_child_born_in_2019_is_never_given_DT_at_6_the_6_year_dose_is_DTaP()
    {
        var born = D("2019-05-20");
        GivenDose[] four = [Given(Dtap, 1, "2019-08-20"), Given(Dtap, 2, "2019-09-20"), Given(Dtap, 3, "2019-10-20"), Given(Dtap, 4, "2020-11-20")];

        var list = ImmunisationDue.For(born, four, D("2025-06-01"), NipSchedules.All).Where(d => d.Vaccine is Dtap or Dt).ToList();

        Assert.Equal([(Dtap, 5, D("2025-05-20"))], list.Rows());
    }

    public static TheoryData<string, string, string[], string, int, string, string> SeenLater => new()
    {
        // born          the list of   DTaP given on time        next dose   due           edition
        // 百白破 1–3 of a child born in 2024 stay at 3, 4, 5 months when the list is computed in 2026.
        { "2024-03-15",  "2026-01-10", [],                                                    Dtap, 1, "2024-06-15", "2021" },
        { "2024-03-15",  "2026-01-10", ["2024-06-15", "2024-07-15"],                          Dtap, 3, "2024-08-15", "2021" },
        { "2019-05-20",  "2025-03-01", [],                                                    Dtap, 1, "2019-08-20", "2021" },
        // The 6-year 白破 of a child born in 2018 fell due in 2024: still 白破 when caught up in 2025.
        { "2018-12-20",  "2025-03-01", ["2019-03-20", "2019-04-20", "2019-05-20", "2020-06-20"], Dt, 1, "2024-12-20", "2021" },
    };

    [Theory, MemberData(nameof(SeenLater))]
    public void A_dose_due_before_2025_keeps_its_2021_day_when_the_list_is_computed_later(
        string born, string today, string[] dtap, string vaccine, int dose, string due, string edition)
    {
        var given = dtap.Select((date, i) => Given(Dtap, i + 1, date)).ToArray();

        var item = ImmunisationDue.For(D(born), given, D(today), NipSchedules.All).Single(vaccine, dose);

        Assert.Equal((D(due), EditionOf(edition)), (item.Due, item.Edition));
    }

    [Fact]
    public void Across_the_change_a_dose_given_late_still_pushes_the_next_by_the_least_interval()
    {
        // Born 2024-08-15: 百白破 2 fell due on 2024-12-15 (2021) and was given late, on 2025-01-30. 百白破 3 falls due in 2025
        // (5 months is 2025-01-15), so it follows 2025: 6 months is 2025-02-15, but 28 days after dose 2 is later.
        GivenDose[] given = [Given(Dtap, 1, "2024-11-15"), Given(Dtap, 2, "2025-01-30")];

        var dose3 = ImmunisationDue.For(D("2024-08-15"), given, D("2025-02-01"), NipSchedules.All, lookAheadDays: 60).Single(Dtap, 3);

        Assert.Equal((D("2025-02-27"), D("2025-02-27"), NipSchedules.Nip2025), (dose3.Due, dose3.Earliest, dose3.Edition));
    }

    [Fact]
    public void On_the_to_do_list_the_dose_names_the_edition_it_was_due_under()
    {
        var child = new PersonFacts(Sex.Male, D("2024-03-15"), ArrivalDate: D("2024-03-15"));
        var office = DueSettings.ForOffice(LocalRuleTables.Seed001, lookAheadDays: 0);

        var list = DueOn(child, "2026-01-10", office,
            new RecordedService(CareKind.Immunisation, D("2024-06-15"), Dtap, 1),
            new RecordedService(CareKind.Immunisation, D("2024-07-15"), Dtap, 2));

        // Missed (due 2024-08-15): the dose is in the child's overdue catch-up plan (issue 13 point 2; before, a row of its
        // own), planned for today and naming the edition it was due under.
        var plan = list.ItemFor(Dtap, 3);
        Assert.Equal(("catch-up", true), (plan.ItemKey, plan.Overdue));
        var dose3 = Assert.Single(plan.Plan!, p => p.Vaccine == Dtap && p.Dose == 3);
        Assert.Equal((D("2024-08-15"), D("2026-01-10"), NipSchedules.Nip2021.Name), (dose3.Due, dose3.Planned, dose3.Source));
    }

    private static ImmunisationSchedule EditionOf(string year) => year == "2021" ? NipSchedules.Nip2021 : NipSchedules.Nip2025;
}
