namespace EqualCare.Web.Domain.Schedules;

/// <summary>
/// A distance from an anchor date (birth, last menstrual period, delivery) in years, months and days, applied in that
/// order so "3 months" lands on the same day of the month as the anchor, as the official tables mean it.
/// </summary>
public readonly record struct Offset(int Years = 0, int Months = 0, int Days = 0)
{
    public static Offset OfDays(int days) => new(Days: days);
    public static Offset OfWeeks(int weeks, int extraDays = 0) => new(Days: weeks * 7 + extraDays);
    public static Offset OfMonths(int months) => new(Months: months);
    public static Offset OfYears(int years) => new(Years: years);

    public DateOnly From(DateOnly anchor) => anchor.AddYears(Years).AddMonths(Months).AddDays(Days);

    /// <summary>The same offset less one day: the last day before the next contact starts.</summary>
    public Offset DayBefore() => this with { Days = Days - 1 };
}
