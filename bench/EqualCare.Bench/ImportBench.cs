using System.Diagnostics;
using System.Globalization;
using System.Text;
using Dapper;
using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using EqualCare.Web.Features.IdNumbers;
using EqualCare.Web.Features.Import;
using EqualCare.Web.Features.OrgUnits;
using EqualCare.Web.Web;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace EqualCare.Bench;

/// <summary>
/// <c>import --rows N</c> (acceptance 4): writes a CSV of N valid persons, imports it through the app's import path
/// (ImportService: upload copy, parse, validate, rows.bin, then the bulk load) into a fresh database, and times a baseline
/// of the same rows into a table of the same shape and indexes: psql \copy on PostgreSQL, a bare prepared-insert loop in
/// one transaction on SQLite. Prints both rates and their ratio (issue 15: target ≥ 0.7).
/// Database as for the app: Database__Provider=Postgres|Sqlite and ConnectionStrings__Postgres (a server to create a
/// scratch database on; it is dropped afterwards). SQLite uses a scratch file.
/// </summary>
public static class ImportBench
{
    const string Usage = "usage: dotnet run --project bench/EqualCare.Bench -c Release -- import [--rows N] [--keep-csv] [--split]";
    const string Street = "410103007"; // 大学路街道: a street user, the role that imports

    static readonly string[] CsvHeader =
        ["姓名", "身份证号", "性别", "出生日期", "户籍地区划代码", "户籍地址", "现居住社区代码", "现居住地址", "流入日期", "婚姻状况", "初婚日期", "避孕措施", "联系电话", "文化程度", "职业"];

    /// <summary>The persons columns the CSV's columns go to, in order (the baselines load them directly).</summary>
    static readonly string[] PersonColumns =
    [
        "name", "id_number", "sex", "birth_date", "hukou_county_code", "hukou_address", "community_code", "residence_address", "arrival_date",
        "marital_status", "marriage_date", "contraception_method", "phone", "education", "occupation",
    ];

    public static async Task<int> RunAsync(string[] args)
    {
        var rows = 1_000_000;
        var keepCsv = false;
        var split = false; // validate, then load: the pages' two-step flow, each half timed on its own
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--rows" && i + 1 < args.Length && int.TryParse(args[++i], CultureInfo.InvariantCulture, out var n) && n > 0) rows = n;
            else if (args[i] == "--keep-csv") keepCsv = true;
            else if (args[i] == "--split") split = true;
            else
            {
                Console.Error.WriteLine(Usage);
                return 2;
            }
        }

        var configuration = new ConfigurationBuilder().AddEnvironmentVariables().Build();
        var scratch = Directory.CreateTempSubdirectory("eqc-import-bench-").FullName;
        var provider = DatabaseSettings.From(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Sqlite"] = "Data Source=" + Path.Combine(scratch, "bench.db") })
            .AddConfiguration(configuration).Build());
        string? scratchDatabase = null;
        var settings = provider;
        if (provider.Provider == DatabaseProvider.Postgres)
        {
            scratchDatabase = "eqc_bench_import_" + Guid.NewGuid().ToString("N")[..8];
            await ExecuteAsync(provider.ConnectionString, $"CREATE DATABASE {scratchDatabase}");
            settings = provider with
            {
                ConnectionString = new NpgsqlConnectionStringBuilder(provider.ConnectionString) { Database = scratchDatabase }.ConnectionString,
            };
        }

        try
        {
            var connections = new DbConnectionFactory(settings);
            await new MigrationRunner(connections, TimeProvider.System, NullLogger<MigrationRunner>.Instance).MigrateAsync();
            await new OrgUnitLoader(connections).LoadAsync(OrgUnitLoader.DefaultProvince);
            List<string> communities;
            await using (var c = await connections.OpenAsync())
            {
                var (low, high) = OrgCode.Parse(Street).Range;
                communities = (await c.QueryAsync<string>(
                    "SELECT code FROM org_units WHERE level = 5 AND code >= @low AND code <= @high ORDER BY code", new { low, high })).ToList();
            }

            var csv = Path.Combine(scratch, "persons.csv");
            var sw = Stopwatch.StartNew();
            WriteCsv(csv, rows, communities);
            Console.WriteLine($"wrote {rows:N0} rows ({new FileInfo(csv).Length / 1048576.0:F0} MiB) in {sw.Elapsed.TotalSeconds:F1} s: {csv}");

            // --- the import, as the app runs it ---------------------------------------------------------------------------
            var user = new CurrentUser(1, "bench", Roles.Street, OrgCode.Parse(Street));
            var imports = new ImportService(connections, new AreaCodeDirectory(), TimeProvider.System,
                new JsonStringLocalizerFactory().Create(typeof(ImportService)), new ImportSettings(Path.Combine(scratch, "import")),
                NullLogger<ImportService>.Instance);
            // The one-call import of the API (mode "all"): the rows are loaded while the file is being checked.
            // This process's CPU is printed beside the wall time: on a shared machine the wall time follows the neighbours.
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            sw.Restart();
            Result<ImportReport> imported;
            double? validateSeconds = null;
            await using (var upload = File.OpenRead(csv))
            {
                if (split)
                {
                    imported = await imports.ValidateAsync(user, upload, "persons.csv", CancellationToken.None);
                    validateSeconds = sw.Elapsed.TotalSeconds;
                    if (imported.IsSuccess) imported = await imports.LoadAsync(user, imported.Value.Id, ImportMode.All, null, CancellationToken.None);
                }
                else imported = await imports.ImportAsync(user, upload, "persons.csv", ImportMode.All, null, CancellationToken.None);
            }
            if (!imported.IsSuccess) throw new InvalidOperationException($"import failed: {imported.Error!.Code} {imported.Error.Field}");
            var importSeconds = sw.Elapsed.TotalSeconds;
            var importCpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
            var report = imported.Value;
            if (report.Loaded != rows)
                throw new InvalidOperationException($"expected {rows} loaded, got {report.Loaded} (rejected {report.Rejected}, present {report.AlreadyPresent})");

            // --- the baseline -----------------------------------------------------------------------------------------
            double baselineSeconds;
            string baselineName;
            cpu = Process.GetCurrentProcess().TotalProcessorTime;
            await using (var c = await connections.OpenAsync())
            {
                if (c is NpgsqlConnection pg)
                {
                    baselineName = "psql \\copy";
                    await pg.ExecuteAsync("""
                        CREATE TABLE bench_copy (LIKE persons INCLUDING ALL);
                        ALTER TABLE bench_copy ALTER COLUMN created_at SET DEFAULT now(), ALTER COLUMN updated_at SET DEFAULT now();
                        """);
                    baselineSeconds = PsqlCopy(settings.ConnectionString, csv);
                }
                else
                {
                    baselineName = "SQLite prepared inserts";
                    baselineSeconds = SqliteInsertLoop((SqliteConnection)c, csv);
                }
                var copied = await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM bench_copy");
                if (copied != rows) throw new InvalidOperationException($"baseline copied {copied} rows, expected {rows}");
            }

            var baselineCpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
            var importRate = rows / importSeconds;
            var baselineRate = rows / baselineSeconds;
            Console.WriteLine($"provider:  {settings.Provider}");
            Console.WriteLine($"rows:      {rows:N0}");
            Console.WriteLine($"import:    {importSeconds,7:F1} s  {importRate,10:N0} rows/s  (parse, check and load of {rows:N0} rows, one call)");
            if (validateSeconds is { } v)
                Console.WriteLine($"  of which validate {v:F1} s, load {importSeconds - v:F1} s (--split: one after the other)");
            Console.WriteLine($"baseline:  {baselineSeconds,7:F1} s  {baselineRate,10:N0} rows/s  ({baselineName})");
            Console.WriteLine($"ratio:     {importRate / baselineRate:F2}  (target ≥ 0.7)");
            Console.WriteLine($"CPU of this process: import {importCpu:F1} s, baseline {baselineCpu:F1} s" +
                              (settings.Provider == DatabaseProvider.Postgres ? " (the server's not counted)" : "") +
                              $"; load average {File.ReadAllText("/proc/loadavg").Trim()}");
            if (keepCsv) Console.WriteLine("CSV kept: " + csv);
            return 0;
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            SqliteConnection.ClearAllPools();
            if (scratchDatabase is not null) await ExecuteAsync(provider.ConnectionString, $"DROP DATABASE IF EXISTS {scratchDatabase} WITH (FORCE)");
            if (!keepCsv) Directory.Delete(scratch, recursive: true);
        }
    }

    static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await connection.ExecuteAsync(sql);
    }

    /// <summary>Valid persons with codes (not names) in the code columns, so that the baseline loads the same file as is.</summary>
    static void WriteCsv(string path, int rows, List<string> communities)
    {
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16);
        writer.Write(string.Join(',', CsvHeader));
        writer.Write("\r\n");
        var epoch = new DateOnly(1970, 1, 1);
        Span<char> first17 = stackalloc char[17];
        for (var i = 0; i < rows; i++)
        {
            var female = i % 2 == 0;
            var birth = epoch.AddDays(i % 10_000);
            var seq = i / 10_000 % 500 * 2 + (female ? 0 : 1);
            var area = 411522 + i / 5_000_000; // 5 million numbers per county code
            var text = string.Create(CultureInfo.InvariantCulture, $"{area}{birth:yyyyMMdd}{seq:D3}");
            text.AsSpan().CopyTo(first17);
            var id = text + IdNumberChecksum.CheckCharacter(first17);
            var community = communities[i % communities.Count];
            var arrival = new DateOnly(2019, 1, 1).AddDays(i % 2000);
            writer.Write(string.Create(CultureInfo.InvariantCulture,
                $"流动人口{i},{id},{(female ? 2 : 1)},{birth:yyyy-MM-dd},{area},河南省信阳市光山县十里镇{i % 100}组,{community},大学路{i % 300}号院{i % 20}号楼,{arrival:yyyy-MM-dd},20,{birth.AddYears(23):yyyy-MM-dd},{(female ? "3" : "")},1{3 + i % 7}{i % 1_000_000_000:D9},{1 + i % 7},服务员\r\n"));
        }
    }

    static double PsqlCopy(string connectionString, string csv)
    {
        var b = new NpgsqlConnectionStringBuilder(connectionString);
        var info = new ProcessStartInfo("/usr/bin/psql")
        {
            ArgumentList =
            {
                "-h", b.Host ?? "127.0.0.1", "-p", b.Port.ToString(CultureInfo.InvariantCulture), "-U", b.Username ?? "postgres", "-d", b.Database!,
                "-v", "ON_ERROR_STOP=1", "-q",
                "-c", $"\\copy bench_copy ({string.Join(", ", PersonColumns)}) FROM '{csv}' WITH (FORMAT csv, HEADER true)",
            },
            RedirectStandardError = true,
        };
        if (!string.IsNullOrEmpty(b.Password)) info.Environment["PGPASSWORD"] = b.Password;
        var sw = Stopwatch.StartNew();
        using var process = Process.Start(info)!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException("psql failed: " + error);
        return sw.Elapsed.TotalSeconds;
    }

    /// <summary>bench_copy made from persons' own DDL and indexes; then one transaction of a reused prepared INSERT per row.</summary>
    static double SqliteInsertLoop(SqliteConnection connection, string csv)
    {
        // Table and indexes only: persons' triggers (migration 0019: AFTER UPDATE) do not fire on an insert, and a trigger's DDL
        // sorts before its table's.
        var ddl = connection.Query<string>(
            "SELECT sql FROM sqlite_master WHERE tbl_name = 'persons' AND type IN ('table', 'index') AND sql IS NOT NULL ORDER BY type DESC").ToList();
        foreach (var statement in ddl)
        {
            var copy = statement.Replace("TABLE \"persons\"", "TABLE bench_copy", StringComparison.Ordinal)
                .Replace("TABLE persons", "TABLE bench_copy", StringComparison.Ordinal)
                .Replace("ON persons", "ON bench_copy", StringComparison.Ordinal)
                .Replace("ON \"persons\"", "ON bench_copy", StringComparison.Ordinal)
                .Replace("INDEX ix_persons_", "INDEX ix_bench_copy_", StringComparison.Ordinal)
                .Replace("INDEX \"ix_persons_", "INDEX \"ix_bench_copy_", StringComparison.Ordinal);
            connection.Execute(copy);
        }
        var sw = Stopwatch.StartNew();
        using var tx = connection.BeginTransaction();
        using var insert = connection.CreateCommand();
        insert.Transaction = tx;
        insert.CommandText = $"INSERT INTO bench_copy ({string.Join(", ", PersonColumns)}, created_at, updated_at) " +
                             $"VALUES ({string.Join(", ", PersonColumns.Select((_, i) => "@p" + i.ToString(CultureInfo.InvariantCulture)))}, @now, @now)";
        var parameters = PersonColumns.Select((_, i) => insert.Parameters.Add(new SqliteParameter("@p" + i.ToString(CultureInfo.InvariantCulture), null))).ToArray();
        insert.Parameters.AddWithValue("@now", "2026-01-01 00:00:00");
        insert.Prepare();
        using (var reader = new StreamReader(csv, Encoding.UTF8, false, 1 << 16))
        {
            reader.ReadLine();
            while (reader.ReadLine() is { } line)
            {
                var cells = line.Split(',');
                for (var i = 0; i < parameters.Length; i++) parameters[i].Value = cells[i].Length == 0 ? DBNull.Value : cells[i];
                insert.ExecuteNonQuery();
            }
        }
        tx.Commit();
        return sw.Elapsed.TotalSeconds;
    }
}
