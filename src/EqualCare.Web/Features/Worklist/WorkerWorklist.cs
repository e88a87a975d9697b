using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using EqualCare.Web.Web;
using Microsoft.EntityFrameworkCore;

namespace EqualCare.Web.Features.Worklist;

/// <summary>The list a user opens, with whether it is her own persons (我的) or the whole unit's (全社区).</summary>
public sealed record WorkerView(Worklist List, string UnitName, bool Mine, int AssignedToMe);

/// <summary>
/// The to-do list as a user sees it, for the list page, the API and the home page alike (so their counts are one figure):
/// a worker with persons assigned to her (分片包干, <see cref="WorkerAssignment"/>) sees her own persons by default and the
/// whole community on request (scope "all"); a worker with none, and every office above, sees the whole unit.
/// </summary>
public sealed class WorkerWorklist(WorklistQuery query, EqualCareDb db)
{
    public const string ScopeMine = "mine";
    public const string ScopeAll = "all";

    public async Task<WorkerView> ForAsync(CurrentUser user, OrgCode? org, string? scope, CancellationToken ct)
    {
        var list = await query.ForAsync(user, org, ct);
        var unitName = await db.OrgUnits.AsNoTracking().Where(o => o.Code == list.OrgCode).Select(o => o.Name).FirstOrDefaultAsync(ct);
        var assigned = user.CanReadPersons
            ? await db.WorkerAssignments.AsNoTracking().Where(a => a.WorkerId == user.Id && a.EndedAt == null).Select(a => a.PersonId).ToListAsync(ct)
            : [];
        var mine = assigned.Count > 0 && !string.Equals(scope, ScopeAll, StringComparison.OrdinalIgnoreCase);
        if (mine)
        {
            var own = assigned.ToHashSet();
            var items = list.Items.Where(i => own.Contains(i.PersonId)).ToList();
            list = list with { Items = items, Counts = WorklistCounts.Of(items, list.Today) };
        }
        // A unit missing from the register (a test database without divisions) still gets a heading, never a bare code.
        return new WorkerView(list, unitName is null ? "" : UnitNames.Spoken(unitName), mine, assigned.Count);
    }

    /// <summary>The page of person rows for the given filters; the counts stay those of the whole list.</summary>
    public static WorklistPersonsPage Page(WorkerView view, WorkGroup? group, string? dateView, string? name, int page, int pageSize)
    {
        var list = view.List;
        var matching = WorklistFilter.Apply(list.Items, list.Today, group, dateView, name).ToList();
        var rows = PersonRows.Of(matching);
        var size = Math.Clamp(pageSize, 1, 500);
        var pages = Math.Max(1, (rows.Count + size - 1) / size);
        var number = Math.Clamp(page, 1, pages);
        return new WorklistPersonsPage(list.OrgCode, view.UnitName, list.Today, view.Mine, view.AssignedToMe, list.Counts,
            rows.Count, matching.Count, number, size, pages, rows.Skip((number - 1) * size).Take(size).ToList());
    }
}
