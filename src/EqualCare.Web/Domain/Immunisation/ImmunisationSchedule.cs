namespace EqualCare.Web.Domain.Immunisation;

/// <summary>
/// One edition of the national child schedule, in force from <see cref="EffectiveFrom"/>; a later edition is a new record
/// with a later date. <see cref="Doses"/> holds both products where there is a choice (JE, HepA).
/// </summary>
public sealed record ImmunisationSchedule(string Name, DateOnly EffectiveFrom, string Source, IReadOnlyList<VaccineDose> Doses)
{
    /// <summary>The edition in force on <paramref name="day"/>: the latest one that started on or before it; null before the first.</summary>
    public static ImmunisationSchedule? InForce(IEnumerable<ImmunisationSchedule> editions, DateOnly day) =>
        editions.Where(e => e.EffectiveFrom <= day).MaxBy(e => e.EffectiveFrom);
}

/// <summary>
/// The office's choice of product where the programme offers two. Henan gives the live ones, hence the defaults. A child
/// who already had doses of the other product finishes the series with it (see <see cref="ProductFor"/>).
/// </summary>
public sealed record ImmunisationOptions(
    string JapaneseEncephalitis = VaccineCodes.JeLive,
    string HepatitisA = VaccineCodes.HepALive)
{
    public static ImmunisationOptions Default { get; } = new();

    public static ImmunisationOptions Inactivated { get; } = new(VaccineCodes.JeInactivated, VaccineCodes.HepAInactivated);

    /// <summary>
    /// The product this child gets for <paramref name="choice"/>: the one already started, else the office's. The 说明
    /// (2021) gives each product its own catch-up series, so a started series is completed with the same product.
    /// </summary>
    public string ProductFor(string choice, IEnumerable<VaccineDose> alternatives, IReadOnlyCollection<GivenDose> given)
    {
        var products = alternatives.Where(d => d.Choice == choice).Select(d => d.Vaccine).Distinct().ToList();
        var started = given.Where(g => products.Contains(g.Vaccine)).OrderBy(g => g.Date).Select(g => g.Vaccine).FirstOrDefault();
        return started ?? (choice == VaccineChoices.JapaneseEncephalitis ? JapaneseEncephalitis : HepatitisA);
    }
}
