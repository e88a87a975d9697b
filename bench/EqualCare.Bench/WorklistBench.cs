using System.Diagnostics;
using System.Globalization;
using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using EqualCare.Web.Domain.Cases;
using EqualCare.Web.Domain.Schedules;
using EqualCare.Web.Features.Services;
using EqualCare.Web.Features.Worklist;
using EqualCare.Web.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;

namespace EqualCare.Bench;

/// <summary>
/// `worklist [--community CODE] [--district CODE] [--runs 50] [--district-runs 5]`: the to-do list (<see cref="WorklistQuery"/>)
/// of one community and of a whole district on PostgreSQL, against an existing database (made by
/// `generate --persons 1000000`, which also writes the service records). Each is set beside the plain read of the same
/// persons and their service records (every column, read in full) in the same run. Targets (issue 4, acceptance 4): the
/// community's list p95 under 200 ms, the district's list under 5 s. Without --community the community of median size is taken.
/// </summary>
static class WorklistBench
{
    const string PlainPersons = "SELECT * FROM persons WHERE community_code >= @low AND community_code <= @high";
    const string PlainServices = """
        SELECT s.* FROM service_records s
        WHERE s.person_id IN (SELECT id FROM persons WHERE community_code >= @low AND community_code <= @high)
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        var community = Text(args, "--community");
        var district = Text(args, "--district");
        var runs = Number(args, "--runs", 50);
        var districtRuns = Number(args, "--district-runs", 5);
        await using var host = BenchHost.Build(ConfigurationArgs(args));
        var connections = host.GetRequiredService<DbConnectionFactory>();
        if (connections.Provider != DatabaseProvider.Postgres)
        {
            Console.Error.WriteLine("worklist runs on PostgreSQL: set Database__Provider=Postgres and ConnectionStrings__Postgres.");
            return 2;
        }
        await host.GetRequiredService<MigrationRunner>().MigrateAsync();
        await using var connection = (NpgsqlConnection)await connections.OpenAsync();
        var total = await ScalarAsync(connection, "SELECT count(*) FROM persons");
        var records = await ScalarAsync(connection, "SELECT count(*) FROM service_records");
        community ??= await MedianCommunityAsync(connection);
        if (community is null)
        {
            Console.Error.WriteLine("No persons in the database: run `generate --persons 1000000` first.");
            return 2;
        }
        district ??= community[..6];
        GenerateBench.Line("persons in database", total.ToString("N0", CultureInfo.InvariantCulture));
        GenerateBench.Line("service records", records.ToString("N0", CultureInfo.InvariantCulture));

        Console.WriteLine();
        var one = OrgCode.Parse(community);
        var communityRun = await CompareAsync(host, connection, new CurrentUser(0, "bench", Roles.Community, one), one, runs, warmups: 50);
        Report($"community {community}", communityRun, runs);
        Console.WriteLine(communityRun.WorklistP95 < 200 ? "target met: community p95 < 200 ms" : "TARGET MISSED: community p95 >= 200 ms");
        var (schedules, cpu, due) = await SchedulesOnlyAsync(host, connection, one, runs);
        Print($"of which the schedules alone (CareDue.For), {runs} runs", schedules);
        GenerateBench.Line("schedules CPU ms per run", string.Create(CultureInfo.InvariantCulture, $"{cpu:F1} ({due:N0} due items)"));

        Console.WriteLine();
        var whole = OrgCode.Parse(district);
        var districtRun = await CompareAsync(host, connection, new CurrentUser(0, "bench", Roles.District, whole), whole, districtRuns, warmups: 2);
        Report($"district {district}", districtRun, districtRuns);
        Console.WriteLine(districtRun.WorklistP95 < 5000 ? "target met: district list < 5 s" : "TARGET MISSED: district list >= 5 s");
        return 0;
    }

    sealed record Comparison(long Persons, long Services, int Items, List<double> Cold, List<double> Worklist, List<double> Plain, double WorklistCpu, double PlainCpu)
    {
        public double WorklistP95 => Percentile(Worklist, 0.95);
    }

    static async Task<Comparison> CompareAsync(
        IServiceProvider host, NpgsqlConnection connection, CurrentUser user, OrgCode unit, int runs, int warmups)
    {
        var (low, high) = unit.Range;
        var items = 0;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var cold = new List<double>();
        var worklist = await TimeAsync(runs, async () =>
        {
            // A fresh scope (and DbContext) per run, as a request has.
            await using var scope = host.CreateAsyncScope();
            var list = await scope.ServiceProvider.GetRequiredService<WorklistQuery>().ForAsync(user, unit, default);
            items = list.Items.Count;
        }, warmups, cold);
        var worklistCpu = CpuPerRun(ref cpu, runs + warmups);
        long persons = 0, services = 0;
        var plain = await TimeAsync(runs, async () =>
        {
            persons = await ReadAllAsync(connection, PlainPersons, low, high);
            services = await ReadAllAsync(connection, PlainServices, low, high);
        }, warmups);
        return new Comparison(persons, services, items, cold, worklist, plain, worklistCpu, CpuPerRun(ref cpu, runs + warmups));
    }

    /// <summary>
    /// This process's CPU milliseconds per call since <paramref name="since"/> (warm-ups included, so slightly high): on a
    /// shared machine wall times swing with the neighbours' load, the CPU the app itself spends much less.
    /// </summary>
    static double CpuPerRun(ref TimeSpan since, int calls)
    {
        var now = Process.GetCurrentProcess().TotalProcessorTime;
        var perRun = (now - since).TotalMilliseconds / calls;
        since = now;
        return perRun;
    }

    static void Report(string what, Comparison c, int runs)
    {
        GenerateBench.Line(what, $"{c.Persons:N0} persons, {c.Services:N0} service records, {c.Items:N0} to-do items");
        GenerateBench.Line("warm-up calls (not counted)", string.Create(CultureInfo.InvariantCulture,
            $"{c.Cold.Count}: first {c.Cold[0]:F1} ms, median {c.Cold.Order().ElementAt(c.Cold.Count / 2):F1} ms, last {c.Cold[^1]:F1} ms"));
        Print($"WorklistQuery.ForAsync, {runs} runs", c.Worklist);
        Print($"baseline: plain SELECT * persons + services, {runs} runs", c.Plain);
        GenerateBench.Line("client CPU ms per run", string.Create(CultureInfo.InvariantCulture,
            $"worklist {c.WorklistCpu:F1}, plain read {c.PlainCpu:F1} (this process only, not the server's)"));
        GenerateBench.Line("ratio p95 worklist/plain", (c.WorklistP95 / Percentile(c.Plain, 0.95)).ToString("F2", CultureInfo.InvariantCulture)
                                                      + "  (1.00 = as fast as reading the same rows)");
    }

    /// <summary>
    /// The pure part of the list on its own: the persons' facts and services read once, then only <see cref="CareDue.For"/>
    /// run for every person, timed (no decisions or certificates: the demo has none).
    /// </summary>
    static async Task<(List<double> Times, double CpuPerRun, int Due)> SchedulesOnlyAsync(
        IServiceProvider host, NpgsqlConnection connection, OrgCode unit, int runs)
    {
        var (low, high) = unit.Range;
        const string Persons = """
            SELECT id, sex, birth_date, arrival_date, marital_status, contraception_method, pregnancy_lmp, pregnancy_outcome,
                   pregnancy_outcome_date, status
            FROM persons WHERE community_code >= @low AND community_code <= @high AND status = 1 AND flow_direction = 1
                               AND merged_into_id IS NULL
            ORDER BY id
            """;
        var people = new List<(long Id, PersonFacts Facts)>();
        await using (var cmd = new NpgsqlCommand(Persons, connection))
        {
            cmd.Parameters.AddWithValue("low", low);
            cmd.Parameters.AddWithValue("high", high);
            await using var r = await cmd.ExecuteReaderAsync();
            while (await r.ReadAsync())
                people.Add((r.GetInt64(0), new PersonFacts((Sex)r.GetInt16(1), r.GetFieldValue<DateOnly>(2), r.GetFieldValue<DateOnly>(3),
                    (MaritalStatus)r.GetInt16(4), r.IsDBNull(5) ? null : (ContraceptionMethod)r.GetInt16(5),
                    r.IsDBNull(6) ? null : r.GetFieldValue<DateOnly>(6), r.IsDBNull(7) ? null : (PregnancyOutcome)r.GetInt16(7),
                    r.IsDBNull(8) ? null : r.GetFieldValue<DateOnly>(8), (CaseStatus)r.GetInt16(9))));
        }
        var services = new Dictionary<long, List<RecordedService>>();
        await using (var cmd = new NpgsqlCommand($"""
            SELECT person_id, fulfils, service_date, vaccine, dose_number FROM service_records
            WHERE person_id IN (SELECT id FROM ({Persons}) p) AND fulfils IS NOT NULL AND kind <> 99
            """, connection))
        {
            cmd.Parameters.AddWithValue("low", low);
            cmd.Parameters.AddWithValue("high", high);
            await using var r = await cmd.ExecuteReaderAsync();
            while (await r.ReadAsync())
            {
                if (!services.TryGetValue(r.GetInt64(0), out var list)) services[r.GetInt64(0)] = list = [];
                list.Add(new RecordedService((CareKind)r.GetInt16(1), r.GetFieldValue<DateOnly>(2), r.IsDBNull(3) ? null : r.GetString(3),
                    r.IsDBNull(4) ? null : r.GetInt16(4)));
            }
        }
        var settings = host.GetRequiredService<IOptions<CareOptions>>().Value.Settings();
        var today = host.GetRequiredService<TimeProvider>().Today();
        var due = 0;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var times = await TimeAsync(runs, () =>
        {
            due = 0;
            foreach (var (id, facts) in people)
                due += CareDue.For(facts, services.TryGetValue(id, out var s) ? s : [], today, settings).Due.Count;
            return Task.CompletedTask;
        });
        return (times, CpuPerRun(ref cpu, runs + 50), due);
    }

    /// <summary>Reads every column of every row, as a page showing them would.</summary>
    static async Task<long> ReadAllAsync(NpgsqlConnection connection, string sql, string low, string high)
    {
        await using var cmd = new NpgsqlCommand(sql, connection);
        cmd.Parameters.AddWithValue("low", low);
        cmd.Parameters.AddWithValue("high", high);
        await using var reader = await cmd.ExecuteReaderAsync();
        var values = new object[reader.FieldCount];
        long rows = 0;
        while (await reader.ReadAsync())
        {
            reader.GetValues(values);
            rows++;
        }
        return rows;
    }

    /// <summary>The community in the middle when communities are ordered by their number of persons.</summary>
    static async Task<string?> MedianCommunityAsync(NpgsqlConnection connection)
    {
        await using var cmd = new NpgsqlCommand("SELECT community_code, count(*) FROM persons GROUP BY 1 ORDER BY 2, 1", connection);
        await using var reader = await cmd.ExecuteReaderAsync();
        var sizes = new List<(string Code, long Count)>();
        while (await reader.ReadAsync()) sizes.Add((reader.GetString(0), reader.GetInt64(1)));
        if (sizes.Count == 0) return null;
        GenerateBench.Line("communities", string.Create(CultureInfo.InvariantCulture,
            $"{sizes.Count:N0}, persons each: min {sizes[0].Count:N0}, median {sizes[sizes.Count / 2].Count:N0}, max {sizes[^1].Count:N0}"));
        return sizes[sizes.Count / 2].Code;
    }

    /// <summary>
    /// Times each call after warm-up calls: query plans, the pool, the page cache, and the JIT. Tiered compilation replaces
    /// a method's first code with instrumented and then optimised code only after some 30 calls and a pause in jitting;
    /// measured, a community's list takes 250–350 ms for its first 20 calls and settles below 100 ms after about 40. A
    /// running server has long reached that state, so the community's list is warmed 50 times (the cold calls are
    /// printed apart); one district call walks enough persons for its code to settle within two.
    /// </summary>
    static async Task<List<double>> TimeAsync(int runs, Func<Task> work, int warmups = 50, List<double>? cold = null)
    {
        for (var i = 0; i < warmups; i++)
        {
            var start = Stopwatch.GetTimestamp();
            await work();
            cold?.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
        var times = new List<double>(runs);
        for (var i = 0; i < runs; i++)
        {
            var start = Stopwatch.GetTimestamp();
            await work();
            times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
        times.Sort();
        return times;
    }

    static async Task<long> ScalarAsync(NpgsqlConnection connection, string sql)
    {
        await using var cmd = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    static double Percentile(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

    static void Print(string label, List<double> t) => Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"  {label,-52} p50={Percentile(t, 0.50),9:F1} ms  p95={Percentile(t, 0.95),9:F1} ms  max={t[^1],9:F1} ms"));

    /// <summary>What is left for the configuration once this command's options and their values are taken out.</summary>
    static string[] ConfigurationArgs(string[] args)
    {
        var rest = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] is "--community" or "--district" or "--runs" or "--district-runs") i++;
            else rest.Add(args[i]);
        }
        return rest.ToArray();
    }

    static string? Text(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    static int Number(string[] args, string name, int fallback) =>
        Text(args, name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;
}
