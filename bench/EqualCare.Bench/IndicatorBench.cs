using System.Diagnostics;
using System.Globalization;
using Dapper;
using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using EqualCare.Web.Domain.Indicators;
using EqualCare.Web.Features.Audit;
using EqualCare.Web.Features.Indicators;
using EqualCare.Web.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EqualCare.Bench;

/// <summary>
/// `indicators [--runs N] [--unit CODE] [--period KEY]`: the full indicator table (every indicator, every community of
/// 郑州市 4101, through <see cref="IndicatorReport.TableAsync"/>) against the plainest per-community statement over the same
/// table, <c>SELECT community_code, count(*) FROM persons GROUP BY community_code</c>, p50 of N runs each, alternating, in
/// the same run. Target (issue 5, acceptance 4): the table takes at most 5× the count. Runs on the database the app is
/// configured for (Database__Provider, ConnectionStrings__Postgres), e.g. one made by `generate --persons 1000000`.
/// </summary>
static class IndicatorBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var runs = int.Parse(Option(args, "--runs", "11"), CultureInfo.InvariantCulture);
        var unit = OrgCode.Parse(Option(args, "--unit", "4101"));
        var rest = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] is "--runs" or "--unit" or "--period") i++;
            else rest.Add(args[i]);
        }

        var builder = Host.CreateApplicationBuilder(rest.ToArray());
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddData(builder.Configuration);
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddScoped<AuditLog>();
        builder.Services.AddIndicators();
        await using var services = builder.Services.BuildServiceProvider();
        await services.GetRequiredService<MigrationRunner>().MigrateAsync();
        var connections = services.GetRequiredService<DbConnectionFactory>();
        var period = Period.TryParse(Option(args, "--period", ""), out var p) ? p : Period.Containing(PeriodType.Quarter, TimeProvider.System.Today());
        var user = new CurrentUser(0, "bench", Roles.District, unit);

        await using (var connection = await connections.OpenAsync())
        {
            foreach (var name in new[] { "persons", "service_records", "certificates", "certificate_checks", "checkup_attendance", "survey_responses" })
            {
                await using var analyze = connection.CreateCommand();
                analyze.CommandText = "ANALYZE " + name;
                await analyze.ExecuteNonQueryAsync();
            }
            var persons = await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM persons");
            Console.WriteLine($"database {connections.Provider}, persons {persons:N0}, unit {unit.Value}, period {period.Key}, runs {runs} each (after one warm-up)");
        }

        int communities = 0;
        async Task Table()
        {
            await using var scope = services.CreateAsyncScope();
            var table = (await scope.ServiceProvider.GetRequiredService<IndicatorReport>().TableAsync(user, unit.Value, period.Key, default)).Value;
            communities = table.Ranking.Count;
        }
        async Task Count()
        {
            await using var connection = await connections.OpenAsync();
            var rows = await connection.QueryAsync<(string, long)>("SELECT community_code, count(*) FROM persons GROUP BY community_code");
            if (!rows.Any()) throw new InvalidOperationException("no persons");
        }

        await Table();
        await Count();
        var table = new List<double>();
        var count = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            table.Add(await TimeAsync(Table));
            count.Add(await TimeAsync(Count));
        }
        var tableP50 = Median(table);
        var countP50 = Median(count);
        Console.WriteLine($"indicators in the table             {IndicatorCatalogue.All.Count}");
        Console.WriteLine($"communities ranked                  {communities:N0}");
        Console.WriteLine($"indicator table p50 ms              {tableP50:F1}   (min {table.Min():F1}, max {table.Max():F1})");
        Console.WriteLine($"count(*) GROUP BY community p50 ms  {countP50:F1}   (min {count.Min():F1}, max {count.Max():F1})");
        var ratio = tableP50 / countP50;
        Console.WriteLine($"ratio table/count                   {ratio:F2}");
        Console.WriteLine(ratio <= 5 ? "target met: at most 5x" : "TARGET MISSED: more than 5x");
        return 0;
    }

    static async Task<double> TimeAsync(Func<Task> action)
    {
        var watch = Stopwatch.StartNew();
        await action();
        return watch.Elapsed.TotalMilliseconds;
    }

    static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    static string Option(string[] args, string name, string fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
    }
}
