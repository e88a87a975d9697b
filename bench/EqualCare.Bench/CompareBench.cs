using System.Diagnostics;
using System.Globalization;
using System.Text;
using Dapper;
using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using EqualCare.Web.Domain.Comparison;
using EqualCare.Web.Features.Comparison;
using EqualCare.Web.Features.Import;
using EqualCare.Web.Web;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace EqualCare.Bench;

/// <summary>
/// <c>compare [--persons N] [--rows M] [--database NAME]</c> (issue 17 acceptance 3): an agency list of M rows (default 200,000)
/// compared with a register of N persons (default 1,000,000) on PostgreSQL through the app's path as the upload runs it
/// (<see cref="ComparisonService.UploadAsync"/> then <see cref="ComparisonService.CompareAsync"/>: the file read and mapped,
/// stored as received, the exact join on the ID number, name + birth date + sex for the rest, what each matched case lacks,
/// the results written, one transaction), beside one SQL hash join of the same list against <c>persons</c> on the ID number
/// in the same run; prints the ratio. Then the to-do list's section over the results it made (a community, the street).
/// The list: 80 % registered persons by number (one in twenty with a lower-case x or as 15 digits), 7 % registered persons
/// without a number (name, birth date, sex), 3 % a name one character off (candidates), 10 % persons not registered.
/// Needs ConnectionStrings__Postgres (or EQUALCARE_BENCH_POSTGRES); uses its own database (default eqc_bench_compare), made afresh.
/// </summary>
public static class CompareBench
{
    const string Street = "410103007";

    public static async Task<int> RunAsync(string[] args)
    {
        var persons = Option(args, "--persons", 1_000_000);
        var rows = Option(args, "--rows", 200_000);
        var database = OptionText(args, "--database") ?? "eqc_bench_compare";
        var server = Environment.GetEnvironmentVariable("EQUALCARE_BENCH_POSTGRES")
            ?? Environment.GetEnvironmentVariable("ConnectionStrings__Postgres")
            ?? throw new InvalidOperationException("Set ConnectionStrings__Postgres (or EQUALCARE_BENCH_POSTGRES) to a PostgreSQL connection string.");
        var connectionString = await LookupBench.RecreateDatabaseAsync(server, database);
        var folder = Path.Combine(Path.GetTempPath(), $"equalcare-bench-compare-{Environment.ProcessId}");
        Directory.CreateDirectory(folder);
        try
        {
            await using var provider = BenchHost.Build(
                ["--Database:Provider=Postgres", "--ConnectionStrings:Postgres=" + connectionString, "--EqualCare:ImportFolder=" + folder],
                s => s.AddHttpContextAccessor().AddScoped<AuditLog>().AddSingleton(new ImportSettings(folder)).AddComparison());
            await provider.GetRequiredService<MigrationRunner>().MigrateAsync();
            var load = Stopwatch.StartNew();
            await LookupBench.CopyPersonsAsync(connectionString, persons);
            Line("database", $"PostgreSQL, {database}");
            Line("persons", $"{persons:N0} loaded by binary COPY in {load.Elapsed.TotalSeconds:F1} s");

            var (csv, mix) = ListCsv(persons, rows);
            Line("agency list", $"{rows:N0} rows, {csv.Length / 1024.0 / 1024.0:F1} MB CSV; {mix}");
            var user = new CurrentUser(0, "bench", Roles.Street, OrgCode.Parse(Street));
            var mapping = new ColumnMapping(new Dictionary<ListField, int>
            {
                // 社区 is left unmapped: the bench database has no division table, so a row belongs to its case's community, or
                // to the uploading street when it has none (as a list without that column does).
                [ListField.Name] = 1, [ListField.Sex] = 2, [ListField.IdNumber] = 3, [ListField.BirthDate] = 4, [ListField.Address] = 5,
            });

            // The app's path, as the upload page then the mapping page run it.
            var watch = Stopwatch.StartNew();
            ComparisonOutcome outcome;
            await using (var scope = provider.CreateAsyncScope())
            {
                var service = scope.ServiceProvider.GetRequiredService<ComparisonService>();
                using var content = new MemoryStream(csv);
                var token = await service.UploadAsync(user, content, "bench.csv", "基准派出所", AgencyListKind.ResidencePermits,
                    TimeProvider.System.Today(), default);
                if (token.IsFailure) throw new InvalidOperationException("upload refused: " + token.Error.Code);
                var compared = await service.CompareAsync(user, token.Value, mapping, default);
                if (compared.IsFailure) throw new InvalidOperationException("comparison refused: " + compared.Error.Code);
                outcome = compared.Value;
            }
            var matchSeconds = watch.Elapsed.TotalSeconds;
            Line("compare (app path)", $"{matchSeconds:F2} s  ({rows / matchSeconds:N0} rows/s); matched {outcome.Matched:N0}, candidates {outcome.Candidates:N0}; "
                                       + string.Join(", ", outcome.Findings.Select(f => $"{f.Key} {f.Value:N0}")));

            var (join, joined, plan) = await BaselineAsync(connectionString, outcome.ListId);
            Line("baseline", $"one SQL hash join of the same {rows:N0} rows against persons on id_number: {join:F2} s, {joined:N0} pairs ({plan})");
            Line("ratio compare/baseline", (matchSeconds / join).ToString("F1", CultureInfo.InvariantCulture));

            // The to-do list's section over what the comparison left open: a community, then the street.
            await using (var scope = provider.CreateAsyncScope())
            {
                var queries = scope.ServiceProvider.GetRequiredService<ComparisonQueries>();
                foreach (var unit in new[] { LookupBench.Communities[0], Street })
                {
                    var code = OrgCode.Parse(unit);
                    await queries.OpenCountsAsync(user, code, default);
                    var times = new List<double>();
                    IReadOnlyDictionary<FindingKind, int> open = new Dictionary<FindingKind, int>();
                    for (var i = 0; i < 5; i++)
                    {
                        var start = Stopwatch.GetTimestamp();
                        open = await queries.OpenCountsAsync(user, code, default);
                        times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                    }
                    times.Sort();
                    Line($"to-do section {unit}", $"median {times[2]:F1} ms over 5 runs; open {open.Values.Sum():N0} results");
                }
            }
            return 0;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>The list as an agency would send it: 序号, 姓名, 性别, 公民身份号码, 出生日期, 暂住地址, 社区.</summary>
    static (byte[] Csv, string Mix) ListCsv(int persons, int rows)
    {
        var random = new Random(17);
        var text = new StringBuilder("序号,姓名,性别,公民身份号码,出生日期,暂住地址,社区\n");
        int byNumber = 0, byName = 0, near = 0, unknown = 0;
        for (var k = 0; k < rows; k++)
        {
            var roll = random.Next(100);
            var i = random.Next(persons);
            var id = LookupBench.IdNumberOf(i);
            var name = "人员" + i.ToString(CultureInfo.InvariantCulture);
            var birth = LookupBench.FirstBirth.AddDays(i / 500);
            var sex = i % 2 == 0 ? "男" : "女";
            string number, birthText = "";
            if (roll < 80)
            {
                byNumber++;
                number = k % 20 == 0 ? id[..6] + id[8..17] : k % 20 == 1 ? id.ToLowerInvariant() : id;
            }
            else if (roll < 87)
            {
                byName++;
                number = "";
                birthText = birth.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            }
            else if (roll < 90)
            {
                near++;
                number = "";
                name = "人页" + i.ToString(CultureInfo.InvariantCulture);
                birthText = birth.ToString("yyyy/M/d", CultureInfo.InvariantCulture);
            }
            else
            {
                unknown++;
                number = LookupBench.IdNumberOf(persons + k);
                name = "新人" + k.ToString(CultureInfo.InvariantCulture);
            }
            text.Append(CultureInfo.InvariantCulture,
                $"{k + 1},{name},{sex},{number},{birthText},大学路{k % 300}号,{LookupBench.Communities[k % LookupBench.Communities.Length]}\n");
        }
        return (Encoding.UTF8.GetBytes(text.ToString()),
            $"{byNumber:N0} registered by number, {byName:N0} registered by name+birth+sex, {near:N0} one character off, {unknown:N0} not registered");
    }

    /// <summary>The same list's numbers in a table of their own (loaded untimed), joined with persons once: the time of the join alone.</summary>
    static async Task<(double Seconds, long Pairs, string Plan)> BaselineAsync(string connectionString, long listId)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await connection.ExecuteAsync(
            """
            CREATE UNLOGGED TABLE bench_list AS SELECT row_number, id_number FROM agency_list_rows WHERE list_id = @listId;
            ANALYZE bench_list;
            """, new { listId });
        const string join = "SELECT l.row_number, p.id FROM bench_list l JOIN persons p ON p.id_number = l.id_number AND p.id_state <> 2";
        var plan = (await connection.QueryAsync<string>("EXPLAIN " + join)).First(l => l.Contains("Join", StringComparison.Ordinal) || l.Contains("Nested", StringComparison.Ordinal));
        var best = double.MaxValue;
        long pairs = 0;
        for (var run = 0; run < 3; run++)
        {
            var watch = Stopwatch.StartNew();
            pairs = (await connection.QueryAsync<(int, long)>(join)).LongCount();
            best = Math.Min(best, watch.Elapsed.TotalSeconds);
        }
        await connection.ExecuteAsync("DROP TABLE bench_list");
        return (best, pairs, "best of 3; plan: " + plan.Trim().Split("  ")[0].Split(" (")[0]);
    }

    static void Line(string label, string value) => Console.WriteLine($"{label,-34} {value}");

    static int Option(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }

    static string? OptionText(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
