using EqualCare.Web.Domain.Immunisation;
using static EqualCare.UnitTests.Immunisation.ImmunisationTestSupport;
using static EqualCare.UnitTests.Schedules.ScheduleTestSupport;

namespace EqualCare.UnitTests.Immunisation;

/// <summary>
/// 国家免疫规划疫苗儿童免疫程序表（2021年版）, one row per dose, for a child vaccinated on time: each dose is listed on its
/// table day, neither overdue nor catch-up. A birth on 31 May checks month-end arithmetic (1 month → 30 June).
/// </summary>
public class Nip2021TableTests
{
    public static TheoryData<string, int, string, string> BornOn20210531 => new()
    {
        // vaccine                       dose  age in the table   due
        { VaccineCodes.HepB,              1, "出生时",           "2021-05-31" },
        { VaccineCodes.HepB,              2, "1月龄",            "2021-06-30" },
        { VaccineCodes.HepB,              3, "6月龄",            "2021-11-30" },
        { VaccineCodes.Bcg,               1, "出生时",           "2021-05-31" },
        { VaccineCodes.Ipv,               1, "2月龄",            "2021-07-31" },
        { VaccineCodes.Ipv,               2, "3月龄",            "2021-08-31" },
        { VaccineCodes.Bopv,              1, "4月龄",            "2021-09-30" },
        { VaccineCodes.Bopv,              2, "4周岁",            "2025-05-31" },
        { VaccineCodes.Dtap,              1, "3月龄",            "2021-08-31" },
        { VaccineCodes.Dtap,              2, "4月龄",            "2021-09-30" },
        { VaccineCodes.Dtap,              3, "5月龄",            "2021-10-31" },
        { VaccineCodes.Dtap,              4, "18月龄",           "2022-11-30" },
        { VaccineCodes.Dt,                1, "6周岁",            "2027-05-31" },
        { VaccineCodes.Mmr,               1, "8月龄",            "2022-01-31" },
        { VaccineCodes.Mmr,               2, "18月龄",           "2022-11-30" },
        { VaccineCodes.JeLive,            1, "8月龄",            "2022-01-31" },
        { VaccineCodes.JeLive,            2, "2周岁",            "2023-05-31" },
        { VaccineCodes.JeInactivated,     1, "8月龄",            "2022-01-31" },
        { VaccineCodes.JeInactivated,     2, "8月龄 +7天",       "2022-02-07" },
        { VaccineCodes.JeInactivated,     3, "2周岁",            "2023-05-31" },
        { VaccineCodes.JeInactivated,     4, "6周岁",            "2027-05-31" },
        { VaccineCodes.MenA,              1, "6月龄",            "2021-11-30" },
        { VaccineCodes.MenA,              2, "9月龄",            "2022-02-28" },
        { VaccineCodes.MenAC,             1, "3周岁",            "2024-05-31" },
        { VaccineCodes.MenAC,             2, "6周岁",            "2027-05-31" },
        { VaccineCodes.HepALive,          1, "18月龄",           "2022-11-30" },
        { VaccineCodes.HepAInactivated,   1, "18月龄",           "2022-11-30" },
        { VaccineCodes.HepAInactivated,   2, "24月龄",           "2023-05-31" },
    };

    public static TheoryData<string, int, string, string> BornOn20250310 => new()
    {
        { VaccineCodes.HepB,              1, "出生时",           "2025-03-10" },
        { VaccineCodes.HepB,              2, "1月龄",            "2025-04-10" },
        { VaccineCodes.HepB,              3, "6月龄",            "2025-09-10" },
        { VaccineCodes.Bcg,               1, "出生时",           "2025-03-10" },
        { VaccineCodes.Ipv,               1, "2月龄",            "2025-05-10" },
        { VaccineCodes.Ipv,               2, "3月龄",            "2025-06-10" },
        { VaccineCodes.Bopv,              1, "4月龄",            "2025-07-10" },
        { VaccineCodes.Bopv,              2, "4周岁",            "2029-03-10" },
        { VaccineCodes.Dtap,              1, "3月龄",            "2025-06-10" },
        { VaccineCodes.Dtap,              2, "4月龄",            "2025-07-10" },
        { VaccineCodes.Dtap,              3, "5月龄",            "2025-08-10" },
        { VaccineCodes.Dtap,              4, "18月龄",           "2026-09-10" },
        { VaccineCodes.Dt,                1, "6周岁",            "2031-03-10" },
        { VaccineCodes.Mmr,               1, "8月龄",            "2025-11-10" },
        { VaccineCodes.Mmr,               2, "18月龄",           "2026-09-10" },
        { VaccineCodes.JeLive,            1, "8月龄",            "2025-11-10" },
        { VaccineCodes.JeLive,            2, "2周岁",            "2027-03-10" },
        { VaccineCodes.JeInactivated,     1, "8月龄",            "2025-11-10" },
        { VaccineCodes.JeInactivated,     2, "8月龄 +7天",       "2025-11-17" },
        { VaccineCodes.JeInactivated,     3, "2周岁",            "2027-03-10" },
        { VaccineCodes.JeInactivated,     4, "6周岁",            "2031-03-10" },
        { VaccineCodes.MenA,              1, "6月龄",            "2025-09-10" },
        { VaccineCodes.MenA,              2, "9月龄",            "2025-12-10" },
        { VaccineCodes.MenAC,             1, "3周岁",            "2028-03-10" },
        { VaccineCodes.MenAC,             2, "6周岁",            "2031-03-10" },
        { VaccineCodes.HepALive,          1, "18月龄",           "2026-09-10" },
        { VaccineCodes.HepAInactivated,   1, "18月龄",           "2026-09-10" },
        { VaccineCodes.HepAInactivated,   2, "24月龄",           "2027-03-10" },
    };

    [Theory, MemberData(nameof(BornOn20210531))]
    public void Born_on_31_May_2021_each_dose_is_due_on_the_day_of_the_table(string vaccine, int dose, string age, string due)
    {
        _ = age;
        AssertDueOnTime(D("2021-05-31"), vaccine, dose, D(due));
    }

    [Theory, MemberData(nameof(BornOn20250310))]
    public void Born_on_10_March_2025_each_dose_is_due_on_the_day_of_the_table(string vaccine, int dose, string age, string due)
    {
        _ = age;
        AssertDueOnTime(D("2025-03-10"), vaccine, dose, D(due));
    }

    [Fact]
    public void The_rows_above_are_every_dose_of_the_2021_table() =>
        Assert.Equal(
            BornOn20210531.Select(row => ((string)row[0], (int)row[1])),
            NipSchedules.Nip2021.Doses.Select(d => (d.Vaccine, d.Dose)));

    [Fact]
    public void Names_say_the_vaccine_and_the_dose_in_Chinese() =>
        Assert.Equal("乙肝疫苗 第2剂", NipSchedules.Nip2021.Doses.Single(d => d is { Vaccine: VaccineCodes.HepB, Dose: 2 }).Name);

    [Fact]
    public void A_dose_is_listed_only_from_its_day_unless_looking_ahead()
    {
        var birth = D("2025-03-10");
        var given = OnScheduleBefore(birth, D("2025-04-10"), NipSchedules.Nip2021, ImmunisationOptions.Default);

        Assert.Empty(ImmunisationDue.For(birth, given, D("2025-04-09"), NipSchedules.Nip2021));
        Assert.Equal([(VaccineCodes.HepB, 2, D("2025-04-10"))], ImmunisationDue.For(birth, given, D("2025-04-09"), NipSchedules.Nip2021, lookAheadDays: 1).Rows());
    }

    [Fact]
    public void Overdue_from_the_age_before_which_the_说明_asks_the_dose_to_be_done()
    {
        // 说明 一(二)2: HepB 1 within 24 hours; BCG before 3 months; HepB 2 (with dose 3) before 12 months.
        var birth = D("2025-03-10");
        Assert.False(ImmunisationDue.For(birth, [], birth, NipSchedules.Nip2021).Single(VaccineCodes.HepB, 1).Overdue);
        Assert.True(ImmunisationDue.For(birth, [], D("2025-03-11"), NipSchedules.Nip2021).Single(VaccineCodes.HepB, 1).Overdue);
        Assert.False(ImmunisationDue.For(birth, [], D("2025-06-09"), NipSchedules.Nip2021).Single(VaccineCodes.Bcg, 1).Overdue);
        Assert.True(ImmunisationDue.For(birth, [], D("2025-06-10"), NipSchedules.Nip2021).Single(VaccineCodes.Bcg, 1).Overdue);
        GivenDose[] first = [new(VaccineCodes.HepB, 1, birth)];
        Assert.False(ImmunisationDue.For(birth, first, D("2026-03-09"), NipSchedules.Nip2021).Single(VaccineCodes.HepB, 2).Overdue);
        Assert.True(ImmunisationDue.For(birth, first, D("2026-03-10"), NipSchedules.Nip2021).Single(VaccineCodes.HepB, 2).Overdue);
    }

    private static void AssertDueOnTime(DateOnly birth, string vaccine, int dose, DateOnly due)
    {
        var options = OptionsFor(vaccine);
        var given = OnScheduleBefore(birth, due, NipSchedules.Nip2021, options);

        var item = ImmunisationDue.For(birth, given, due, NipSchedules.Nip2021, options: options).Single(vaccine, dose);

        Assert.Equal((due, due, false, false), (item.Due, item.Earliest, item.Overdue, item.CatchUp));
    }
}
