using EqualCare.Web.Domain.Immunisation;
using static EqualCare.UnitTests.Immunisation.ImmunisationTestSupport;
using static EqualCare.UnitTests.Schedules.ScheduleTestSupport;

namespace EqualCare.UnitTests.Immunisation;

/// <summary>The 2025 百白破 change (in force 2025-01-01) against the 2021 table, and which edition a check uses.</summary>
public class EditionTests
{
    public static TheoryData<int, string, string> Dtap2025 => new()
    {
        // dose  age in the notice  due for a child born 2025-03-10
        { 1, "2月龄",  "2025-05-10" },
        { 2, "4月龄",  "2025-07-10" },
        { 3, "6月龄",  "2025-09-10" },
        { 4, "18月龄", "2026-09-10" },
        { 5, "6周岁",  "2031-03-10" },
    };

    [Theory, MemberData(nameof(Dtap2025))]
    public void From_2025_DTaP_has_five_doses_at_2_4_6_18_months_and_6_years(int dose, string age, string due)
    {
        _ = age;
        var birth = D("2025-03-10");
        var given = OnScheduleBefore(birth, D(due), NipSchedules.Nip2025, ImmunisationOptions.Default);

        var item = ImmunisationDue.For(birth, given, D(due), NipSchedules.Nip2025).Single(VaccineCodes.Dtap, dose);

        Assert.Equal((D(due), false, false), (item.Due, item.Overdue, item.CatchUp));
    }

    [Fact]
    public void The_2025_edition_differs_from_2021_only_in_the_DTaP_and_DT_rows()
    {
        static bool Dtp(VaccineDose d) => d.Vaccine is VaccineCodes.Dtap or VaccineCodes.Dt;

        Assert.Equal(NipSchedules.Nip2021.Doses.Where(d => !Dtp(d)), NipSchedules.Nip2025.Doses.Where(d => !Dtp(d)));
        Assert.Equal(
            [(VaccineCodes.Dtap, 1), (VaccineCodes.Dtap, 2), (VaccineCodes.Dtap, 3), (VaccineCodes.Dtap, 4), (VaccineCodes.Dtap, 5)],
            NipSchedules.Nip2025.Doses.Where(Dtp).Select(d => (d.Vaccine, d.Dose)));
        Assert.Contains(NipSchedules.Nip2021.Doses, d => d.Vaccine == VaccineCodes.Dt);
    }

    [Fact]
    public void The_DTaP_rows_stay_where_they_were_in_the_table() =>
        Assert.Equal(
            NipSchedules.Nip2021.Doses.Select(d => d.Series).Distinct(),
            NipSchedules.Nip2025.Doses.Select(d => d.Series).Distinct());

    [Theory]
    [InlineData("2021-03-11", null)]
    [InlineData("2021-03-12", "2021")]
    [InlineData("2024-12-31", "2021")]
    [InlineData("2025-01-01", "2025")]
    public void The_edition_in_force_is_the_latest_started_on_or_before_the_day(string day, string? edition) =>
        Assert.Equal(
            edition switch { "2021" => NipSchedules.Nip2021, "2025" => NipSchedules.Nip2025, _ => null },
            ImmunisationSchedule.InForce(NipSchedules.All, D(day)));

    [Fact]
    public void A_check_on_31_December_2024_uses_2021_and_on_1_January_2025_uses_2025()
    {
        // Born 2024-10-31: 2 months old on 2024-12-31, when 2021 has DTaP 1 at 3 months and 2025 at 2 months. Under 2021 it
        // would fall due on 2025-01-31, so 2025 sets it: due on the day that edition came into force, not on 2024-12-31
        // (no edition had it due then), and as the routine dose, not a catch-up.
        GivenDose[] given = [Given(VaccineCodes.HepB, 1, "2024-10-31"), Given(VaccineCodes.Bcg, 1, "2024-10-31"), Given(VaccineCodes.HepB, 2, "2024-11-30")];

        Assert.DoesNotContain(DueOn("2024-10-31", "2024-12-31", given: given), d => d.Vaccine == VaccineCodes.Dtap);
        var dtap = DueOn("2024-10-31", "2025-01-01", given: given).Single(VaccineCodes.Dtap, 1);
        Assert.Equal((D("2025-01-01"), false, false), (dtap.Due, dtap.CatchUp, dtap.Overdue));
        Assert.Equal(NipSchedules.Nip2025, dtap.Edition);
    }
}
