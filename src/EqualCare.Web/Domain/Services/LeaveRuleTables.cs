namespace EqualCare.Web.Domain.Services;

/// <summary>
/// Leave after one family-planning operation as a local rule states it: the days of rest, the days after it without heavy
/// physical work when the rule says so, and where it is written (docs/rules.md §6.5).
/// </summary>
public sealed record LeaveRule(Operation Operation, short Days, short? NoHeavyWorkDays, string Source);

/// <summary>Leave a local rule grants beside the operations' (marriage, maternity), kept with its source for the rules page.</summary>
public sealed record ExtraLeaveRule(string Chinese, string English, string Grant, string Source);

/// <summary>
/// The leave tables of the seed documents, as the check-up rules are kept (<c>Schedules.LocalRuleTables</c>): an office picks one
/// by name (EqualCare:Services:LeaveRules); the operations a table does not name keep the configured
/// <see cref="LeaveTable"/> (the 《节育技术常规》 guide's defaults).
/// </summary>
public static class LeaveRuleTables
{
    const string Seed001Source = "seed 001 三(二)5（惠人口[2014]14号）";

    /// <summary>
    /// Seed 001 三(二)5: "放置宫内节育器的，休息二天，七天内不安排重体力劳动，结扎输精管、输卵管的，休息二十一天，享受与户籍人口同等的
    /// 休假待遇". The seed names no other operation.
    /// </summary>
    public static IReadOnlyList<LeaveRule> Seed001 { get; } =
    [
        new(Operation.IudInsertion, 2, 7, Seed001Source),
        new(Operation.TubalLigation, 21, null, Seed001Source),
        new(Operation.Vasectomy, 21, null, Seed001Source),
    ];

    /// <summary>Seed 001 三(二)5 also grants, beyond the national leave: 晚婚 18 more days of 婚假; 晚育 3 more months of 产假 and a month of 护理假 for the spouse.</summary>
    public static IReadOnlyList<ExtraLeaveRule> Seed001Extra { get; } =
    [
        new("晚婚婚假", "Late marriage: marriage leave", "国家规定婚假外增加18天", Seed001Source),
        new("晚育产假", "Late childbirth: maternity leave", "国家规定产假外增加3个月", Seed001Source),
        new("配偶护理假", "Late childbirth: the spouse's nursing leave", "1个月", Seed001Source),
    ];

    /// <summary>The names an office may configure: "Guide" (no seed table: the configured days) and "Seed001".</summary>
    public static IReadOnlyList<string> Names { get; } = ["Guide", "Seed001"];

    /// <summary>The rules of the named table; empty for "Guide" or an unknown name.</summary>
    public static IReadOnlyList<LeaveRule> Named(string? name) =>
        string.Equals(name, "Seed001", StringComparison.OrdinalIgnoreCase) ? Seed001 : [];

    /// <summary>The configured days with the table's rules over them: the table is the local rule for what it names.</summary>
    public static LeaveTable Apply(LeaveTable configured, IReadOnlyList<LeaveRule> rules)
    {
        var days = new Dictionary<Operation, short>(configured.Days);
        foreach (var rule in rules) days[rule.Operation] = rule.Days;
        return new LeaveTable { Days = days };
    }
}
