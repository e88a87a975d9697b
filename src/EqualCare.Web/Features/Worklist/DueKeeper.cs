using System.Data;
using System.Data.Common;
using System.Text.Json;
using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using EqualCare.Web.Domain.Schedules;
using EqualCare.Web.Features.Services;
using EqualCare.Web.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;

namespace EqualCare.Web.Features.Worklist;

/// <summary>
/// Keeps each person's to-do items (issue 15 point 1, table due_items): computes them with the pure schedules
/// (<see cref="DueCalculator"/>, <see cref="WorklistQuery.ItemsOf"/>) and rewrites them in the current transaction, so a
/// write and the items it changes commit together (<see cref="DueKeepingInterceptor"/> calls it after every save that
/// touches a person's case, services, decisions, moves or certificates). The list reads the kept rows; only persons whose
/// items are not kept for today (a bulk load, a new day) are computed when their unit's list is read.
/// </summary>
public sealed class DueKeeper(EqualCareDb db, IOptions<CareOptions> options, TimeProvider clock)
{
    /// <summary>Persons computed and rewritten per statement group: one array parameter per query, bounded transactions.</summary>
    const int ChunkPersons = 2000;

    /// <summary>Rows per multi-row INSERT (13 parameters a row, well under either database's parameter limit).</summary>
    const int RowsPerInsert = 500;

    static readonly JsonSerializerOptions PlanJson = new(JsonSerializerDefaults.Web);

    /// <summary>The persons of <paramref name="persons"/> whose items are not kept for <paramref name="today"/> in their present community.</summary>
    public static IQueryable<long> Stale(EqualCareDb db, IQueryable<Person> persons, DateOnly today) =>
        persons.Where(p => !db.KeptDuePersons.Any(k => k.PersonId == p.Id && k.ComputedOn == today && k.CommunityCode == p.CommunityCode))
            .Select(p => p.Id);

    /// <summary>Computes and keeps the items of the persons whose items are not kept for today; returns how many there were.</summary>
    public async Task<int> KeepStaleAsync(IQueryable<Person> persons, DateOnly today, CancellationToken ct)
    {
        var stale = await Stale(db, persons, today).ToListAsync(ct);
        if (stale.Count > 0) await KeepAsync(stale, today, ct);
        return stale.Count;
    }

    public Task KeepAsync(IEnumerable<long> personIds, CancellationToken ct) => KeepAsync(personIds, clock.Today(), ct);

    /// <summary>
    /// Rewrites the kept items of these persons for <paramref name="today"/>: in the caller's transaction when there is one
    /// (a write), else in one transaction per chunk. The person's marker row is written first: on PostgreSQL it locks her,
    /// so two requests keeping the same person one after the other never leave her items twice.
    /// </summary>
    public async Task KeepAsync(IEnumerable<long> personIds, DateOnly today, CancellationToken ct)
    {
        var calculator = new DueCalculator(db, options);
        foreach (var chunk in personIds.Distinct().Order().Chunk(ChunkPersons))
        {
            var own = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
            try
            {
                var transaction = db.Database.CurrentTransaction!.GetDbTransaction();
                var located = await db.Persons.AsNoTracking().Where(p => chunk.Contains(p.Id)).OrderBy(p => p.Id)
                    .Select(p => new { p.Id, p.CommunityCode }).ToListAsync(ct);
                await InsertAsync(transaction,
                    "INSERT INTO due_kept_persons (person_id, community_code, computed_on) VALUES {0} "
                    + "ON CONFLICT (person_id) DO UPDATE SET community_code = excluded.community_code, computed_on = excluded.computed_on",
                    located.Select(p => new object?[] { p.Id, p.CommunityCode, today }), MarkerTypes, ct);
                // The kept counts of the communities the chunk leaves and enters change by delta (KeptCounts): their rows
                // are locked (and created, unknown, for a community never counted) before the items change, then the old
                // items' contribution is subtracted and the new one added, where a row is counted for today.
                var ids = IdList(chunk);
                await KeptCounts.TouchAsync(transaction, ids, ct);
                await KeptCounts.ApplyDeltaAsync(transaction, ids, today, subtract: true, ct);
                await db.KeptDueItems.Where(k => chunk.Contains(k.PersonId)).ExecuteDeleteAsync(ct);
                var cases = await calculator.CasesAsync(WorklistQuery.Listed(db.Persons.Where(p => chunk.Contains(p.Id))), today, ct);
                var items = cases.Select(c => WorklistQuery.ItemsOf(c, today).ToList()).ToList();
                await InsertAsync(transaction,
                    "INSERT INTO due_items (person_id, community_code, ordinal, work_group, kind, item_key, name, due, window_start, "
                    + "window_end, source, plan) VALUES {0}",
                    items.SelectMany(person => person.Select((x, i) => Row(x.Item, x.Source, i))), ItemTypes, ct);
                // Her keys in the list's order (PersonRows.Of), valid for today: the page is an ORDER BY … LIMIT on them.
                var keys = items.Where(person => person.Count > 0)
                    .ToDictionary(person => person[0].Item.PersonId, person => SortKey(person.Select(x => x.Item), today));
                await InsertAsync(transaction,
                    "INSERT INTO due_kept_persons (person_id, community_code, computed_on, urgency, first_due, items) VALUES {0} "
                    + "ON CONFLICT (person_id) DO UPDATE SET urgency = excluded.urgency, first_due = excluded.first_due, items = excluded.items",
                    located.Select(p => keys.TryGetValue(p.Id, out var k)
                        ? new object?[] { p.Id, p.CommunityCode, today, k.Urgency, k.FirstDue, k.Items }
                        : [p.Id, p.CommunityCode, today, (short)1, null, 0]), KeyTypes, ct);
                await KeptCounts.ApplyDeltaAsync(transaction, ids, today, subtract: false, ct);
                if (own is not null) await own.CommitAsync(ct);
            }
            finally
            {
                if (own is not null) await own.DisposeAsync();
            }
        }
    }

    /// <summary>The ids as a SQL list (numbers only, so inlined: one statement text for both databases, no array parameter).</summary>
    static string IdList(IEnumerable<long> ids) => string.Join(",", ids.Select(id => id.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    /// <summary>A person's place in the list (<see cref="PersonRows.Of"/>): 逾期 first, then the due date of her most urgent item.</summary>
    public static (short Urgency, DateOnly FirstDue, int Items) SortKey(IEnumerable<WorkItem> items, DateOnly today)
    {
        var list = items.ToList();
        var overdue = list.Where(i => OverdueRule.IsOverdue(i.Due, i.WindowEnd, today)).ToList();
        return overdue.Count > 0 ? ((short)0, overdue.Min(i => i.Due), list.Count) : ((short)1, list.Min(i => i.Due), list.Count);
    }

    static readonly DbType[] KeyTypes = [DbType.Int64, DbType.String, DbType.Date, DbType.Int16, DbType.Date, DbType.Int32];

    static readonly DbType[] MarkerTypes = [DbType.Int64, DbType.String, DbType.Date];

    static readonly DbType[] ItemTypes =
    [
        DbType.Int64, DbType.String, DbType.Int16, DbType.Int16, DbType.Int16, DbType.String, DbType.String, DbType.Date, DbType.Date,
        DbType.Date, DbType.String, DbType.String,
    ];

    static object?[] Row(WorkItem item, string source, int ordinal) =>
    [
        item.PersonId, item.CommunityCode, (short)ordinal, (short)item.Group, item.Kind is { } kind ? (short)kind : null, item.ItemKey,
        item.ItemName, item.Due, item.WindowStart, item.WindowEnd, source, item.Plan is { } plan ? JsonSerializer.Serialize(plan.ToList(), PlanJson) : null,
    ];

    /// <summary>A catch-up plan read back from its kept JSON.</summary>
    public static DosePlan? PlanOf(string? json) =>
        json is null ? null : new DosePlan(JsonSerializer.Deserialize<List<PlannedDose>>(json, PlanJson) ?? []);

    /// <summary>
    /// Multi-row INSERTs of the rows, <see cref="RowsPerInsert"/> a statement, with parameters (both databases). A null is sent typed (<paramref name="types"/>): PostgreSQL cannot infer the type of an untyped null in a VALUES list.
    /// </summary>
    static async Task InsertAsync(DbTransaction transaction, string sql, IEnumerable<object?[]> rows, DbType[] types, CancellationToken ct)
    {
        foreach (var batch in rows.Chunk(RowsPerInsert))
        {
            await using var command = transaction.Connection!.CreateCommand();
            command.Transaction = transaction;
            var values = new List<string>(batch.Length);
            var n = 0;
            foreach (var row in batch)
            {
                var names = new string[row.Length];
                for (var c = 0; c < row.Length; c++)
                {
                    var parameter = command.CreateParameter();
                    parameter.ParameterName = names[c] = "@p" + n++;
                    if (row[c] is { } value) parameter.Value = value;
                    else (parameter.DbType, parameter.Value) = (types[c], DBNull.Value);
                    command.Parameters.Add(parameter);
                }
                values.Add("(" + string.Join(", ", names) + ")");
            }
            command.CommandText = string.Format(System.Globalization.CultureInfo.InvariantCulture, sql, string.Join(", ", values));
            await command.ExecuteNonQueryAsync(ct);
        }
    }
}
