using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using Dapper;
using EqualCare.IntegrationTests.Infrastructure;
using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using EqualCare.Web.Domain.Indicators;
using EqualCare.Web.Features.Admin;
using EqualCare.Web.Features.Indicators;
using EqualCare.Web.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace EqualCare.IntegrationTests.Indicators;

/// <summary>
/// The figures of the periods users open are kept ahead of them (issue 15, "indicators cold"): the background keeping
/// leaves a current kept row for every community of the register and every such period, the table then equals a fresh
/// computation and the consistency check finds no difference; a request arriving while the keeping computes waits for it
/// and reads what it kept (one computation). On SQLite, which keeps nothing, the keeping does nothing and the table is
/// still computed from the records.
/// </summary>
public abstract class FiguresKeepingTests(AppFixture app)
{
    // 东风路 十二里屯: shared with the other indicator tests as a bystander; these persons are this class's own.
    const string Community = "410105010009";
    const string Street = "410105010000";

    /// <summary>Communities × periods of <paramref name="periods"/> with no current kept row (PostgreSQL).</summary>
    async Task<long> MissingAsync(IReadOnlyList<Period> periods)
    {
        await using var scope = app.Scope();
        var engine = scope.ServiceProvider.GetRequiredService<IndicatorEngine>();
        await using var connection = await scope.ServiceProvider.GetRequiredService<DbConnectionFactory>().OpenAsync();
        return await connection.ExecuteScalarAsync<long>("""
            SELECT count(*) FROM indicator_versions v CROSS JOIN unnest(@keys, @statements) AS p (period_key, statement)
            WHERE NOT EXISTS (SELECT 1 FROM indicator_figures f WHERE f.community_code = v.community_code
                              AND f.period_key = p.period_key AND f.statement = p.statement AND f.version = v.version)
            """, new { keys = periods.Select(p => p.Key).ToArray(), statements = periods.Select(engine.KeptStatementKey).ToArray() });
    }

    /// <summary>The cities of the register, the units the keeping computes one at a time.</summary>
    async Task<List<OrgCode>> CitiesAsync()
    {
        if (app.Provider != DatabaseProvider.Postgres) return [OrgCode.Parse("4101")];
        await using var scope = app.Scope();
        await using var connection = await scope.ServiceProvider.GetRequiredService<DbConnectionFactory>().OpenAsync();
        return [.. (await connection.QueryAsync<string>("SELECT DISTINCT left(community_code, 4) FROM indicator_versions")).Select(OrgCode.Parse)];
    }

    FiguresKeepingService Service() => new(app.Services.GetRequiredService<IServiceScopeFactory>(),
        Options.Create(new IndicatorOptions { KeepFigures = true }), app.Services.GetRequiredService<DbConnectionFactory>(), app.Clock,
        NullLogger<FiguresKeepingService>.Instance);

    [Fact]
    public async Task The_background_keeping_keeps_every_communitys_figures_of_the_periods_users_open_and_they_equal_the_records()
    {
        // A day of 2031: periods no other test reads, so nothing is kept for them before.
        using var _ = app.Clock.At(new DateTimeOffset(2031, 5, 15, 10, 0, 0, TimeSpan.FromHours(8)));
        await app.AddPersonAsync(Community, "预先指标甲");
        var periods = FiguresKeeper.PeriodsOpened(new DateOnly(2031, 5, 15));
        Assert.Equal(["2031Q2", "2031Q1", "2031-05", "2031-04", "2031", "2030", "2031S", "2030S"], periods.Select(p => p.Key));
        if (app.Provider == DatabaseProvider.Postgres) Assert.True(await MissingAsync(periods) > 0);

        var service = Service();
        await service.StartAsync(default);
        try
        {
            if (app.Provider == DatabaseProvider.Postgres)
            {
                // The service keeps at start, in the background: wait for it (the test database is small; a minute is ample).
                var waited = System.Diagnostics.Stopwatch.StartNew();
                while (await MissingAsync(periods) > 0 && waited.Elapsed < TimeSpan.FromMinutes(1)) await Task.Delay(200);
                Assert.Equal(0, await MissingAsync(periods));
            }
            else
            {
                // SQLite keeps nothing: the service ends at once, without error.
                await service.ExecuteTask!.WaitAsync(TimeSpan.FromSeconds(30));
                Assert.True(service.ExecuteTask.IsCompletedSuccessfully);
            }
        }
        finally
        {
            await service.StopAsync(default);
        }

        await using var scope = app.Scope();
        var keeper = scope.ServiceProvider.GetRequiredService<FiguresKeeper>();
        var engine = scope.ServiceProvider.GetRequiredService<IndicatorEngine>();
        // Kept and current: keeping again computes nothing.
        var again = await keeper.KeepAsync(periods, null, default);
        if (app.Provider == DatabaseProvider.Postgres)
        {
            Assert.Equal((await CitiesAsync()).Count * periods.Count, again.Count);
            Assert.All(again, k => Assert.Equal(0, k.Computed));
            Assert.Contains(again, k => k.Communities > 0);
        }
        else Assert.Empty(again);

        // The tables served from what was kept equal the figures computed from the records.
        foreach (var city in await CitiesAsync())
            foreach (var period in periods)
            {
                var served = await engine.ByCommunityAsync(city, period, default);
                var computed = await engine.ComputeAsync(city, period, default);
                Assert.Equal(computed.Keys.Order(), served.Keys.Order());
                foreach (var (code, figures) in computed) Assert.True(figures.SequenceEqual(served[code]), $"{code} {period.Key}");
                if (city.Contains(Community)) Assert.Contains(Community, served.Keys);
            }
        var check = await scope.ServiceProvider.GetRequiredService<KeptFacts>().CheckAsync(OrgCode.Parse(Street), default);
        Assert.True(check.Differences.Count == 0, string.Join("; ", check.Differences.Select(d => d.Detail)));
        if (app.Provider == DatabaseProvider.Postgres) Assert.True(check.FigureRows >= periods.Count, $"{check.FigureRows} kept rows compared");
    }

    [Fact]
    public async Task A_request_during_the_keeping_waits_for_it_and_answers_the_kept_table()
    {
        // A quarter no other test reads.
        var quarter = Period.Containing(PeriodType.Quarter, new DateOnly(2032, 2, 10));
        await app.AddPersonAsync(Community, "预先指标乙");
        var client = await app.SignedInAsync("dongfenglu");
        if (app.Provider != DatabaseProvider.Postgres)
        {
            await using var sqlite = app.Scope();
            Assert.Empty(await sqlite.ServiceProvider.GetRequiredService<FiguresKeeper>().KeepAsync([quarter], null, default));
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/indicators?unit=410105010&period={quarter.Key}")).StatusCode);
            return;
        }

        var computations = new ConcurrentBag<string>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "EqualCare.Indicators") l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            string? unit = null, period = null, source = null;
            foreach (var tag in tags)
                switch (tag.Key)
                {
                    case "unit": unit = tag.Value as string; break;
                    case "period": period = tag.Value as string; break;
                    case "source": source = tag.Value as string; break;
                }
            if (period == quarter.Key && source == "facts") computations.Add(unit!);
        });
        listener.Start();

        await using var scope = app.Scope();
        var connections = scope.ServiceProvider.GetRequiredService<DbConnectionFactory>();
        var engine = scope.ServiceProvider.GetRequiredService<IndicatorEngine>();
        // Hold the quarter's lock as a computation in progress would, so that the keeping and then the request queue for
        // it in that order (PostgreSQL grants a lock to its waiters first come, first served).
        await using var holder = await connections.OpenAsync();
        await using var held = await holder.BeginTransactionAsync();
        await KeptFigures.LockAsync(holder, held, quarter, engine.KeptStatementKey(quarter), default);

        var keeping = Task.Run(async () =>
        {
            await using var keeperScope = app.Scope();
            return await keeperScope.ServiceProvider.GetRequiredService<FiguresKeeper>().KeepAsync([quarter], OrgCode.Parse("4101"), default);
        });
        await WaitersAsync(holder, 1);
        var request = client.GetAsync($"/api/indicators?unit=410105010&period={quarter.Key}");
        await WaitersAsync(holder, 2);
        await held.CommitAsync();

        var kept = Assert.Single(await keeping);
        var response = await request;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(kept.Computed > 0);
        // Computed once, by the keeping (the city in one statement); the request read what it kept.
        Assert.Equal(["410100000000"], computations.ToArray());
        // What the request answered is the table read now from the kept rows, and those equal the records.
        Assert.Equal(await (await client.GetAsync($"/api/indicators?unit=410105010&period={quarter.Key}")).Content.ReadAsStringAsync(),
            await response.Content.ReadAsStringAsync());
        var served = await engine.ByCommunityAsync(OrgCode.Parse(Street), quarter, default);
        var computed = await engine.ComputeAsync(OrgCode.Parse(Street), quarter, default);
        Assert.Equal(computed.Keys.Order(), served.Keys.Order());
        foreach (var (code, figures) in computed) Assert.True(figures.SequenceEqual(served[code]), code);
        Assert.Single(computations);
    }

    [Fact]
    public async Task A_save_moves_every_kept_period_and_the_figures_still_equal_the_records()
    {
        // A day of 2033: periods no other test reads. Kept ahead: 2033Q3 and Q2, August and July, 2033 and 2032, and the
        // 统计年度s. A service dated today can change only the periods that have not ended (they are computed by delta);
        // those that ended before it only take the community's new version. A back-dated record and a void are
        // computed for every period. After each, every period is still current and equals the records.
        var today = new DateOnly(2033, 8, 15);
        using var _ = app.Clock.At(new DateTimeOffset(2033, 8, 15, 10, 0, 0, TimeSpan.FromHours(8)));
        var woman = await app.AddPersonAsync(Community, "预先指标丙");
        var periods = FiguresKeeper.PeriodsOpened(today);
        await using var scope = app.Scope();
        var keeper = scope.ServiceProvider.GetRequiredService<FiguresKeeper>();
        var engine = scope.ServiceProvider.GetRequiredService<IndicatorEngine>();
        await keeper.KeepAsync(periods, OrgCode.Parse("4101"), default);
        var health = IndicatorEngine.Indicators.ToList().FindIndex(d => d.Code == "health_record");
        var before = new Dictionary<Period, Figure>();
        foreach (var period in periods) before[period] = (await engine.ByCommunityAsync(OrgCode.Parse(Street), period, default))[Community][health];

        var worker = new CurrentUser(0, "test", Roles.Community, OrgCode.Parse(Community));
        async Task<long> RecordAsync(DateOnly date, string number)
        {
            await using var write = app.Scope();
            var handler = write.ServiceProvider.GetRequiredService<EqualCare.Web.Features.Services.ServiceHandler>();
            var recorded = await handler.RecordAsync(worker, woman.Id, new EqualCare.Web.Features.Services.ServiceRequest(
                "HealthRecord", date, RecordNumber: number), default);
            Assert.True(recorded.IsSuccess, recorded.IsSuccess ? "" : recorded.Error.Code);
            return recorded.Value.Id;
        }

        async Task CurrentAndEqualAsync(string after)
        {
            if (app.Provider == DatabaseProvider.Postgres) Assert.Equal(0, await MissingAsync(periods));
            foreach (var period in periods)
            {
                var served = await engine.ByCommunityAsync(OrgCode.Parse(Street), period, default);
                var computed = await engine.ComputeAsync(OrgCode.Parse(Street), period, default);
                foreach (var (code, figures) in computed) Assert.True(figures.SequenceEqual(served[code]), $"{after}: {code} {period.Key}");
            }
            var check = await scope.ServiceProvider.GetRequiredService<KeptFacts>().CheckAsync(OrgCode.Parse(Street), default);
            Assert.True(check.Differences.Count == 0, $"{after}: " + string.Join("; ", check.Differences.Select(d => d.Detail)));
        }

        // 建档 today: the periods not ended count her; those that ended before today are as they were.
        var first = await RecordAsync(today, "41010501001000901");
        await CurrentAndEqualAsync("today");
        foreach (var period in periods)
        {
            var now = (await engine.ByCommunityAsync(OrgCode.Parse(Street), period, default))[Community][health];
            var counted = period.End >= today && now.Denominator > 0;
            Assert.True(now.Numerator == before[period].Numerator + (counted ? 1 : 0), $"{period.Key}: {before[period]} → {now}");
        }

        // The same service back-dated into 2032, and the first one voided: every period computed again.
        await RecordAsync(new DateOnly(2032, 3, 2), "41010501001000902");
        await CurrentAndEqualAsync("back-dated");
        await using (var write = app.Scope())
        {
            var voided = await write.ServiceProvider.GetRequiredService<EqualCare.Web.Features.Services.ServiceHandler>()
                .VoidAsync(worker, woman.Id, first, "录入错误", default);
            Assert.True(voided.IsSuccess);
        }
        await CurrentAndEqualAsync("void");
    }

    /// <summary>Waits until <paramref name="count"/> connections to this database wait for an advisory lock.</summary>
    static async Task WaitersAsync(System.Data.Common.DbConnection connection, int count)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (await connection.ExecuteScalarAsync<long>("""
                   SELECT count(*) FROM pg_locks l JOIN pg_database d ON d.oid = l.database
                   WHERE l.locktype = 'advisory' AND NOT l.granted AND d.datname = current_database()
                   """) < count)
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(30), $"fewer than {count} waiting for the lock");
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task The_keep_figures_command_keeps_a_units_period_and_reports_it()
    {
        await app.AddPersonAsync(Community, "预先指标丙");
        using var output = new StringWriter();
        await using var scope = app.Scope();
        var command = AdminCommands.Find(["indicators", "keep-figures", "--unit", Street, "--period", "2033Q3"])!;
        Assert.Equal(0, await command.RunAsync(scope.ServiceProvider, output, default));
        if (app.Provider == DatabaseProvider.Postgres)
        {
            Assert.Matches(@"unit 410105010000 period 2033Q3: [1-9]\d* of [1-9]\d* communities computed", output.ToString());
            // Kept: the same again computes nothing.
            var again = await scope.ServiceProvider.GetRequiredService<FiguresKeeper>()
                .KeepAsync([Period.Containing(PeriodType.Quarter, new DateOnly(2033, 8, 1))], OrgCode.Parse(Street), default);
            Assert.Equal(0, Assert.Single(again).Computed);
        }
        else Assert.Contains("nothing kept on this database", output.ToString(), StringComparison.Ordinal);
        Assert.Equal(2, await AdminCommands.Find(["indicators", "keep-figures", "--period", "2033X"])!.RunAsync(scope.ServiceProvider, output, default));
    }
}

[Collection(OnSqlite.Name)]
public sealed class FiguresKeepingTestsOnSqlite(SqliteApp app) : FiguresKeepingTests(app);

[Collection(OnPostgres.Name)]
public sealed class FiguresKeepingTestsOnPostgres(PostgresApp app) : FiguresKeepingTests(app);
