namespace EqualCare.Web.Domain.Schedules;

/// <summary>
/// One contact of an official table. <see cref="Due"/> is the day the table names: the deadline where the standard says
/// "within" or "before", otherwise the first day of the range or the age itself. The window is the standard's own where it
/// gives one (<see cref="WindowFromStandard"/>); otherwise it runs until the day before the next contact is due.
/// </summary>
public sealed record Contact(CareKind Kind, string Name, Offset Due, Offset WindowStart, Offset WindowEnd, bool WindowFromStandard);

/// <summary>What the schedule is counted from.</summary>
public enum ScheduleAnchor : short
{
    BirthDate = 1,
    /// <summary>末次月经 (LMP): gestational weeks.</summary>
    LastMenstrualPeriod = 2,
    /// <summary>分娩 (delivery: live birth or stillbirth).</summary>
    Delivery = 3,
}

/// <summary>
/// An official table of contacts, in force from <see cref="EffectiveFrom"/>; a later edition is a new record with a later
/// date. Missed contacts stay on the lists until <see cref="ListedUntil"/> after the anchor.
/// </summary>
public sealed record ContactSchedule(
    string Name, ScheduleAnchor Anchor, DateOnly EffectiveFrom, string Source, Offset ListedUntil, IReadOnlyList<Contact> Contacts)
{
    /// <summary>The edition in force on <paramref name="day"/>: the latest one that started on or before it; null before the first.</summary>
    public static ContactSchedule? InForce(IEnumerable<ContactSchedule> editions, DateOnly day) =>
        editions.Where(e => e.EffectiveFrom <= day).MaxBy(e => e.EffectiveFrom);
}
