using System.Data.Common;
using Dapper;
using EqualCare.Web.Data;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;

namespace EqualCare.Web.Features.Demo;

/// <summary>
/// What the service generator keeps beside the records: 婚育证明 and their checks, the communities' 康检 days with who came,
/// and the survey answers. Rows go in bulk as for the records (binary COPY on PostgreSQL, one prepared INSERT in one
/// transaction on SQLite). Certificates and check-up days get explicit ids after the largest one, so that the checks and
/// the attendance can point at them without reading them back; a check-up day already stored is reused.
/// </summary>
static class DemoRecordsWriter
{
    sealed record Column(string Name, NpgsqlDbType Type);

    public static async Task WriteAsync(DbConnection connection, DemoServiceGenerator generated, DateTime stampUtc, CancellationToken ct)
    {
        var certificateId = await connection.ExecuteScalarAsync<long?>(new CommandDefinition("SELECT max(id) FROM certificates", cancellationToken: ct)) ?? 0;
        var certificates = new List<object?[]>(generated.Certificates.Count);
        var checks = new List<object?[]>(generated.Certificates.Count);
        foreach (var (c, check) in generated.Certificates)
        {
            var id = ++certificateId;
            certificates.Add([id, c.PersonId, (short)c.Kind, (short?)c.Form, c.Number, c.IssuingOffice, c.IssueDate, c.ValidUntil, c.RecordedAt, c.RecordedBy]);
            if (check is not null) checks.Add([id, check.CheckedOn, check.Office, (short)check.Result, check.RecordedAt, check.RecordedBy]);
        }
        await WriteAsync(connection, "certificates", [new("id", NpgsqlDbType.Bigint), new("person_id", NpgsqlDbType.Bigint),
            new("kind", NpgsqlDbType.Smallint), new("form", NpgsqlDbType.Smallint), new("number", NpgsqlDbType.Text),
            new("issuing_office", NpgsqlDbType.Text), new("issue_date", NpgsqlDbType.Date), new("valid_until", NpgsqlDbType.Date),
            new("recorded_at", NpgsqlDbType.TimestampTz), new("recorded_by", NpgsqlDbType.Text)], certificates, ct);
        await WriteAsync(connection, "certificate_checks", [new("certificate_id", NpgsqlDbType.Bigint), new("checked_on", NpgsqlDbType.Date),
            new("office", NpgsqlDbType.Text), new("result", NpgsqlDbType.Smallint), new("recorded_at", NpgsqlDbType.TimestampTz),
            new("recorded_by", NpgsqlDbType.Text)], checks, ct);

        var days = await DaysAsync(connection, generated.Attendance, stampUtc, ct);
        await WriteAsync(connection, "checkup_attendance", [new("checkup_day_id", NpgsqlDbType.Bigint), new("person_id", NpgsqlDbType.Bigint),
            new("attended", NpgsqlDbType.Boolean), new("absence_reason", NpgsqlDbType.Smallint), new("recorded_at", NpgsqlDbType.TimestampTz),
            new("recorded_by", NpgsqlDbType.Text)],
            generated.Attendance.Select(a => new object?[] { days[(a.CommunityCode, a.Day)], a.PersonId, a.Attended, (short?)a.Reason, stampUtc,
                DemoServiceGenerator.RecordedBy }).ToList(), ct);

        await WriteAsync(connection, "survey_responses", [new("person_id", NpgsqlDbType.Bigint), new("community_code", NpgsqlDbType.Varchar),
            new("answered_on", NpgsqlDbType.Date), new("policy_known", NpgsqlDbType.Boolean), new("satisfied", NpgsqlDbType.Boolean),
            new("recorded_at", NpgsqlDbType.TimestampTz), new("recorded_by", NpgsqlDbType.Text)],
            generated.SurveyAnswers.Select(s => new object?[] { s.PersonId, s.CommunityCode, s.AnsweredOn, s.PolicyKnown, s.Satisfied, stampUtc,
                DemoServiceGenerator.RecordedBy }).ToList(), ct);

        if (connection is NpgsqlConnection)
            // Explicit ids: move the identities on so that later inserts through EF get fresh ones.
            await connection.ExecuteAsync(new CommandDefinition("""
                SELECT setval(pg_get_serial_sequence('certificates', 'id'), (SELECT COALESCE(max(id), 1) FROM certificates));
                SELECT setval(pg_get_serial_sequence('checkup_days', 'id'), (SELECT COALESCE(max(id), 1) FROM checkup_days));
                """, cancellationToken: ct));
    }

    /// <summary>The id of every check-up day the attendance names: the stored one, or a new row.</summary>
    static async Task<Dictionary<(string, DateOnly), long>> DaysAsync(
        DbConnection connection, IReadOnlyList<DemoAttendance> attendance, DateTime stampUtc, CancellationToken ct)
    {
        var wanted = attendance.Select(a => (a.CommunityCode, a.Day)).Distinct().ToList();
        var ids = new Dictionary<(string, DateOnly), long>();
        if (wanted.Count == 0) return ids;
        // The day as text on both databases (yyyy-MM-dd), so that one reading serves both.
        var stored = await connection.QueryAsync<(long Id, string Community, string Day)>(new CommandDefinition(
            "SELECT id, community_code, CAST(day AS TEXT) FROM checkup_days", cancellationToken: ct));
        foreach (var s in stored)
            ids[(s.Community, DateOnly.ParseExact(s.Day, SqliteBulk.DateFormat, System.Globalization.CultureInfo.InvariantCulture))] = s.Id;
        var next = await connection.ExecuteScalarAsync<long?>(new CommandDefinition("SELECT max(id) FROM checkup_days", cancellationToken: ct)) ?? 0;
        var rows = new List<object?[]>();
        foreach (var key in wanted.Where(w => !ids.ContainsKey(w)).OrderBy(w => w.Day).ThenBy(w => w.CommunityCode, StringComparer.Ordinal))
        {
            ids[key] = ++next;
            rows.Add([next, key.CommunityCode, key.Day, CheckupDays.Place, stampUtc, DemoServiceGenerator.RecordedBy]);
        }
        await WriteAsync(connection, "checkup_days", [new("id", NpgsqlDbType.Bigint), new("community_code", NpgsqlDbType.Varchar),
            new("day", NpgsqlDbType.Date), new("place", NpgsqlDbType.Text), new("created_at", NpgsqlDbType.TimestampTz),
            new("created_by", NpgsqlDbType.Text)], rows, ct);
        return ids;
    }

    static async Task WriteAsync(DbConnection connection, string table, IReadOnlyList<Column> columns, List<object?[]> rows,
        CancellationToken ct)
    {
        if (rows.Count == 0) return;
        var names = string.Join(", ", columns.Select(c => c.Name));
        if (connection is NpgsqlConnection pg)
        {
            await using var copy = await pg.BeginBinaryImportAsync($"COPY {table} ({names}) FROM STDIN (FORMAT BINARY)", ct);
            copy.Timeout = TimeSpan.FromHours(1);
            foreach (var row in rows)
            {
                ct.ThrowIfCancellationRequested();
                copy.StartRow();
                for (var i = 0; i < columns.Count; i++)
                {
                    if (row[i] is null) copy.WriteNull();
                    else copy.Write(row[i]!, columns[i].Type);
                }
            }
            await copy.CompleteAsync(ct);
            return;
        }
        var sqlite = (SqliteConnection)connection;
        await using var tx = (SqliteTransaction)await sqlite.BeginTransactionAsync(ct);
        await using var cmd = sqlite.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = $"INSERT INTO {table} ({names}) VALUES ({string.Join(", ", columns.Select((_, i) => "$p" + i))})";
        var parameters = columns.Select((_, i) => cmd.AddParameter("$p" + i)).ToArray();
        await cmd.PrepareAsync(ct);
        foreach (var row in rows)
        {
            for (var i = 0; i < columns.Count; i++)
                parameters[i].Value = row[i] switch
                {
                    null => DBNull.Value,
                    DateOnly d => SqliteBulk.Date(d),
                    DateTime t => SqliteBulk.Timestamp(t),
                    bool b => b ? 1 : 0,
                    short s => (int)s,
                    var v => v,
                };
            await cmd.ExecuteNonQueryAsync(ct);
        }
        await tx.CommitAsync(ct);
    }
}
