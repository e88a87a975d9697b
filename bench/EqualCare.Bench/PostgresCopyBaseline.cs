using System.Diagnostics;
using Dapper;
using EqualCare.Web.Data;
using Npgsql;

namespace EqualCare.Bench;

/// <summary>
/// The baseline on PostgreSQL: the rows just generated, exported to a CSV file, then loaded by <c>psql \copy</c> (or,
/// without psql on PATH, by Npgsql's text COPY of the same file) into an empty copy of persons with all its indexes.
/// </summary>
static class PostgresCopyBaseline
{
    public static async Task<(string Tool, double Seconds)> RunAsync(DbConnectionFactory connections, long idsAfter, string csv,
        CancellationToken ct)
    {
        var columns = string.Join(", ", GenerateBench.Columns);
        await using var connection = (NpgsqlConnection)await connections.OpenAsync(ct);
        await ExportAsync(connection, columns, idsAfter, csv, ct);
        await connection.ExecuteAsync($"DROP TABLE IF EXISTS {GenerateBench.BaselineTable}");
        await connection.ExecuteAsync($"CREATE TABLE {GenerateBench.BaselineTable} (LIKE persons INCLUDING ALL)");
        try
        {
            await GenerateBench.CheckpointAsync(connections, ct);
            if (GenerateBench.OnPath("psql")) return ("psql \\copy", await PsqlCopyAsync(connection, columns, csv, ct));
            return ("Npgsql text COPY (psql not on PATH)", await NpgsqlCopyAsync(connection, columns, csv, ct));
        }
        finally
        {
            await connection.ExecuteAsync($"DROP TABLE IF EXISTS {GenerateBench.BaselineTable}");
        }
    }

    static async Task ExportAsync(NpgsqlConnection connection, string columns, long idsAfter, string csv, CancellationToken ct)
    {
        using var export = await connection.BeginTextExportAsync(
            $"COPY (SELECT {columns} FROM persons WHERE id > {idsAfter} ORDER BY id) TO STDOUT (FORMAT CSV)", ct);
        await using var file = new StreamWriter(csv);
        var buffer = new char[1 << 16];
        int read;
        while ((read = await export.ReadAsync(buffer, ct)) > 0) await file.WriteAsync(buffer.AsMemory(0, read), ct);
    }

    static async Task<double> PsqlCopyAsync(NpgsqlConnection connection, string columns, string csv, CancellationToken ct)
    {
        var settings = new NpgsqlConnectionStringBuilder(connection.ConnectionString);
        var start = new ProcessStartInfo("psql");
        foreach (var a in new[]
                 {
                     "-X", "-q", "-v", "ON_ERROR_STOP=1",
                     "-h", settings.Host ?? "localhost", "-p", settings.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                     "-U", settings.Username ?? "postgres", "-d", settings.Database ?? "postgres",
                     "-c", $"\\copy {GenerateBench.BaselineTable} ({columns}) FROM '{csv}' WITH (FORMAT csv)",
                 })
            start.ArgumentList.Add(a);
        if (!string.IsNullOrEmpty(settings.Password)) start.Environment["PGPASSWORD"] = settings.Password;
        return await GenerateBench.TimeToolAsync(start, ct);
    }

    static async Task<double> NpgsqlCopyAsync(NpgsqlConnection connection, string columns, string csv, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        await using (var import = await connection.BeginTextImportAsync(
                         $"COPY {GenerateBench.BaselineTable} ({columns}) FROM STDIN (FORMAT CSV)", ct))
        {
            using var file = new StreamReader(csv);
            var buffer = new char[1 << 16];
            int read;
            while ((read = await file.ReadAsync(buffer, ct)) > 0) await import.WriteAsync(buffer.AsMemory(0, read), ct);
        }
        return watch.Elapsed.TotalSeconds;
    }
}
