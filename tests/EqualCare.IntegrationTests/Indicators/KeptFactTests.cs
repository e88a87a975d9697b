using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using Dapper;
using EqualCare.IntegrationTests.Infrastructure;
using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using EqualCare.Web.Domain.Cases;
using EqualCare.Web.Domain.Indicators;
using EqualCare.Web.Domain.Schedules;
using EqualCare.Web.Domain.Services;
using EqualCare.Web.Features.Admin;
using EqualCare.Web.Features.Indicators;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace EqualCare.IntegrationTests.Indicators;

/// <summary>
/// The kept indicator facts (PostgreSQL, migration 0021) and figures equal a full recomputation from the records after
/// every kind of write, checked by the consistency check itself (`indicators check`); and concurrent first requests for
/// the same figures compute them once and all answer.
/// </summary>
public abstract class KeptFactTests(AppFixture app)
{
    // 东风路 十二里屯 (410105010009) is shared with KeptFigureTests' bystanders only; these persons are this class's own.
    const string Community = "410105010009";
    const string Street = "410105010000";

    async Task<KeptCheck> CheckAsync()
    {
        await using var scope = app.Scope();
        return await scope.ServiceProvider.GetRequiredService<KeptFacts>().CheckAsync(OrgCode.Parse(Street), default);
    }

    static readonly string[] Periods = ["2026Q3", "2026", "2026-08", "2026S"];

    /// <summary>
    /// Kept figure rows of the periods read here that their community's version has left behind (PostgreSQL): after a
    /// save through the app there are none, the save moved them by its difference (IndicatorKeepingInterceptor).
    /// </summary>
    async Task<long> StaleRowsAsync()
    {
        if (app.Provider != DatabaseProvider.Postgres) return 0;
        await using var scope = app.Scope();
        await using var connection = await scope.ServiceProvider.GetRequiredService<DbConnectionFactory>().OpenAsync();
        return await connection.ExecuteScalarAsync<long>("""
            SELECT count(*) FROM indicator_figures f JOIN indicator_versions v ON v.community_code = f.community_code
            WHERE f.community_code IN ('410105010008', '410105010009') AND f.period_key = ANY(@periods) AND f.version <> v.version
            """, new { periods = Periods });
    }

    async Task AssertConsistentAsync(string after, bool savedByTheApp = true)
    {
        if (savedByTheApp) Assert.True(await StaleRowsAsync() == 0, $"{after}: kept figures left stale by a save");
        // Figures of the periods the writes touch are read first (and so kept), so the check compares them too.
        await using (var scope = app.Scope())
        {
            var engine = scope.ServiceProvider.GetRequiredService<IndicatorEngine>();
            foreach (var key in Periods)
            {
                Assert.True(Period.TryParse(key, out var period));
                var served = await engine.ByCommunityAsync(OrgCode.Parse(Street), period, default);
                var computed = await engine.ComputeAsync(OrgCode.Parse(Street), period, default);
                Assert.Equal(computed.Keys.Order(), served.Keys.Order());
                foreach (var (code, figures) in computed) Assert.True(figures.SequenceEqual(served[code]), $"{after}: {code} {key}");
            }
        }
        var check = await CheckAsync();
        Assert.True(check.Differences.Count == 0, $"{after}: " + string.Join("; ", check.Differences.Select(d => d.Detail)));
        if (app.Provider == DatabaseProvider.Postgres) Assert.True(check.FigureRows > 0, after);
    }

    async Task WriteAsync(Func<EqualCareDb, Task> write)
    {
        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<EqualCareDb>();
        await write(db);
        await db.SaveChangesAsync();
    }

    static DateTime Utc(int month, int day) => new(2026, month, day, 2, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task After_every_kind_of_write_the_kept_facts_and_figures_equal_a_recomputation()
    {
        using var _ = app.Clock.At(new DateTimeOffset(2026, 11, 20, 10, 0, 0, TimeSpan.FromHours(8)));
        var mother = await app.AddPersonAsync(Community, "事实甲");
        var child = await app.AddPersonAsync(Community, "事实乙");
        await WriteAsync(async db =>
        {
            var m = await db.Persons.SingleAsync(p => p.Id == mother.Id);
            m.MaritalStatus = MaritalStatus.Married;
            m.BirthDate = new DateOnly(1992, 3, 1);
            m.PregnancyOutcome = PregnancyOutcome.LiveBirth;
            m.PregnancyOutcomeDate = new DateOnly(2026, 8, 1);
            var c = await db.Persons.SingleAsync(p => p.Id == child.Id);
            c.BirthDate = new DateOnly(2026, 8, 1);
            c.MotherId = mother.Id;
        });
        await AssertConsistentAsync("persons edited");

        // Services of every kind the indicators read, in and around the periods.
        ServiceRecord? checkup = null;
        await WriteAsync(db =>
        {
            ServiceRecord Add(long person, ServiceKind kind, DateOnly day, Action<ServiceRecord>? change = null)
            {
                var r = new ServiceRecord
                {
                    PersonId = person, CommunityCode = Community, Kind = kind, ServiceDate = day, RecordedAt = Utc(9, 1), RecordedBy = "test",
                };
                change?.Invoke(r);
                db.ServiceRecords.Add(r);
                return r;
            }
            checkup = Add(mother.Id, ServiceKind.WomensCheckup, new DateOnly(2026, 8, 10), r => r.Result = CheckOutcome.Normal);
            Add(mother.Id, ServiceKind.Contraceptives, new DateOnly(2026, 9, 2));
            Add(mother.Id, ServiceKind.HealthRecord, new DateOnly(2025, 3, 1));
            Add(mother.Id, ServiceKind.PrePregnancyCheck, new DateOnly(2025, 9, 1));
            foreach (var (month, day) in new[] { (1, 3), (3, 1), (4, 15), (6, 1), (7, 15) })
                Add(mother.Id, ServiceKind.MaternalVisit, new DateOnly(2026, month, day), r => r.GestationalWeeks = month == 1 ? (short)10 : (short)30);
            Add(mother.Id, ServiceKind.MaternalVisit, new DateOnly(2026, 8, 10), r => r.Fulfils = CareKind.PostpartumVisit);
            Add(child.Id, ServiceKind.ChildVisit, new DateOnly(2026, 8, 12), r => r.Fulfils = CareKind.NewbornHomeVisit);
            Add(child.Id, ServiceKind.ImmunisationFile, new DateOnly(2026, 8, 15));
            Add(child.Id, ServiceKind.Immunisation, new DateOnly(2026, 8, 1), r => (r.Vaccine, r.DoseNumber) = ("HepB", (short)1));
            Add(child.Id, ServiceKind.Immunisation, new DateOnly(2026, 9, 1), r => (r.Vaccine, r.DoseNumber) = ("HepB", (short)2));
            Add(child.Id, ServiceKind.Immunisation, new DateOnly(2026, 9, 3), r => (r.Vaccine, r.DoseNumber) = ("HepB", (short)2));
            return Task.CompletedTask;
        });
        await AssertConsistentAsync("services recorded");

        // A service voided.
        await WriteAsync(db =>
        {
            db.ServiceRecords.Add(new ServiceRecord
            {
                PersonId = mother.Id, CommunityCode = Community, Kind = ServiceKind.Void, ServiceDate = new DateOnly(2026, 8, 10),
                VoidsRecordId = checkup!.Id, RecordedAt = Utc(9, 2), RecordedBy = "test",
            });
            return Task.CompletedTask;
        });
        await AssertConsistentAsync("service voided");

        // Her own dates change the windows (outcome a week later, the child's birth with it).
        await WriteAsync(async db =>
        {
            var m = await db.Persons.SingleAsync(p => p.Id == mother.Id);
            m.PregnancyOutcomeDate = new DateOnly(2026, 8, 8);
            var c = await db.Persons.SingleAsync(p => p.Id == child.Id);
            c.BirthDate = new DateOnly(2026, 8, 8);
        });
        await AssertConsistentAsync("dates changed");

        // A write that bypasses the app (SQL straight to the table): the database keeps the facts all the same.
        await using (var scope = app.Scope())
        {
            await using var connection = await scope.ServiceProvider.GetRequiredService<DbConnectionFactory>().OpenAsync();
            await connection.ExecuteAsync("""
                INSERT INTO service_records (person_id, community_code, kind, service_date, recorded_at, recorded_by)
                VALUES (@person, @community, @kind, @day, @at, 'sql')
                """, new
            {
                person = mother.Id, community = Community, kind = (int)ServiceKind.WomensCheckup,
                day = app.Provider == DatabaseProvider.Postgres ? (object)new DateOnly(2026, 9, 20) : "2026-09-20",
                at = app.Provider == DatabaseProvider.Postgres ? (object)Utc(9, 20) : "2026-09-20 02:00:00",
            });
        }
        await AssertConsistentAsync("written by SQL", savedByTheApp: false);

        // Moved to another community of the street.
        await WriteAsync(async db => (await db.Persons.SingleAsync(p => p.Id == mother.Id)).CommunityCode = "410105010008");
        await AssertConsistentAsync("moved");
    }

    [Fact]
    public async Task Concurrent_cold_requests_for_the_same_table_all_answer_and_compute_it_once()
    {
        // A period no other test reads: nothing is kept for it.
        const string period = "2019Q1";
        await app.AddPersonAsync(Community, "并发甲");
        var client = await app.SignedInAsync("dongfenglu");
        var computations = new ConcurrentBag<string>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "EqualCare.Indicators") l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            foreach (var tag in tags)
                if (tag.Key == "period" && tag.Value as string == period) computations.Add(period);
        });
        listener.Start();

        var responses = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ =>
            client.GetAsync($"/api/indicators?unit=410105010&period={period}")));
        foreach (var response in responses) Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var bodies = await Task.WhenAll(responses.Select(r => r.Content.ReadAsStringAsync()));
        Assert.Single(bodies.Distinct());
        // PostgreSQL keeps the figures: the first request computes them, the other fifteen wait for it and read them.
        if (app.Provider == DatabaseProvider.Postgres) Assert.Single(computations);
    }

    [Fact]
    public async Task The_check_command_reports_no_difference()
    {
        using var output = new StringWriter();
        await using var scope = app.Scope();
        var command = AdminCommands.Find(["indicators", "check", "--unit", Street])!;
        Assert.Equal(0, await command.RunAsync(scope.ServiceProvider, output, default));
        Assert.Contains("differences: 0", output.ToString(), StringComparison.Ordinal);
    }
}

[Collection(OnSqlite.Name)]
public sealed class KeptFactTestsOnSqlite(SqliteApp app) : KeptFactTests(app);

[Collection(OnPostgres.Name)]
public sealed class KeptFactTestsOnPostgres(PostgresApp app) : KeptFactTests(app);
