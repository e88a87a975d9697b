using EqualCare.Web.Data;
using EqualCare.Web.Domain.Services;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;

namespace EqualCare.Web.Features.Demo;

/// <summary>
/// Demo service records in bulk, in the columns the generator fills: binary COPY on PostgreSQL, one prepared INSERT in one
/// transaction on SQLite (values in the text forms EF Core's SQLite provider reads back). Ids come from the identity.
/// </summary>
static class DemoServicesCopy
{
    const string Columns = """
        person_id, community_code, kind, fulfils, service_date, recorded_at, recorded_by, record_number, vaccine, dose_number,
        injection_site, result, report_sent_to_hukou, place, gestational_weeks, high_risk, operation, item, quantity
        """;

    public static async Task<int> WriteAsync(NpgsqlConnection connection, IEnumerable<ServiceRecord> records, CancellationToken ct)
    {
        var count = 0;
        await using var copy = await connection.BeginBinaryImportAsync($"COPY service_records ({Columns}) FROM STDIN (FORMAT BINARY)", ct);
        // The foreign-key checks of all rows run when the COPY completes: for millions of records that outlasts the
        // command timeout, so the load waits as long as it takes (cancellation still ends it).
        copy.Timeout = TimeSpan.FromHours(1);
        // Synchronous writes into the importer's buffer, as for the persons (PostgresPersonsCopy).
        foreach (var r in records)
        {
            ct.ThrowIfCancellationRequested();
            copy.StartRow();
            copy.Write(r.PersonId, NpgsqlDbType.Bigint);
            copy.Write(r.CommunityCode, NpgsqlDbType.Varchar);
            copy.Write((short)r.Kind, NpgsqlDbType.Smallint);
            Nullable(copy, (short?)r.Fulfils, NpgsqlDbType.Smallint);
            copy.Write(r.ServiceDate, NpgsqlDbType.Date);
            copy.Write(r.RecordedAt, NpgsqlDbType.TimestampTz);
            copy.Write(r.RecordedBy, NpgsqlDbType.Text);
            Nullable(copy, r.RecordNumber, NpgsqlDbType.Varchar);
            Nullable(copy, r.Vaccine, NpgsqlDbType.Text);
            Nullable(copy, r.DoseNumber, NpgsqlDbType.Smallint);
            Nullable(copy, r.InjectionSite, NpgsqlDbType.Text);
            Nullable(copy, (short?)r.Result, NpgsqlDbType.Smallint);
            Nullable(copy, r.ReportSentToHukou, NpgsqlDbType.Boolean);
            Nullable(copy, r.Place, NpgsqlDbType.Text);
            Nullable(copy, r.GestationalWeeks, NpgsqlDbType.Smallint);
            Nullable(copy, r.HighRisk, NpgsqlDbType.Boolean);
            Nullable(copy, (short?)r.Operation, NpgsqlDbType.Smallint);
            Nullable(copy, r.Item, NpgsqlDbType.Text);
            Nullable(copy, r.Quantity, NpgsqlDbType.Integer);
            count++;
        }
        await copy.CompleteAsync(ct);
        return count;
    }

    static void Nullable<T>(NpgsqlBinaryImporter copy, T? value, NpgsqlDbType type) where T : struct
    {
        if (value is { } v) copy.Write(v, type);
        else copy.WriteNull();
    }

    static void Nullable(NpgsqlBinaryImporter copy, string? value, NpgsqlDbType type)
    {
        if (value is not null) copy.Write(value, type);
        else copy.WriteNull();
    }

    public static async Task<int> WriteAsync(SqliteConnection connection, IEnumerable<ServiceRecord> records, CancellationToken ct)
    {
        await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(ct);
        await using var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = $"""
            INSERT INTO service_records ({Columns})
            VALUES ($person, $community, $kind, $fulfils, $date, $recorded_at, $recorded_by, $record_number, $vaccine, $dose,
                    $site, $result, $report, $place, $weeks, $high_risk, $operation, $item, $quantity)
            """;
        var person = cmd.AddParameter("$person");
        var community = cmd.AddParameter("$community");
        var kind = cmd.AddParameter("$kind");
        var fulfils = cmd.AddParameter("$fulfils");
        var date = cmd.AddParameter("$date");
        var recordedAt = cmd.AddParameter("$recorded_at");
        var recordedBy = cmd.AddParameter("$recorded_by");
        var recordNumber = cmd.AddParameter("$record_number");
        var vaccine = cmd.AddParameter("$vaccine");
        var dose = cmd.AddParameter("$dose");
        var site = cmd.AddParameter("$site");
        var result = cmd.AddParameter("$result");
        var report = cmd.AddParameter("$report");
        var place = cmd.AddParameter("$place");
        var weeks = cmd.AddParameter("$weeks");
        var highRisk = cmd.AddParameter("$high_risk");
        var operation = cmd.AddParameter("$operation");
        var item = cmd.AddParameter("$item");
        var quantity = cmd.AddParameter("$quantity");
        await cmd.PrepareAsync(ct);

        var count = 0;
        DateTime? stamp = null;
        var stampText = "";
        foreach (var r in records)
        {
            person.Value = r.PersonId;
            community.Value = r.CommunityCode;
            kind.Value = (int)r.Kind;
            fulfils.Value = r.Fulfils is { } f ? (int)f : DBNull.Value;
            date.Value = SqliteBulk.Date(r.ServiceDate);
            // Every record of one run carries the same stamp: format it once.
            if (stamp != r.RecordedAt)
            {
                stamp = r.RecordedAt;
                stampText = SqliteBulk.Timestamp(r.RecordedAt);
            }
            recordedAt.Value = stampText;
            recordedBy.Value = r.RecordedBy;
            recordNumber.Value = (object?)r.RecordNumber ?? DBNull.Value;
            vaccine.Value = (object?)r.Vaccine ?? DBNull.Value;
            dose.Value = r.DoseNumber is { } d ? (int)d : DBNull.Value;
            site.Value = (object?)r.InjectionSite ?? DBNull.Value;
            result.Value = r.Result is { } o ? (int)o : DBNull.Value;
            report.Value = r.ReportSentToHukou is { } b ? (b ? 1 : 0) : DBNull.Value;
            place.Value = (object?)r.Place ?? DBNull.Value;
            weeks.Value = r.GestationalWeeks is { } w ? (int)w : DBNull.Value;
            highRisk.Value = r.HighRisk is { } h ? (h ? 1 : 0) : DBNull.Value;
            operation.Value = r.Operation is { } op ? (int)op : DBNull.Value;
            item.Value = (object?)r.Item ?? DBNull.Value;
            quantity.Value = r.Quantity is { } q ? q : DBNull.Value;
            await cmd.ExecuteNonQueryAsync(ct);
            count++;
        }
        await tx.CommitAsync(ct);
        return count;
    }
}
