namespace EqualCare.Web.Features.Persons;

/// <summary>
/// The age groups the offices count by: 0–6 (child health management, docs/rules.md §3.3), 7–14, 15–49 (childbearing age,
/// the family-planning group) and 50+.
/// </summary>
public enum AgeBand
{
    Age0To6 = 1,
    Age7To14 = 2,
    Age15To49 = 3,
    Age50Plus = 4,
}

public static class AgeBands
{
    /// <summary>
    /// Birth dates of the people whose age today lies in the band, as bounds on the indexed birth_date column:
    /// age ≥ min ⇔ born on or before today − min years; age ≤ max ⇔ born after today − (max + 1) years.
    /// </summary>
    public static (DateOnly? BornAfter, DateOnly? BornOnOrBefore) BirthDates(AgeBand band, DateOnly today)
    {
        var (min, max) = Years(band);
        return (max is { } m ? today.AddYears(-(m + 1)) : null, today.AddYears(-min));
    }

    public static (int Min, int? Max) Years(AgeBand band) => band switch
    {
        AgeBand.Age0To6 => (0, 6),
        AgeBand.Age7To14 => (7, 14),
        AgeBand.Age15To49 => (15, 49),
        AgeBand.Age50Plus => (50, null),
        _ => throw new ArgumentOutOfRangeException(nameof(band)),
    };
}
