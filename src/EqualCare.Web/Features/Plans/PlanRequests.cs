using EqualCare.Web.Domain.Plans;

namespace EqualCare.Web.Features.Plans;

/// <param name="OrgCode">The 街道 (9 or 12 digits); empty = the caller's own 街道.</param>
public sealed record PlanRequest(string? Name, string? OrgCode, DateOnly? PeriodFrom, DateOnly? PeriodTo, bool RowTotal,
    IReadOnlyList<MeasureRequest>? Measures);

/// <param name="Operations">For kind Operations: names such as IudInsertion, TubalLigation; empty = every 四术 operation.</param>
/// <param name="BaselineLabel">Set when each community also gets a starting number under this heading.</param>
/// <param name="StatedTotal">The total the paper table states, when its rows do not add up to it.</param>
public sealed record MeasureRequest(string? Label, PlanMeasureKind Kind, IReadOnlyList<string>? Operations, string? Unit,
    DateOnly? WindowFrom, DateOnly? WindowTo, string? BaselineLabel, int? StatedTotal);

/// <param name="Targets">One per measure, in column order; null = nothing allocated to this community for that measure.</param>
/// <param name="Baselines">One per measure; only measures with a baseline take one.</param>
public sealed record AllocationRow(string OrgCode, IReadOnlyList<int?> Targets, IReadOnlyList<int?>? Baselines);

/// <param name="Version">The plan version the user saw: an allocation made meanwhile is not overwritten.</param>
public sealed record AllocationRequest(int Version, IReadOnlyList<AllocationRow>? Rows);

public sealed record ProgressRequest(long MeasureId, string? OrgCode, int? Value, DateOnly? AsOf, string? Note);

/// <summary>A plan in the list, with what was allocated of each measure: a total per measure, never one across measures.</summary>
public sealed record PlanSummary(long Id, string Name, string OrgCode, string OrgName, DateOnly PeriodFrom, DateOnly PeriodTo,
    IReadOnlyList<string> Measures, IReadOnlyList<PlanMeasureTotal> Totals);

/// <summary>The sum of the communities' numbers of one measure, in its unit, and the total the table states if it does.</summary>
public sealed record PlanMeasureTotal(int Position, string Label, string Unit, int Target, int? Stated);

public sealed record PlanCreated(long Id, int Version);
