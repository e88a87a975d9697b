using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using EqualCare.Web.Domain.Plans;
using EqualCare.Web.Web;
using Microsoft.EntityFrameworkCore;

namespace EqualCare.Web.Features.Plans;

/// <summary>Totals of one snapshot day, per measure (in column order).</summary>
public sealed record SnapshotDay(DateOnly Date, IReadOnlyList<(int Target, int Progress)> Measures);

public sealed record PlanEntryView(long MeasureId, string OrgCode, int Value, DateOnly AsOf, string EnteredBy, DateTime EnteredAt, string? Note);

/// <summary>A plan as its page and its API show it: the allocation table with progress, names, reports and snapshots.</summary>
public sealed record PlanView(Plan Plan, string OrgName, PlanTable Table, IReadOnlyDictionary<string, string> Names,
    IReadOnlyList<SnapshotDay> Snapshots, IReadOnlyList<PlanEntryView> Entries)
{
    /// <summary>
    /// The 合计 column across the measures is shown only where they may be added (<see cref="MeasureSum"/>), also for a plan
    /// saved with it before that was checked.
    /// </summary>
    public bool AddsUp => Plan.RowTotal && MeasureSum.CanAddUp(Table.Measures, Plan.PeriodFrom, Plan.PeriodTo);
}

public sealed class PlanQueries(EqualCareDb db, PlanProgress progress)
{
    public async Task<IReadOnlyList<PlanSummary>> ListAsync(CurrentUser user, CancellationToken ct)
    {
        if (!user.CanReadPersons) return [];
        // Plans of the user's subtree, or of the street above a community worker: both are ranges on org_code.
        var street = user.Org.Level == 5 ? user.Org.Parent!.Value : user.Org;
        var plans = await db.Set<Plan>().AsNoTracking().WithinOrg(p => p.OrgCode, street)
            .OrderByDescending(p => p.PeriodFrom).ThenByDescending(p => p.Id).Take(200).ToListAsync(ct);
        plans = plans.Where(p => PlanScope.CanSee(user, p.OrgCode)).ToList();
        var ids = plans.Select(p => p.Id).ToList();
        var measures = await db.Set<PlanMeasure>().AsNoTracking().Where(m => ids.Contains(m.PlanId)).ToListAsync(ct);
        // One total per measure: women and births, or a period and its months, are never added together.
        var targets = await db.Set<PlanAllocation>().AsNoTracking().Where(a => ids.Contains(a.PlanId))
            .GroupBy(a => a.MeasureId).Select(g => new { g.Key, Sum = g.Sum(a => a.Target) }).ToDictionaryAsync(g => g.Key, g => g.Sum, ct);
        var names = await NamesAsync(plans.Select(p => p.OrgCode), ct);
        return plans.Select(p =>
        {
            var columns = measures.Where(m => m.PlanId == p.Id).OrderBy(m => m.Position).ToList();
            return new PlanSummary(p.Id, p.Name, p.OrgCode, names.GetValueOrDefault(p.OrgCode, p.OrgCode), p.PeriodFrom, p.PeriodTo,
                columns.Select(m => m.Label).ToList(),
                columns.Select(m => new PlanMeasureTotal(m.Position, m.Label, m.Unit, targets.GetValueOrDefault(m.Id), m.StatedTotal)).ToList());
        }).ToList();
    }

    public async Task<Result<PlanView>> GetAsync(CurrentUser user, long id, CancellationToken ct)
    {
        var plan = await db.Set<Plan>().AsNoTracking().SingleOrDefaultAsync(p => p.Id == id, ct);
        if (plan is null || !PlanScope.CanSee(user, plan.OrgCode)) return Error.NotFound("plans.notFound");
        var measures = await db.Set<PlanMeasure>().AsNoTracking().Where(m => m.PlanId == id).OrderBy(m => m.Position).ToListAsync(ct);
        var allocations = await db.Set<PlanAllocation>().AsNoTracking().Where(a => a.PlanId == id).ToListAsync(ct);
        var table = PlanTable.Build(measures, allocations, await progress.ComputeAsync(plan, measures, ct));
        var names = await NamesAsync(allocations.Select(a => a.OrgCode).Append(plan.OrgCode), ct);
        var snapshots = await SnapshotsAsync(id, measures, ct);
        var entries = await db.Set<PlanProgressEntry>().AsNoTracking().Where(e => e.PlanId == id).OrderByDescending(e => e.Id).Take(50)
            .Select(e => new PlanEntryView(e.MeasureId, e.OrgCode, e.Value, e.AsOf, e.EnteredBy, e.EnteredAt, e.Note)).ToListAsync(ct);
        return new PlanView(plan, names.GetValueOrDefault(plan.OrgCode, plan.OrgCode), table, names, snapshots, entries);
    }

    async Task<List<SnapshotDay>> SnapshotsAsync(long planId, List<PlanMeasure> measures, CancellationToken ct)
    {
        var sums = await db.Set<PlanSnapshot>().AsNoTracking().Where(s => s.PlanId == planId)
            .GroupBy(s => new { s.SnapshotDate, s.MeasureId })
            .Select(g => new { g.Key.SnapshotDate, g.Key.MeasureId, Target = g.Sum(s => s.Target), Progress = g.Sum(s => s.Progress) })
            .ToListAsync(ct);
        return sums.GroupBy(s => s.SnapshotDate).OrderBy(g => g.Key)
            .Select(g => new SnapshotDay(g.Key, measures.Select(m => g.FirstOrDefault(s => s.MeasureId == m.Id) is { } s
                ? (s.Target, s.Progress) : (0, 0)).ToList()))
            .ToList();
    }

    public async Task<Dictionary<string, string>> NamesAsync(IEnumerable<string> codes, CancellationToken ct)
    {
        var list = codes.Distinct().ToList();
        return await db.OrgUnits.AsNoTracking().Where(o => list.Contains(o.Code)).ToDictionaryAsync(o => o.Code, o => o.Name, ct);
    }

    /// <summary>The communities of a street, for the allocation form and the template.</summary>
    public async Task<List<OrgUnit>> CommunitiesAsync(string streetCode, CancellationToken ct) =>
        await db.OrgUnits.AsNoTracking().WithinOrg(o => o.Code, OrgCode.Parse(streetCode)).Where(o => o.Level == 5)
            .OrderBy(o => o.Code).ToListAsync(ct);
}
