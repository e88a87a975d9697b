namespace EqualCare.Web.Domain.Plans;

/// <summary>
/// A 任务分配表 of a 街道: its numbers, allocated to the street's communities, for one or more measures (the table's
/// columns), over a period. Issue 5 item 3; the seed's tables are 大学路街道 2012 附件 1–3.
/// </summary>
public sealed class Plan
{
    public long Id { get; set; }
    public required string Name { get; set; }
    /// <summary>12-digit code of the 街道 that owns the plan; allocations go to its communities.</summary>
    public required string OrgCode { get; set; }
    public DateOnly PeriodFrom { get; set; }
    public DateOnly PeriodTo { get; set; }
    /// <summary>Shows a 合计 column across the measures (附件 3 adds 上环, 结扎 and 人流、引产 per community).</summary>
    public bool RowTotal { get; set; }
    public DateTime CreatedAt { get; set; }
    public required string CreatedBy { get; set; }
    /// <summary>Optimistic concurrency, managed by the application: an allocation replaces the one the user saw.</summary>
    public int Version { get; set; }
}

/// <summary>One column of the table: what is counted, in which unit, over which window of the plan's period.</summary>
public sealed class PlanMeasure
{
    public long Id { get; set; }
    public long PlanId { get; set; }
    /// <summary>Column order, from 1.</summary>
    public int Position { get; set; }
    public required string Label { get; set; }
    public PlanMeasureKind Kind { get; set; }
    /// <summary>For <see cref="PlanMeasureKind.Operations"/>: the operations counted, comma-separated names; null = all 四术.</summary>
    public string? Operations { get; set; }
    public required string Unit { get; set; }
    /// <summary>A window inside the plan's period (附件 2's "3 月底应增加"); null = the plan's own dates.</summary>
    public DateOnly? WindowFrom { get; set; }
    public DateOnly? WindowTo { get; set; }
    /// <summary>
    /// Heading of a starting number each allocation also carries (附件 2's "2 月 17 日流动人口全员微机管理人数"); the page then
    /// shows baseline + target too. Null = no baseline.
    /// </summary>
    public string? BaselineLabel { get; set; }

    public bool HasBaseline => BaselineLabel is not null;
    /// <summary>The total the table states when it differs from the sum of the rows (附件 3's 办事处 row); null = the sum.</summary>
    public int? StatedTotal { get; set; }
}

public enum PlanMeasureKind : short
{
    /// <summary>Cases registered in the community in the window (merged duplicates excluded).</summary>
    NewCases = 1,
    /// <summary>四术 recorded as services in the window, optionally only some operations; voided records excluded.</summary>
    Operations = 2,
    /// <summary>康检 recorded in the window; voided records excluded.</summary>
    Checkups = 3,
    /// <summary>Duplicate cases merged away in the window, by the community of the merged case.</summary>
    DuplicatesCleared = 4,
    /// <summary>Not countable from the records: the community reports its figure.</summary>
    Entered = 5,
    /// <summary>
    /// "两漏" 已婚育龄妇女 cleared (seed 004 附件 1): 漏管 and 漏档 results of other agencies' lists brought under management in
    /// the window — resolved as 已登记, or a 漏管 number registered since — whose person is a married woman aged 15–49.
    /// </summary>
    GapWomenCleared = 6,
    /// <summary>"两漏" 出生人口 cleared (seed 004 附件 1): the same, of hospitals' birth lists (住院分娩/出生).</summary>
    GapBirthsCleared = 7,
}

/// <summary>The number of one measure given to one community.</summary>
public sealed class PlanAllocation
{
    public long Id { get; set; }
    public long PlanId { get; set; }
    public long MeasureId { get; set; }
    public required string OrgCode { get; set; }
    /// <summary>Row order as allocated (the seed's tables list communities in their own order).</summary>
    public int Position { get; set; }
    public int Target { get; set; }
    public int? Baseline { get; set; }
}

/// <summary>A figure reported for an entered measure: the cumulative completion as of a date. Append-only; the latest counts.</summary>
public sealed class PlanProgressEntry
{
    public long Id { get; set; }
    public long PlanId { get; set; }
    public long MeasureId { get; set; }
    public required string OrgCode { get; set; }
    public int Value { get; set; }
    public DateOnly AsOf { get; set; }
    public DateTime EnteredAt { get; set; }
    public required string EnteredBy { get; set; }
    public string? Note { get; set; }
}

/// <summary>Target and progress of one community and measure as taken on a reporting day (每月 5、15、25 日). Append-only.</summary>
public sealed class PlanSnapshot
{
    public long Id { get; set; }
    public long PlanId { get; set; }
    public long MeasureId { get; set; }
    public required string OrgCode { get; set; }
    public DateOnly SnapshotDate { get; set; }
    public int Target { get; set; }
    public int Progress { get; set; }
    public DateTime TakenAt { get; set; }
}
