using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using Dapper;
using EqualCare.Web.Data;
using EqualCare.Web.Features.Demo;
using Microsoft.Extensions.DependencyInjection;

namespace EqualCare.Bench;

/// <summary>
/// <c>generate --persons N</c>: the demo-data generator writing N persons, against the database's own bulk loader
/// (<c>psql \copy</c> on PostgreSQL, <c>sqlite3 .import</c> on SQLite) loading the very same rows from a CSV file into
/// an empty table of the same shape and indexes.
/// </summary>
static class GenerateBench
{
    public const string BaselineTable = "persons_copy_baseline";

    public static readonly string[] Columns =
    [
        "id", "name", "id_number", "sex", "birth_date", "community_code", "hukou_county_code", "arrival_date", "marital_status",
        "spouse_id", "mother_id", "father_id", "occupation", "phone", "created_at", "updated_at", "version",
    ];

    public static async Task<int> RunAsync(IServiceProvider services, int persons, int seed, CancellationToken ct)
    {
        var connections = services.GetRequiredService<DbConnectionFactory>();
        await services.GetRequiredService<MigrationRunner>().MigrateAsync(ct);
        long before;
        await using (var connection = await connections.OpenAsync(ct))
            before = await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM persons");

        Line("database", connections.Provider.ToString());
        Line("persons already in table", before.ToString(CultureInfo.InvariantCulture)
                                         + (before == 0 ? "" : "  (not empty: the comparison with the empty baseline table is unfair)"));
        if (connections.Provider == DatabaseProvider.Postgres) await CheckpointAsync(connections, ct);

        var watch = Stopwatch.StartNew();
        await using var scope = services.CreateAsyncScope();
        var writer = scope.ServiceProvider.GetRequiredService<DemoPersonsWriter>();
        var written = await writer.WritePersonsAsync(persons, seed, ct);
        if (written.Count != persons) throw new InvalidOperationException($"{written.Count} persons written, {persons} asked for.");
        var seconds = watch.Elapsed.TotalSeconds;
        Line("generated persons", persons.ToString(CultureInfo.InvariantCulture));
        Line("communities", written.Select(p => p.CommunityCode).Distinct().Count().ToString(CultureInfo.InvariantCulture));
        Line("generator seconds", seconds.ToString("F2", CultureInfo.InvariantCulture));
        Line("generator persons/s", (persons / seconds).ToString("N0", CultureInfo.InvariantCulture));
        // The service records are timed on their own: the baseline below loads persons only.
        watch.Restart();
        var records = await writer.WriteServicesAsync(written, seed, ct);
        Line("service records", records.ToString(CultureInfo.InvariantCulture));
        Line("services seconds", watch.Elapsed.TotalSeconds.ToString("F2", CultureInfo.InvariantCulture));
        Line("services records/s", (records / watch.Elapsed.TotalSeconds).ToString("N0", CultureInfo.InvariantCulture));

        var csv = Path.Combine(Path.GetTempPath(), $"equalcare-bench-persons-{Environment.ProcessId}.csv");
        try
        {
            var (tool, baselineSeconds) = connections.Provider == DatabaseProvider.Postgres
                ? await PostgresCopyBaseline.RunAsync(connections, before, csv, ct)
                : await SqliteImportBaseline.RunAsync(connections, before, csv, ct);
            Line("baseline", $"{tool} of the same {persons} rows from CSV into an empty table with the same indexes");
            Line("baseline seconds", baselineSeconds.ToString("F2", CultureInfo.InvariantCulture));
            Line("baseline persons/s", (persons / baselineSeconds).ToString("N0", CultureInfo.InvariantCulture));
            Line("ratio generator/baseline", (baselineSeconds / seconds).ToString("F2", CultureInfo.InvariantCulture)
                                             + "  (rows/s of the generator ÷ rows/s of the baseline; 1.00 = as fast)");
        }
        finally
        {
            File.Delete(csv);
        }
        return 0;
    }

    public static void Line(string label, string value) => Console.WriteLine($"{label,-26} {value}");

    /// <summary>Starts each load with no dirty pages left from the previous one.</summary>
    public static async Task CheckpointAsync(DbConnectionFactory connections, CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct);
        try
        {
            await connection.ExecuteAsync(new CommandDefinition("CHECKPOINT", cancellationToken: ct));
        }
        catch (DbException)
        {
            // CHECKPOINT needs superuser (or pg_checkpoint); without it both loads simply run as they come.
        }
    }

    /// <summary>Runs a command-line tool and returns its wall time; fails loudly when the tool does.</summary>
    public static async Task<double> TimeToolAsync(ProcessStartInfo start, CancellationToken ct)
    {
        start.RedirectStandardError = true;
        start.RedirectStandardOutput = true;
        var watch = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException(start.FileName + " did not start");
        var stderr = process.StandardError.ReadToEndAsync(ct);
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        var seconds = watch.Elapsed.TotalSeconds;
        var errors = await stderr;
        await stdout;
        if (process.ExitCode != 0 || errors.Length > 0)
            throw new InvalidOperationException($"{start.FileName} failed ({process.ExitCode}): {errors}");
        return seconds;
    }

    /// <summary>Whether a program is on PATH.</summary>
    public static bool OnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
        .Any(dir => dir.Length > 0 && File.Exists(Path.Combine(dir, program)));
}
