using Npgsql;
using NpgsqlTypes;

namespace EqualCare.Web.Features.Comparison;

/// <summary>
/// A list's rows and its results written by binary COPY on PostgreSQL, inside the comparison's transaction (COPY joins the
/// connection's open transaction). Measured at 200,000 rows against 1,000,000 persons: the multi-row INSERTs of the rows
/// and of the results were 10.4 s and about 11 s of a 34 s comparison (docs/performance.md, "compare").
/// </summary>
static class ComparisonCopy
{
    public readonly record struct Row(int RowNumber, string Cells, string Name, string? IdNumber, short? Sex, string? BirthDate,
        string? Address, short? MaritalStatus, string? Phone, string? CommunityCode, bool InScope);

    public readonly record struct Result(long RowId, short Kind, string CommunityCode, long? PersonId, long? CandidateId, short Method,
        int Agreed, string Detail);

    public static async Task RowsAsync(NpgsqlConnection connection, long listId, IEnumerable<Row> rows, CancellationToken ct)
    {
        await using var copy = await connection.BeginBinaryImportAsync(
            "COPY agency_list_rows (list_id, row_number, cells, name, id_number, sex, birth_date, address, marital_status, phone, community_code, in_scope) FROM STDIN (FORMAT BINARY)",
            ct);
        // A list of the largest size is copied within a minute on a loaded server; the command timeout must not end it.
        copy.Timeout = TimeSpan.FromMinutes(10);
        foreach (var r in rows)
        {
            await copy.StartRowAsync(ct);
            await copy.WriteAsync(listId, NpgsqlDbType.Bigint, ct);
            await copy.WriteAsync(r.RowNumber, NpgsqlDbType.Integer, ct);
            await copy.WriteAsync(r.Cells, NpgsqlDbType.Text, ct);
            await copy.WriteAsync(r.Name, NpgsqlDbType.Text, ct);
            await TextAsync(copy, r.IdNumber, NpgsqlDbType.Varchar, ct);
            await SmallAsync(copy, r.Sex, ct);
            await TextAsync(copy, r.BirthDate, NpgsqlDbType.Text, ct);
            await TextAsync(copy, r.Address, NpgsqlDbType.Text, ct);
            await SmallAsync(copy, r.MaritalStatus, ct);
            await TextAsync(copy, r.Phone, NpgsqlDbType.Text, ct);
            await TextAsync(copy, r.CommunityCode, NpgsqlDbType.Varchar, ct);
            await copy.WriteAsync(r.InScope, NpgsqlDbType.Boolean, ct);
        }
        await copy.CompleteAsync(ct);
    }

    public static async Task ResultsAsync(NpgsqlConnection connection, long listId, IEnumerable<Result> results, CancellationToken ct)
    {
        await using var copy = await connection.BeginBinaryImportAsync(
            "COPY comparison_results (list_id, row_id, kind, community_code, person_id, candidate_id, match_method, agreed, detail) FROM STDIN (FORMAT BINARY)",
            ct);
        copy.Timeout = TimeSpan.FromMinutes(10);
        foreach (var r in results)
        {
            await copy.StartRowAsync(ct);
            await copy.WriteAsync(listId, NpgsqlDbType.Bigint, ct);
            await copy.WriteAsync(r.RowId, NpgsqlDbType.Bigint, ct);
            await copy.WriteAsync(r.Kind, NpgsqlDbType.Smallint, ct);
            await copy.WriteAsync(r.CommunityCode, NpgsqlDbType.Varchar, ct);
            await BigAsync(copy, r.PersonId, ct);
            await BigAsync(copy, r.CandidateId, ct);
            await copy.WriteAsync(r.Method, NpgsqlDbType.Smallint, ct);
            await copy.WriteAsync(r.Agreed, NpgsqlDbType.Integer, ct);
            await copy.WriteAsync(r.Detail, NpgsqlDbType.Text, ct);
        }
        await copy.CompleteAsync(ct);
    }

    static Task TextAsync(NpgsqlBinaryImporter copy, string? value, NpgsqlDbType type, CancellationToken ct) =>
        value is null ? copy.WriteNullAsync(ct) : copy.WriteAsync(value, type, ct);

    static Task SmallAsync(NpgsqlBinaryImporter copy, short? value, CancellationToken ct) =>
        value is { } v ? copy.WriteAsync(v, NpgsqlDbType.Smallint, ct) : copy.WriteNullAsync(ct);

    static Task BigAsync(NpgsqlBinaryImporter copy, long? value, CancellationToken ct) =>
        value is { } v ? copy.WriteAsync(v, NpgsqlDbType.Bigint, ct) : copy.WriteNullAsync(ct);
}
