using EqualCare.Web.Domain.Schedules;

namespace EqualCare.Web.Features.Services;

/// <summary>The "EqualCare:Care" configuration keys: which local rules this office works by.</summary>
public sealed class CareOptions
{
    public const string Section = "EqualCare:Care";

    /// <summary>
    /// The seeds' rule tables: "Seed001" (惠济区 2014, 康检 to 49), "Seed003" (江北区 2011: seed 001's schedules, seed 003's
    /// targets) or "Seed004" (大学路街道 2012, 康检 to 45). The table also decides the office's indicator targets.
    /// </summary>
    public string RuleTable { get; set; } = "Seed001";

    /// <summary>When set, the upper age of the quarterly 康检 (49 or 45 in the seeds), overriding the table's.</summary>
    public int? CheckupMaxAge { get; set; }

    /// <summary>The to-do list also shows what falls due within this many days ("due this month").</summary>
    public int LookAheadDays { get; set; } = 31;

    /// <summary>SMS reminders are queued this many days before an item falls due.</summary>
    public int ReminderDaysBefore { get; set; } = 3;

    /// <summary>
    /// A long to-do list is read and computed this many persons at a time (one chunk's schedules run while the next is
    /// read); a community's list is one chunk.
    /// </summary>
    public int ListChunkPersons { get; set; } = 8000;

    public IReadOnlyList<LocalRule> LocalRules()
    {
        var table = RuleTable.Equals("Seed004", StringComparison.OrdinalIgnoreCase) ? LocalRuleTables.Seed004
            : RuleTable.Equals("Seed003", StringComparison.OrdinalIgnoreCase) ? LocalRuleTables.Seed003
            : LocalRuleTables.Seed001;
        if (CheckupMaxAge is not { } maxAge) return table;
        return [.. table.Select(r => r.Kind == CareKind.WomensCheckup ? r with { MaxAge = maxAge } : r)];
    }

    public DueSettings Settings() => DueSettings.ForOffice(LocalRules(), Math.Max(0, LookAheadDays));
}
