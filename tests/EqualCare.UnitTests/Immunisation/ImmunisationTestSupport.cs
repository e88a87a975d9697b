using EqualCare.Web.Domain.Immunisation;
using static EqualCare.UnitTests.Schedules.ScheduleTestSupport;

namespace EqualCare.UnitTests.Immunisation;

internal static class ImmunisationTestSupport
{
    /// <summary>The office's products that include <paramref name="vaccine"/>: inactivated JE and HepA where asked for.</summary>
    public static ImmunisationOptions OptionsFor(string vaccine) =>
        vaccine is VaccineCodes.JeInactivated or VaccineCodes.HepAInactivated ? ImmunisationOptions.Inactivated : ImmunisationOptions.Default;

    /// <summary>A child vaccinated on time: every dose of the products chosen, given on its table day before <paramref name="before"/>.</summary>
    public static GivenDose[] OnScheduleBefore(DateOnly birth, DateOnly before, ImmunisationSchedule schedule, ImmunisationOptions options) =>
    [
        .. schedule.Doses
            .Where(d => d.Choice is null || d.Vaccine == (d.Choice == VaccineChoices.JapaneseEncephalitis ? options.JapaneseEncephalitis : options.HepatitisA))
            .Where(d => d.RecommendedAge.From(birth) < before)
            .Select(d => new GivenDose(d.Vaccine, d.Dose, d.RecommendedAge.From(birth))),
    ];

    public static GivenDose Given(string vaccine, int dose, string date) => new(vaccine, dose, D(date));

    public static IReadOnlyList<DoseDue> DueOn(
        string birth, string today, int lookAheadDays = 0, ImmunisationOptions? options = null, params GivenDose[] given) =>
        ImmunisationDue.For(D(birth), given, D(today), NipSchedules.All, lookAheadDays, options);

    /// <summary>The list as (vaccine, dose, due) rows, the way the tests write the expected catch-up plans.</summary>
    public static IEnumerable<(string, int, DateOnly)> Rows(this IEnumerable<DoseDue> list) => list.Select(d => (d.Vaccine, d.Dose, d.Due));

    public static DoseDue Single(this IEnumerable<DoseDue> list, string vaccine, int dose) =>
        Assert.Single(list, d => d.Vaccine == vaccine && d.Dose == dose);
}
