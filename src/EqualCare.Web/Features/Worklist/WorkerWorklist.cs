using System.Globalization;
using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using EqualCare.Web.Domain.Schedules;
using EqualCare.Web.Features.Checkups;
using EqualCare.Web.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace EqualCare.Web.Features.Worklist;

/// <summary>The list a user opens, with whether it is her own persons (我的) or the whole unit's (全社区).</summary>
public sealed record WorkerView(Worklist List, string UnitName, bool Mine, int AssignedToMe);

/// <summary>
/// The to-do list as a user sees it, for the list page, the API and the home page alike (so their counts are one figure):
/// a worker with persons assigned to her (分片包干, <see cref="WorkerAssignment"/>) sees her own persons by default and the
/// whole community on request (scope "all"); a worker with none, and every office above, sees the whole unit.
/// </summary>
public sealed class WorkerWorklist(WorklistQuery query, EqualCareDb db, DueKeeper keeper, DueUnits units, FirstPages firstPages, TimeProvider clock)
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

    /// <summary>
    /// The page of person rows for the given filters, read from the kept items (issue 15 point 1): the counts (of the whole
    /// list) and the page are computed by the database; only the page's persons' items are read. The same rows, counts and
    /// order as <see cref="Page"/> over the whole computed list.
    /// </summary>
    public async Task<WorklistPersonsPage> PageAsync(CurrentUser user, OrgCode? org, string? scope, WorkGroup? group, string? dateView,
        string? name, int page, int pageSize, CancellationToken ct)
    {
        // One connection for the request's dozen short statements, not one taken from the pool for each.
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            return await PageOnConnectionAsync(user, org, scope, group, dateView, name, page, pageSize, ct);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    async Task<WorklistPersonsPage> PageOnConnectionAsync(CurrentUser user, OrgCode? org, string? scope, WorkGroup? group, string? dateView,
        string? name, int page, int pageSize, CancellationToken ct)
    {
        var today = clock.Today();
        var unit = org is { } o && user.Org.Contains(o.Value) ? o : user.Org;
        var persons = WorklistQuery.Listed(db.Persons.InScopeOf(user).WithinOrg(p => p.CommunityCode, unit));
        string? unitName;
        int assigned;
        (WorklistCounts Counts, int Persons)? kept = null;
        FirstPageToken? token = null;
        if (user.CanReadPersons)
        {
            // One round trip for what every request reads first (issue 15: the page's dozen round trips were its cost under
            // load): the unit's keeping state, its name, the worker's assignments and the unit's kept counts.
            var look = await FirstLookAsync(user, unit, today, ct);
            (unitName, assigned) = (look.UnitName, look.Assigned);
            // A valid marker makes this a look at the persons added since (DueUnits); a unit not yet kept today (the day's
            // keeping, DueKeepingService, has not reached it) is kept here, correctness first. The counts read with the
            // state serve when nothing was kept and every row was counted for today; else they are read again.
            var untouched = look.State.NothingToKeep(today);
            if (!untouched) await units.EnsureAsync(unit, today, look.State, ct);
            if (assigned == 0 || string.Equals(scope, ScopeAll, StringComparison.OrdinalIgnoreCase))
            {
                kept = untouched && look.Sum.Stale == 0 ? (look.Sum.Counts, look.Sum.Persons) : await KeptCounts.ReadAsync(db, unit, today, ct);
                // Read before any row of the page (and before this request kept anything, which moves the versions on):
                // a page read after it is never older than it says.
                token = new FirstPageToken(today, look.State.Generation, look.Sum.Versions, look.LastMark);
            }
        }
        else
        {
            await keeper.KeepStaleAsync(persons, today, ct);
            unitName = await db.OrgUnits.AsNoTracking().Where(u => u.Code == unit.Value).Select(u => u.Name).FirstOrDefaultAsync(ct);
            assigned = 0;
        }
        var mine = assigned > 0 && !string.Equals(scope, ScopeAll, StringComparison.OrdinalIgnoreCase);
        if (mine) persons = persons.Where(p => db.WorkerAssignments.Any(a => a.PersonId == p.Id && a.WorkerId == user.Id && a.EndedAt == null));
        var rows = KeptWorklist.Rows(db, persons, unit);
        // The whole unit's counts are kept per community (KeptCounts); 我的 counts only her persons' items.
        var counts = kept?.Counts ?? await KeptWorklist.CountsAsync(rows, today, ct);
        var size = Math.Clamp(pageSize, 1, 500);
        int personCount, itemCount, number, pages;
        IReadOnlyList<PersonRow> shown;
        if (kept is { } k && KeptWorklist.Unfiltered(group, dateView, name))
        {
            // The unfiltered page: the persons in the list's order straight from their kept keys (an index range, LIMIT).
            (personCount, itemCount) = (k.Persons, k.Counts.All);
            pages = Math.Max(1, (personCount + size - 1) / size);
            number = Math.Clamp(page, 1, pages);
            var first = token is { } t && number == 1 && size == IndexModel.PageSize ? t : (FirstPageToken?)null;
            if (first is not { } ready || !firstPages.TryGet(unit.Value, ready, out shown))
            {
                shown = await MarkedRowsAsync(await KeptWorklist.PageOfKeysAsync(db, rows, unit, today, (number - 1) * size, size, ct), today, ct);
                if (first is { } read) firstPages.Keep(unit.Value, read, shown);
            }
        }
        else
        {
            List<WorkItem> items;
            (personCount, itemCount, items, number, pages) =
                await KeptWorklist.PageAsync(KeptWorklist.Filter(rows, today, group, dateView, name), today, page, size, ct);
            shown = await MarkedRowsAsync(items, today, ct);
        }
        return new WorklistPersonsPage(unit.Value, unitName is null ? "" : UnitNames.Spoken(unitName), today, mine, assigned, counts,
            personCount, itemCount, number, size, pages, shown);
    }

    /// <summary>The page's rows, with the 补检 mark on a 康检 of this quarter: the check-up absences are read for the page's persons with one.</summary>
    async Task<List<PersonRow>> MarkedRowsAsync(List<WorkItem> items, DateOnly today, CancellationToken ct)
    {
        var quarter = Quarter.Containing(today);
        var checkups = items.Where(i => i.Kind == CareKind.WomensCheckup && quarter.Contains(i.WindowStart)).Select(i => i.PersonId).Distinct().ToList();
        if (checkups.Count > 0)
        {
            var absentees = await db.AbsentAmongAsync(checkups, quarter, ct);
            items = [.. items.Select(i => WorklistQuery.WithCatchUpMark(i, quarter, absentees))];
        }
        return PersonRows.Of(items);
    }

    sealed record FirstLook(DueUnits.UnitState State, string? UnitName, int Assigned, long LastMark,
        (long Stale, WorklistCounts Counts, int Persons, long Versions) Sum);

    /// <summary>
    /// The unit's keeping state (<see cref="DueUnits"/>), its name, the user's open assignments, what the kept first page
    /// is valid for (<see cref="FirstPageToken"/>) and the kept counts' sum, in one statement.
    /// </summary>
    async Task<FirstLook> FirstLookAsync(CurrentUser user, OrgCode unit, DateOnly today, CancellationToken ct)
    {
        var (low, high) = unit.Range;
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        command.CommandText =
            $"SELECT {DueUnits.StateColumns}, (SELECT name FROM org_units WHERE code = @unit), "
            + "(SELECT COUNT(*) FROM worker_assignments WHERE worker_id = @worker AND ended_at IS NULL), "
            + "(SELECT COALESCE(MAX(id), 0) FROM checkup_attendance), c.* "
            + $"FROM (SELECT 1 AS one) x {DueUnits.StateJoin} CROSS JOIN {KeptCounts.SumSql} c";
        foreach (var (name, value) in new (string, object)[] { ("@unit", unit.Value), ("@worker", user.Id), ("@today", today), ("@low", low), ("@high", high) })
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return new FirstLook(DueUnits.ReadState(reader), reader.IsDBNull(5) ? null : reader.GetString(5),
            Convert.ToInt32(reader.GetValue(6), CultureInfo.InvariantCulture), Convert.ToInt64(reader.GetValue(7), CultureInfo.InvariantCulture),
            KeptCounts.ReadSum(reader, 8));
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
