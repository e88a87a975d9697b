namespace EqualCare.Web.Domain.Schedules;

/// <summary>Who a local rule is for.</summary>
public enum RuleAudience : short
{
    /// <summary>已婚育龄妇女: married women between the rule's ages. Divorced or widowed women are listed as exempt.</summary>
    MarriedWomen = 1,
    /// <summary>成年育龄妇女 of any marital status (条例 Art. 7–8).</summary>
    Women = 2,
    /// <summary>Everyone living in the area.</summary>
    Everyone = 3,
    /// <summary>Children between the rule's ages.</summary>
    Children = 4,
}

/// <summary>How often the service is due.</summary>
public enum Recurrence : short
{
    /// <summary>Once: any record of the kind fulfils it.</summary>
    Once = 1,
    /// <summary>Once in every calendar quarter; overdue when the quarter ends without a record.</summary>
    EveryQuarter = 2,
    /// <summary>Again <see cref="LocalRule.IntervalMonths"/> after the last record.</summary>
    EveryInterval = 3,
}

/// <summary>
/// A local rule as data. The parameters differ by place and year, so each office's table holds its own values, and a
/// change is a new record with a later <see cref="EffectiveFrom"/>; <see cref="Source"/> names the document and section.
/// </summary>
/// <param name="MinAge">Full years, inclusive, on the day the item is judged.</param>
/// <param name="MaxAge">Full years, inclusive: seed 004 drops women "45 岁以上（不含 45 岁）", so 45 is still in.</param>
/// <param name="ResidenceMonths">Months lived in the area before the item is due (0: due on arrival).</param>
/// <param name="AllowedDays">Days given to do it once it is due; the item is overdue after them.</param>
/// <param name="IntervalMonths">For <see cref="Recurrence.EveryInterval"/>: months between two services.</param>
/// <param name="Exemptions">The reasons that exempt someone from this rule. <see cref="ExemptionReason.LeftArea"/>
/// belongs in every table: people who left are nobody's to-do.</param>
public sealed record LocalRule(
    CareKind Kind,
    DateOnly EffectiveFrom,
    string Source,
    RuleAudience Audience,
    Recurrence Recurrence,
    int MinAge = 0,
    int MaxAge = 200,
    int ResidenceMonths = 0,
    int AllowedDays = 0,
    int IntervalMonths = 0,
    IReadOnlySet<ExemptionReason>? Exemptions = null)
{
    public bool Exempts(ExemptionReason reason) => Exemptions?.Contains(reason) == true;

    /// <summary>The version of each kind in force on <paramref name="day"/>: the latest that started on or before it.</summary>
    public static IReadOnlyList<LocalRule> InForce(IEnumerable<LocalRule> table, DateOnly day) =>
        table.Where(r => r.EffectiveFrom <= day)
            .GroupBy(r => r.Kind)
            .Select(g => g.MaxBy(r => r.EffectiveFrom)!)
            .OrderBy(r => r.Kind)
            .ToList();
}
