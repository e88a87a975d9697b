using System.Data.Common;
using System.Globalization;
using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using EqualCare.Web.Domain.Schedules;
using Microsoft.EntityFrameworkCore;

namespace EqualCare.Web.Features.Worklist;

/// <summary>
/// The to-do list's counts kept per community and day (table due_kept_communities, issue 15): <see cref="WorklistCounts.Of"/>
/// over the community's kept items with that day's 逾期/week/month. A row counted for today changes by delta in the
/// transaction that rewrites a person's items (<see cref="DueKeeper"/>: the old items' contribution subtracted before they
/// are deleted, the new one added after); a row of another day, or unknown, is rebuilt from the items when a list of its
/// unit is read. Both read the one expression <see cref="PerCommunity"/>, so the kept figure and the rule are one source.
/// A unit's counts are the sum over its communities' rows (a range of the primary key).
/// </summary>
public static class KeptCounts
{
    /// <summary>
    /// One row per person and community of the selected items with her contribution to each count: the conditions are
    /// those of <see cref="WorklistCounts.Of"/> (逾期: <see cref="OverdueRule"/>, window ended and due date passed; this
    /// week/month: not 逾期 and due within 7/31 days; a child missing doses: one with a 逾期 vaccination, counted once).
    /// </summary>
    const string PerPerson =
        "SELECT person_id, community_code, COUNT(*) AS items, "
        + "SUM(CASE WHEN window_end < @today AND due < @today THEN 1 ELSE 0 END) AS overdue, "
        + "SUM(CASE WHEN NOT (window_end < @today AND due < @today) AND due <= @week THEN 1 ELSE 0 END) AS week, "
        + "SUM(CASE WHEN NOT (window_end < @today AND due < @today) AND due <= @month THEN 1 ELSE 0 END) AS month, "
        + "SUM(CASE WHEN work_group = {1} THEN 1 ELSE 0 END) AS arrivals, "
        + "SUM(CASE WHEN kind = {2} THEN 1 ELSE 0 END) AS pregnancies, "
        + "MAX(CASE WHEN work_group = {3} AND window_end < @today AND due < @today THEN 1 ELSE 0 END) AS children, "
        + "SUM(CASE WHEN work_group = {4} THEN 1 ELSE 0 END) AS certificates, "
        + "SUM(CASE WHEN work_group = {5} THEN 1 ELSE 0 END) AS records, "
        + "SUM(CASE WHEN work_group = {6} THEN 1 ELSE 0 END) AS checkups "
        + "FROM due_items WHERE {0} GROUP BY person_id, community_code";

    /// <summary>The counts per community of the items selected by the condition {0}.</summary>
    static string PerCommunity(string where) =>
        "SELECT community_code, CAST(COUNT(*) AS INTEGER) AS persons, "
        + string.Join(", ", Columns.Skip(1).Select(c => $"CAST(SUM({c}) AS INTEGER) AS {c}"))
        + " FROM (" + PerPersonSql.Replace("{0}", where, StringComparison.Ordinal) + ") p GROUP BY community_code";

    /// <summary><see cref="PerPerson"/> with the groups' and kinds' numbers in place (the where condition is put in per statement).</summary>
    static readonly string PerPersonSql = PerPerson
        .Replace("{1}", N((short)WorkGroup.NewArrival), StringComparison.Ordinal).Replace("{2}", N((int)CareKind.AntenatalBooking), StringComparison.Ordinal)
        .Replace("{3}", N((short)WorkGroup.Immunisation), StringComparison.Ordinal).Replace("{4}", N((short)WorkGroup.Certificate), StringComparison.Ordinal)
        .Replace("{5}", N((short)WorkGroup.HealthRecord), StringComparison.Ordinal).Replace("{6}", N((short)WorkGroup.Checkup), StringComparison.Ordinal);

    static string N(int n) => n.ToString(CultureInfo.InvariantCulture);

    /// <summary>The kept columns, in <see cref="WorklistCounts"/>' order after the persons.</summary>
    static readonly string[] Columns =
        ["persons", "items", "overdue", "week", "month", "arrivals", "pregnancies", "children", "certificates", "records", "checkups"];

    /// <summary>
    /// Locks the count rows of the communities the persons' items are in and of the communities they are in now, creating
    /// an unknown row (rebuilt when read) for a community never counted, and moves their version on: a rebuild that read
    /// the items before this write commits does not apply its aggregate. A new row starts at version 1, so every touch, a
    /// community's first included, moves the sum of a range's versions on (<see cref="SumSql"/>: the kept first page's
    /// token, <see cref="FirstPages"/>). In community order, so two writes never deadlock.
    /// </summary>
    public static async Task TouchAsync(DbTransaction transaction, string ids, CancellationToken ct) =>
        await ExecuteAsync(transaction, TouchSql(ids), null, ct);

    /// <inheritdoc cref="TouchAsync"/>
    public static string TouchSql(string ids) =>
        "INSERT INTO due_kept_communities (community_code, version) SELECT c, 1 FROM ("
        + $"SELECT community_code AS c FROM due_items WHERE person_id IN ({ids}) UNION SELECT community_code FROM persons WHERE id IN ({ids})"
        + ") u WHERE true ORDER BY c ON CONFLICT (community_code) DO UPDATE SET version = due_kept_communities.version + 1";

    /// <summary>Subtracts (or adds) the contribution of the persons' present items to the rows counted for today.</summary>
    public static async Task ApplyDeltaAsync(DbTransaction transaction, string ids, DateOnly today, bool subtract, CancellationToken ct) =>
        await ExecuteAsync(transaction, DeltaSql(ids, subtract), today, ct);

    /// <summary>
    /// <inheritdoc cref="ApplyDeltaAsync"/> As a statement to send in a batch: its parameters are @today, @week and
    /// @month (<see cref="AddDay"/>).
    /// </summary>
    public static string DeltaSql(string ids, bool subtract)
    {
        var sign = subtract ? "-" : "+";
        return "UPDATE due_kept_communities SET " + string.Join(", ", Columns.Select(c => $"{c} = due_kept_communities.{c} {sign} d.{c}"))
            + " FROM (" + PerCommunity($"person_id IN ({ids})") + ") AS d "
            + "WHERE due_kept_communities.community_code = d.community_code AND due_kept_communities.computed_on = @today";
    }

    /// <summary>The day's parameters of <see cref="DeltaSql"/>: @today, @week, @month.</summary>
    public static void AddDay(DbCommand command, DateOnly today)
    {
        Add(command, "@today", today);
        Add(command, "@week", today.AddDays(7));
        Add(command, "@month", today.AddDays(31));
    }

    /// <summary>
    /// The sum over a range's kept rows (parameters @today, @low, @high) as a subquery of one row: how many rows are not
    /// counted for today, then <see cref="Columns"/>, then the sum of the rows' versions (moved on by every write that touches
    /// one, <see cref="TouchSql"/>). For a statement that reads it with other things (<see cref="ReadSum"/>).
    /// </summary>
    public static string SumSql =>
        "(SELECT COUNT(CASE WHEN computed_on IS NULL OR computed_on <> @today THEN 1 END) AS stale, "
        + string.Join(", ", Columns.Select(c => $"COALESCE(CAST(SUM({c}) AS INTEGER), 0) AS sum_{c}"))
        + ", COALESCE(SUM(version), 0) AS sum_version"
        + " FROM due_kept_communities WHERE community_code >= @low AND community_code <= @high)";

    /// <summary>The stale count, the sums and the versions' sum of <see cref="SumSql"/>, at <paramref name="offset"/> of the reader's row.</summary>
    public static (long Stale, WorklistCounts Counts, int Persons, long Versions) ReadSum(DbDataReader reader, int offset)
    {
        var v = new int[Columns.Length];
        for (var i = 0; i < v.Length; i++) v[i] = Convert.ToInt32(reader.GetValue(offset + 1 + i), CultureInfo.InvariantCulture);
        return (Convert.ToInt64(reader.GetValue(offset), CultureInfo.InvariantCulture),
            new WorklistCounts(v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10]), v[0],
            Convert.ToInt64(reader.GetValue(offset + 1 + Columns.Length), CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// The unit's counts from the kept rows, after rebuilding those not counted for today; null when a row could not be
    /// rebuilt after a few tries (writes kept moving it on): the caller then counts the items themselves.
    /// </summary>
    public static async Task<(WorklistCounts Counts, int Persons)?> ReadAsync(EqualCareDb db, OrgCode unit, DateOnly today, CancellationToken ct)
    {
        var (low, high) = unit.Range;
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            var connection = db.Database.GetDbConnection();
            for (var attempt = 0; attempt < 4; attempt++)
            {
                await using (var sum = Command(connection, null,
                                 "SELECT COUNT(CASE WHEN computed_on IS NULL OR computed_on <> @today THEN 1 END), "
                                 + string.Join(", ", Columns.Select(c => $"COALESCE(CAST(SUM({c}) AS INTEGER), 0)"))
                                 + " FROM due_kept_communities WHERE community_code >= @low AND community_code <= @high", today))
                {
                    Add(sum, "@low", low);
                    Add(sum, "@high", high);
                    await using var reader = await sum.ExecuteReaderAsync(ct);
                    await reader.ReadAsync(ct);
                    if (Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture) == 0)
                    {
                        var v = new int[Columns.Length];
                        for (var i = 0; i < v.Length; i++) v[i] = Convert.ToInt32(reader.GetValue(i + 1), CultureInfo.InvariantCulture);
                        return (new WorklistCounts(v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10]), v[0]);
                    }
                }
                await RebuildAsync(connection, low, high, today, ct);
            }
            return null;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>
    /// Rebuilds the rows of the range not counted for today: the aggregate and each row's version read in one statement
    /// (one snapshot), then each row set to it only if its version is unchanged, one statement a row outside any
    /// transaction (a row lock held no longer than its statement: a rebuild never waits for a write while holding a row it wants).
    /// </summary>
    static async Task RebuildAsync(DbConnection connection, string low, string high, DateOnly today, CancellationToken ct)
    {
        const string stale = "community_code >= @low AND community_code <= @high AND (computed_on IS NULL OR computed_on <> @today)";
        var rows = new List<(string Code, long Version, int[] Values)>();
        await using (var read = Command(connection, null,
                         "SELECT c.community_code, c.version, " + string.Join(", ", Columns.Select(x => $"COALESCE(a.{x}, 0)"))
                         + " FROM due_kept_communities c LEFT JOIN ("
                         + PerCommunity($"community_code IN (SELECT community_code FROM due_kept_communities WHERE {stale})")
                         + ") a ON a.community_code = c.community_code "
                         + "WHERE c.community_code >= @low AND c.community_code <= @high AND (c.computed_on IS NULL OR c.computed_on <> @today)", today))
        {
            Add(read, "@low", low);
            Add(read, "@high", high);
            await using var reader = await read.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var values = new int[Columns.Length];
                for (var i = 0; i < values.Length; i++) values[i] = Convert.ToInt32(reader.GetValue(i + 2), CultureInfo.InvariantCulture);
                rows.Add((reader.GetString(0), Convert.ToInt64(reader.GetValue(1), CultureInfo.InvariantCulture), values));
            }
        }
        foreach (var (code, version, values) in rows)
        {
            await using var update = Command(connection, null,
                "UPDATE due_kept_communities SET computed_on = @today, " + string.Join(", ", Columns.Select((c, i) => $"{c} = @v{i}"))
                + " WHERE community_code = @code AND version = @version", today);
            Add(update, "@code", code);
            Add(update, "@version", version);
            for (var i = 0; i < values.Length; i++) Add(update, "@v" + i.ToString(CultureInfo.InvariantCulture), values[i]);
            await update.ExecuteNonQueryAsync(ct);
        }
    }

    /// <summary>The counts recomputed from the kept items of the range, for the consistency check (no kept row read).</summary>
    public static async Task<Dictionary<string, int[]>> RecomputeAsync(EqualCareDb db, OrgCode unit, DateOnly today, CancellationToken ct)
    {
        var (low, high) = unit.Range;
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            var result = new Dictionary<string, int[]>(StringComparer.Ordinal);
            await using var command = Command(db.Database.GetDbConnection(), null,
                PerCommunity("community_code >= @low AND community_code <= @high"), today);
            Add(command, "@low", low);
            Add(command, "@high", high);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var values = new int[Columns.Length];
                for (var i = 0; i < values.Length; i++) values[i] = Convert.ToInt32(reader.GetValue(i + 1), CultureInfo.InvariantCulture);
                result[reader.GetString(0)] = values;
            }
            return result;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>The kept rows counted for today in the range, for the consistency check.</summary>
    public static async Task<Dictionary<string, int[]>> KeptAsync(EqualCareDb db, OrgCode unit, DateOnly today, CancellationToken ct)
    {
        var (low, high) = unit.Range;
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            var result = new Dictionary<string, int[]>(StringComparer.Ordinal);
            await using var command = Command(db.Database.GetDbConnection(), null,
                "SELECT community_code, " + string.Join(", ", Columns) + " FROM due_kept_communities "
                + "WHERE community_code >= @low AND community_code <= @high AND computed_on = @today", today);
            Add(command, "@low", low);
            Add(command, "@high", high);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var values = new int[Columns.Length];
                for (var i = 0; i < values.Length; i++) values[i] = Convert.ToInt32(reader.GetValue(i + 1), CultureInfo.InvariantCulture);
                result[reader.GetString(0)] = values;
            }
            return result;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>The names of the kept columns, for the check's messages.</summary>
    public static IReadOnlyList<string> ColumnNames => Columns;

    static async Task ExecuteAsync(DbTransaction transaction, string sql, DateOnly? today, CancellationToken ct)
    {
        await using var command = Command(transaction.Connection!, transaction, sql, today);
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>A command with the day's parameters (@today, @week, @month) when the statement uses them.</summary>
    static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql, DateOnly? today)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        if (today is { } t)
        {
            Add(command, "@today", t);
            if (sql.Contains("@week", StringComparison.Ordinal)) Add(command, "@week", t.AddDays(7));
            if (sql.Contains("@month", StringComparison.Ordinal)) Add(command, "@month", t.AddDays(31));
        }
        return command;
    }

    static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
