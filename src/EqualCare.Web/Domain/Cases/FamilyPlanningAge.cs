namespace EqualCare.Web.Domain.Cases;

/// <summary>
/// Leaving the 15–49 band of family-planning work (育龄期, docs/rules.md §2.2, §6.3: the electronic certificate lapses then)
/// is a derived flag computed from the birth date, never a status change and never a deletion.
/// </summary>
public static class FamilyPlanningAge
{
    /// <summary>
    /// The day a woman left the band (her 50th birthday) when that day is on or before <paramref name="today"/>; null for
    /// men, and for women still inside it or younger.
    /// </summary>
    public static DateOnly? AgedOutOn(Sex sex, DateOnly birthDate, DateOnly today)
    {
        if (sex != Sex.Female) return null;
        var left = birthDate.AddYears(CaseRules.ChildbearingAgeTo + 1);
        return left <= today ? left : null;
    }

    public static bool HasAgedOut(Sex sex, DateOnly birthDate, DateOnly today) => AgedOutOn(sex, birthDate, today) is not null;
}
