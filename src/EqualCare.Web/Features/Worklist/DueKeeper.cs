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
    /// so two requests keeping the same person one after the other never leave her items twice. <paramref name="then"/>, a
    /// statement of the caller, runs after the last one, in the same round trip.
    /// </summary>
    /// <remarks>
    /// Two round trips a chunk (issue 15, write of one service record: the ten of before were 70 % of a write at 1M
    /// persons): the first sends the marker, the kept counts' locks and the old items' subtraction, the delete and the six
    /// reads of the persons' cases as one batch; the second the new items, the persons' order keys and the counts' addition.
    /// </remarks>
    public async Task KeepAsync(IEnumerable<long> personIds, DateOnly today, CancellationToken ct, string? then = null)
    {
        var calculator = new DueCalculator(db, options);
        var chunks = personIds.Distinct().Order().Chunk(ChunkPersons).ToList();
        if (chunks.Count == 0 && then is not null) chunks.Add([]);
        for (var c = 0; c < chunks.Count; c++)
        {
            var chunk = chunks[c];
            var last = c == chunks.Count - 1;
            var own = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
            try
            {
                var transaction = db.Database.CurrentTransaction!.GetDbTransaction();
                if (chunk.Length == 0)
                {
                    await RunAsync(transaction, [new Statement(then!, 0, [])], today, ct);
                    if (own is not null) await own.CommitAsync(ct);
                    continue;
                }
                var ids = IdList(chunk);
                List<(long Id, string Community)> located = [];
                IReadOnlyList<CaseDue> cases;
                // The kept counts of the communities the chunk leaves and enters change by delta (KeptCounts): their rows
                // are locked (and created, unknown, for a community never counted) before the items change, then the old
                // items' contribution is subtracted and the new one added, where a row is counted for today.
                await using (var first = transaction.Connection!.CreateCommand())
                {
                    first.Transaction = transaction;
                    first.CommandText = string.Join(";\n",
                        "INSERT INTO due_kept_persons (person_id, community_code, computed_on) "
                        + $"SELECT id, community_code, @today FROM persons WHERE id IN ({ids}) ORDER BY id "
                        + "ON CONFLICT (person_id) DO UPDATE SET community_code = excluded.community_code, computed_on = excluded.computed_on",
                        KeptCounts.TouchSql(ids),
                        KeptCounts.DeltaSql(ids, subtract: true),
                        $"DELETE FROM due_items WHERE person_id IN ({ids})",
                        $"SELECT id, community_code FROM persons WHERE id IN ({ids}) ORDER BY id",
                        DueCalculator.CasesSql(ids));
                    KeptCounts.AddDay(first, today);
                    await using var reader = await first.ExecuteReaderAsync(ct);
                    while (await reader.ReadAsync(ct)) located.Add((reader.GetInt64(0), reader.GetString(1)));
                    await reader.NextResultAsync(ct);
                    cases = await calculator.CasesAsync(reader, today, ct);
                }
                var items = cases.Select(x => WorklistQuery.ItemsOf(x, today).ToList()).ToList();
                var statements = Inserts(
                    "INSERT INTO due_items (person_id, community_code, ordinal, work_group, kind, item_key, name, due, window_start, "
                    + "window_end, source, plan) VALUES {0}",
                    items.SelectMany(person => person.Select((x, i) => Row(x.Item, x.Source, i))), ItemTypes);
                // Her keys in the list's order (PersonRows.Of), valid for today: the page is an ORDER BY … LIMIT on them.
                var keys = items.Where(person => person.Count > 0)
                    .ToDictionary(person => person[0].Item.PersonId, person => SortKey(person.Select(x => x.Item), today));
                statements.AddRange(Inserts(
                    "INSERT INTO due_kept_persons (person_id, community_code, computed_on, urgency, first_due, items) VALUES {0} "
                    + "ON CONFLICT (person_id) DO UPDATE SET urgency = excluded.urgency, first_due = excluded.first_due, items = excluded.items",
                    located.Select(p => keys.TryGetValue(p.Id, out var k)
                        ? new object?[] { p.Id, p.Community, today, k.Urgency, k.FirstDue, k.Items }
                        : [p.Id, p.Community, today, (short)1, null, 0]), KeyTypes));
                statements.Add(new Statement(KeptCounts.DeltaSql(ids, subtract: false), 0, []));
                if (last && then is not null) statements.Add(new Statement(then, 0, []));
                await RunAsync(transaction, statements, today, ct);
                if (own is not null) await own.CommitAsync(ct);
            }
            finally
            {
                if (own is not null) await own.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// A statement; a multi-row INSERT has its VALUES list as {0} in <paramref name="Sql"/> and <paramref name="Columns"/>
    /// values a row (the parameters are named when the command is built).
    /// </summary>
    sealed record Statement(string Sql, int Columns, List<(object? Value, DbType Type)> Values);

    /// <summary>Parameters a command takes before the next statement goes into another one (both databases allow far more a statement).</summary>
    const int ParametersPerCommand = 6000;

    /// <summary>
    /// The statements in as few commands as the parameters allow: for a write's few persons, one round trip. The
    /// parameters are renumbered per command; each command also has the day's (@today, @week, @month).
    /// </summary>
    static async Task RunAsync(DbTransaction transaction, List<Statement> statements, DateOnly today, CancellationToken ct)
    {
        var from = 0;
        while (from < statements.Count)
        {
            var to = from;
            var count = 0;
            while (to < statements.Count && (to == from || count + statements[to].Values.Count <= ParametersPerCommand)) count += statements[to++].Values.Count;
            await using var command = transaction.Connection!.CreateCommand();
            command.Transaction = transaction;
            KeptCounts.AddDay(command, today);
            var texts = new List<string>(to - from);
            var n = 0;
            for (var i = from; i < to; i++)
            {
                var statement = statements[i];
                if (statement.Columns == 0)
                {
                    texts.Add(statement.Sql);
                    continue;
                }
                var tuples = new System.Text.StringBuilder();
                for (var v = 0; v < statement.Values.Count; v++)
                {
                    var (value, type) = statement.Values[v];
                    var parameter = command.CreateParameter();
                    parameter.ParameterName = "@p" + n++.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    if (value is not null) parameter.Value = value;
                    else (parameter.DbType, parameter.Value) = (type, DBNull.Value);
                    command.Parameters.Add(parameter);
                    var column = v % statement.Columns;
                    tuples.Append(column == 0 ? (v == 0 ? "(" : "), (") : ", ").Append(parameter.ParameterName);
                }
                texts.Add(string.Format(System.Globalization.CultureInfo.InvariantCulture, statement.Sql, tuples.Append(')')));
            }
            command.CommandText = string.Join(";\n", texts);
            await command.ExecuteNonQueryAsync(ct);
            from = to;
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
    /// Multi-row INSERTs of the rows, <see cref="RowsPerInsert"/> a statement. A null is sent typed (<paramref name="types"/>):
    /// PostgreSQL cannot infer the type of an untyped null in a VALUES list.
    /// </summary>
    static List<Statement> Inserts(string sql, IEnumerable<object?[]> rows, DbType[] types)
    {
        var statements = new List<Statement>();
        foreach (var batch in rows.Chunk(RowsPerInsert))
        {
            var values = new List<(object?, DbType)>(batch.Length * types.Length);
            foreach (var row in batch)
                for (var c = 0; c < row.Length; c++) values.Add((row[c], types[c]));
            statements.Add(new Statement(sql, types.Length, values));
        }
        return statements;
    }
}
