namespace EqualCare.Web.Domain.Plans;

/// <summary>One community's numbers for one measure; null where the community has no allocation for that column.</summary>
public sealed record PlanCell(int? Target, int? Baseline, int Progress)
{
    /// <summary>Baseline + target: 附件 2's "5 月底实际应入库管理人数".</summary>
    public int? Goal => Baseline + Target;

    public decimal? Percent => PlanTable.Percent(Progress, Target);
}

public sealed record PlanRow(string OrgCode, IReadOnlyList<PlanCell> Cells)
{
    public int Target => Cells.Sum(c => c.Target ?? 0);
    public int Progress => Cells.Sum(c => c.Progress);
}

/// <summary>The totals row of one measure, and the table's own total where it states one that the rows do not add up to.</summary>
public sealed record PlanTotal(int Target, int? Baseline, int Progress, int? Stated)
{
    public int? Goal => Baseline + Target;
    public decimal? Percent => PlanTable.Percent(Progress, Stated ?? Target);
    /// <summary>Stated minus allocated: what the rows leave unallocated (附件 3 states 21 上环, its rows give 19).</summary>
    public int? Unallocated => Stated is { } s && s != Target ? s - Target : null;
}

/// <summary>The allocation table with progress: rows in allocation order, a totals row, percentages. Pure arithmetic.</summary>
public sealed record PlanTable(IReadOnlyList<PlanMeasure> Measures, IReadOnlyList<PlanRow> Rows, IReadOnlyList<PlanTotal> Totals)
{
    public int Target => Totals.Sum(t => t.Target);
    public int Progress => Totals.Sum(t => t.Progress);
    public int? Stated => Totals.Any(t => t.Stated is not null) ? Totals.Sum(t => t.Stated ?? t.Target) : null;

    public static decimal? Percent(int progress, int? target) =>
        target is > 0 ? Math.Round(progress * 100m / target.Value, 1, MidpointRounding.AwayFromZero) : null;

    /// <param name="progress">Progress per (measure id, community code); missing = 0.</param>
    public static PlanTable Build(IEnumerable<PlanMeasure> measures, IEnumerable<PlanAllocation> allocations,
        IReadOnlyDictionary<(long MeasureId, string OrgCode), int> progress)
    {
        var columns = measures.OrderBy(m => m.Position).ToList();
        var byKey = allocations.ToDictionary(a => (a.MeasureId, a.OrgCode));
        var orgs = byKey.Values.GroupBy(a => a.OrgCode).OrderBy(g => g.Min(a => a.Position)).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => g.Key).ToList();
        var rows = orgs.Select(org => new PlanRow(org, columns.Select(m =>
        {
            byKey.TryGetValue((m.Id, org), out var a);
            return new PlanCell(a?.Target, a?.Baseline, progress.GetValueOrDefault((m.Id, org)));
        }).ToList())).ToList();
        var totals = columns.Select((m, i) => new PlanTotal(
            rows.Sum(r => r.Cells[i].Target ?? 0),
            m.HasBaseline ? rows.Sum(r => r.Cells[i].Baseline ?? 0) : null,
            rows.Sum(r => r.Cells[i].Progress),
            m.StatedTotal)).ToList();
        return new PlanTable(columns, rows, totals);
    }
}
