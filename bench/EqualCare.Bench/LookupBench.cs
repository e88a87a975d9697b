using System.Diagnostics;
using System.Globalization;
using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using EqualCare.Web.Features.IdNumbers;
using EqualCare.Web.Features.Persons;
using EqualCare.Web.Web;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using NpgsqlTypes;

namespace EqualCare.Bench;

/// <summary>
/// `lookup [--persons N] [--lookups M]`: person lookup by ID number on PostgreSQL at N persons (default 1,000,000), through
/// the real list query (<see cref="PersonQueries.ListAsync"/>: scope, merged filter, count and community name in one
/// statement), beside bare SELECTs of the same numbers. Target: p95 under 20 ms (issue 3, item 5).
/// Needs EQUALCARE_BENCH_POSTGRES (a server connection string); uses its own database eqc_bench_lookup, made afresh.
/// </summary>
public static class LookupBench
{
    const string Database = "eqc_bench_lookup";
    internal static readonly DateOnly FirstBirth = new(1950, 1, 1);
    internal static readonly string[] Communities = ["410103007001", "410103007002", "410103007003"];

    public static async Task<int> RunAsync(string[] args)
    {
        var persons = Option(args, "--persons", 1_000_000);
        var lookups = Option(args, "--lookups", 2_000);
        // The server as the app is configured (ConnectionStrings__Postgres), or EQUALCARE_BENCH_POSTGRES to point elsewhere.
        var server = Environment.GetEnvironmentVariable("EQUALCARE_BENCH_POSTGRES")
            ?? Environment.GetEnvironmentVariable("ConnectionStrings__Postgres")
            ?? throw new InvalidOperationException("Set ConnectionStrings__Postgres (or EQUALCARE_BENCH_POSTGRES) to a PostgreSQL connection string.");
        var connectionString = await RecreateDatabaseAsync(server);

        await using var provider = Services(connectionString);
        await provider.GetRequiredService<MigrationRunner>().MigrateAsync();
        var load = Stopwatch.StartNew();
        await CopyPersonsAsync(connectionString, persons);
        Console.WriteLine($"loaded {persons:N0} persons by binary COPY in {load.Elapsed.TotalSeconds:F1} s");

        var random = new Random(11643);
        var numbers = Enumerable.Range(0, lookups).Select(_ => IdNumberOf(random.Next(persons))).ToList();
        var user = new CurrentUser(0, "bench", Roles.Street, OrgCode.Parse("410103007"));

        var real = await TimeAsync(numbers, async id =>
        {
            await using var scope = provider.CreateAsyncScope();
            var page = await scope.ServiceProvider.GetRequiredService<PersonQueries>().ListAsync(user, new PersonSearch(IdNumber: id), default);
            if (page.Total != 1) throw new InvalidOperationException("lookup missed " + id[..6]);
        });

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var withState = await BareAsync(connection, "SELECT id, name, id_number FROM persons WHERE id_number = $1 AND id_state <> 2", numbers);
        var bare = await BareAsync(connection, "SELECT id, name, id_number FROM persons WHERE id_number = $1", numbers.Take(Math.Min(200, lookups)).ToList());

        Console.WriteLine($"persons {persons:N0}, lookups {lookups:N0} (random existing numbers), milliseconds:");
        Print("PersonQueries.ListAsync(idNumber)", real);
        Print("bare SELECT … id_number = $1 AND id_state <> 2", withState);
        Print("bare SELECT … id_number = $1 (no index usable)", bare);
        Console.WriteLine(Percentile(real, 0.95) < 20 ? "target met: p95 < 20 ms" : "TARGET MISSED: p95 >= 20 ms");
        return 0;
    }

    static ServiceProvider Services(string connectionString)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Postgres",
            ["ConnectionStrings:Postgres"] = connectionString,
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(TimeProvider.System);
        services.AddHttpContextAccessor();
        services.AddData(configuration);
        services.AddScoped<AuditLog>();
        services.AddIdNumbers();
        services.AddPersons();
        return services.BuildServiceProvider();
    }

    internal static async Task<string> RecreateDatabaseAsync(string server, string database = Database)
    {
        await using var admin = new NpgsqlConnection(server);
        await admin.OpenAsync();
        await using (var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {database} WITH (FORCE)", admin)) await drop.ExecuteNonQueryAsync();
        await using (var create = new NpgsqlCommand($"CREATE DATABASE {database}", admin)) await create.ExecuteNonQueryAsync();
        return new NpgsqlConnectionStringBuilder(server) { Database = database }.ConnectionString;
    }

    /// <summary>A valid, unique GB 11643 number per index: 500 numbers per birth date, odd sequence digits for men.</summary>
    internal static string IdNumberOf(int i)
    {
        var birth = FirstBirth.AddDays(i / 500);
        var sequence = i % 500 * 2 + (i % 2 == 0 ? 1 : 0);
        var first17 = "410102" + birth.ToString("yyyyMMdd", CultureInfo.InvariantCulture) + sequence.ToString("D3", CultureInfo.InvariantCulture);
        return first17 + IdNumberChecksum.CheckCharacter(first17);
    }

    internal static async Task CopyPersonsAsync(string connectionString, int count)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var now = DateTime.SpecifyKind(new DateTime(2026, 1, 1), DateTimeKind.Utc);
        await using (var copy = await connection.BeginBinaryImportAsync(
            "COPY persons (name, id_number, sex, birth_date, community_code, hukou_county_code, arrival_date, marital_status, phone, " +
            "created_at, updated_at, version, id_state, status, flow_direction) FROM STDIN (FORMAT BINARY)"))
        {
            for (var i = 0; i < count; i++)
            {
                await copy.StartRowAsync();
                await copy.WriteAsync("人员" + i.ToString(CultureInfo.InvariantCulture), NpgsqlDbType.Text);
                await copy.WriteAsync(IdNumberOf(i), NpgsqlDbType.Varchar);
                await copy.WriteAsync((short)(i % 2 == 0 ? 1 : 2), NpgsqlDbType.Smallint);
                await copy.WriteAsync(FirstBirth.AddDays(i / 500), NpgsqlDbType.Date);
                await copy.WriteAsync(Communities[i % Communities.Length], NpgsqlDbType.Varchar);
                await copy.WriteAsync("411522", NpgsqlDbType.Varchar);
                await copy.WriteAsync(new DateOnly(2024, 1, 1).AddDays(i % 700), NpgsqlDbType.Date);
                await copy.WriteAsync((short)20, NpgsqlDbType.Smallint);
                await copy.WriteAsync("138" + (i % 100_000_000).ToString("D8", CultureInfo.InvariantCulture), NpgsqlDbType.Text);
                await copy.WriteAsync(now, NpgsqlDbType.TimestampTz);
                await copy.WriteAsync(now, NpgsqlDbType.TimestampTz);
                await copy.WriteAsync(0, NpgsqlDbType.Integer);
                await copy.WriteAsync((short)0, NpgsqlDbType.Smallint);
                await copy.WriteAsync((short)1, NpgsqlDbType.Smallint);
                await copy.WriteAsync((short)1, NpgsqlDbType.Smallint);
            }
            await copy.CompleteAsync();
        }
        await using var analyze = new NpgsqlCommand("ANALYZE persons", connection);
        await analyze.ExecuteNonQueryAsync();
    }

    static async Task<List<double>> BareAsync(NpgsqlConnection connection, string sql, List<string> numbers)
    {
        await using var cmd = new NpgsqlCommand(sql, connection);
        var parameter = cmd.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Varchar });
        await cmd.PrepareAsync();
        return await TimeAsync(numbers, async id =>
        {
            parameter.Value = id;
            await using var reader = await cmd.ExecuteReaderAsync();
            if (!await reader.ReadAsync()) throw new InvalidOperationException("bare lookup missed");
        });
    }

    /// <summary>Times each call after a warm-up of 50 (connection pool, query plans, JIT).</summary>
    static async Task<List<double>> TimeAsync(List<string> numbers, Func<string, Task> lookup)
    {
        foreach (var id in numbers.Take(50)) await lookup(id);
        var times = new List<double>(numbers.Count);
        foreach (var id in numbers)
        {
            var start = Stopwatch.GetTimestamp();
            await lookup(id);
            times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
        times.Sort();
        return times;
    }

    static double Percentile(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

    static void Print(string label, List<double> t) => Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"  {label,-50} n={t.Count,5}  p50={Percentile(t, 0.50),7:F2}  p95={Percentile(t, 0.95),7:F2}  max={t[^1],7:F2}"));

    static int Option(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
