using Dapper;
using EqualCare.IntegrationTests.Infrastructure;
using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using EqualCare.Web.Domain.Cases;
using EqualCare.Web.Domain.Indicators;
using EqualCare.Web.Domain.Services;
using EqualCare.Web.Features.Indicators;
using EqualCare.Web.Features.Surveys;
using EqualCare.Web.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace EqualCare.IntegrationTests.Indicators;

/// <summary>
/// The figures the engine serves are always those computed from the records, whatever it keeps: after each kind of
/// write the figures read through the kept table (PostgreSQL) equal a fresh computation, and the figure the write
/// touched has moved. On SQLite nothing is kept and the same steps check the computation alone.
/// </summary>
public abstract class KeptFigureTests(AppFixture app)
{
    // 东风路 文化绿城, 白庙, 宋砦 and 十二里屯: used by no other test.
    const string Lvcheng = "410105010006";
    const string Baimiao = "410105010007";
    static readonly string[] Others = ["410105010008", "410105010009"];
    static readonly Period Q3 = Period.Containing(PeriodType.Quarter, new DateOnly(2026, 8, 1));

    static int Index(string code) => IndicatorEngine.Indicators.ToList().FindIndex(d => d.Code == code);

    /// <summary>The served figures of both communities, after checking each equals a fresh computation.</summary>
    async Task<Dictionary<string, Figure[]>> ServedAsync()
    {
        await using var scope = app.Scope();
        var engine = scope.ServiceProvider.GetRequiredService<IndicatorEngine>();
        var street = OrgCode.Parse("410105010000");
        var served = await engine.ByCommunityAsync(street, Q3, default);
        var computed = await engine.ComputeAsync(street, Q3, default);
        Assert.Equal(computed.Keys.Order(), served.Keys.Order());
        foreach (var (code, figures) in computed) Assert.Equal(figures, served[code]);
        return served;
    }

    static Figure FigureOf(Dictionary<string, Figure[]> figures, string community, string indicator) =>
        figures.TryGetValue(community, out var f) ? f[Index(indicator)] : new Figure(0, 0);

    async Task<long> KeptRowsAsync(string community)
    {
        await using var scope = app.Scope();
        var connections = scope.ServiceProvider.GetRequiredService<DbConnectionFactory>();
        if (connections.Provider != DatabaseProvider.Postgres) return 0;
        await using var connection = await connections.OpenAsync();
        return await connection.ExecuteScalarAsync<long>(
            "SELECT count(*) FROM indicator_figures WHERE community_code = @community AND period_key = @period",
            new { community, period = Q3.Key });
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
    public async Task After_each_kind_of_write_the_served_figures_equal_the_records_and_have_moved()
    {
        // The writes are dated in 2026 Q3 and the survey handler refuses answers from the future: a day after the quarter.
        using var _ = app.Clock.At(new DateTimeOffset(2026, 11, 20, 10, 0, 0, TimeSpan.FromHours(8)));
        // Four communities with persons, so that a write in one has the engine compute that one alone and a move (two
        // of four) has it compute the whole street again: both paths are checked.
        var woman = await app.AddPersonAsync(Lvcheng, "留存指标甲");
        await app.AddPersonAsync(Baimiao, "留存指标乙");
        foreach (var other in Others) await app.AddPersonAsync(other, "留存指标丙");
        var before = await ServedAsync();
        Assert.Equal(1, FigureOf(before, Lvcheng, "womens_checkup").Denominator);
        if (app.Provider == DatabaseProvider.Postgres) Assert.Equal(1, await KeptRowsAsync(Lvcheng));

        // Reading again serves the kept figures unchanged.
        Assert.Equal(before[Lvcheng], (await ServedAsync())[Lvcheng]);

        // A 康检 recorded in the period.
        await WriteAsync(db =>
        {
            db.ServiceRecords.Add(new ServiceRecord
            {
                PersonId = woman.Id, CommunityCode = Lvcheng, Kind = ServiceKind.WomensCheckup, ServiceDate = new DateOnly(2026, 8, 10),
                Result = CheckOutcome.Normal, RecordedAt = Utc(8, 10), RecordedBy = "test",
            });
            return Task.CompletedTask;
        });
        var afterCheckup = await ServedAsync();
        Assert.Equal(FigureOf(before, Lvcheng, "womens_checkup").Numerator + 1, FigureOf(afterCheckup, Lvcheng, "womens_checkup").Numerator);

        // Her 婚育证明 recorded and checked.
        await WriteAsync(async db =>
        {
            var certificate = new Certificate
            {
                PersonId = woman.Id, Kind = CertificateKind.MarriageAndChildbearing, RecordedAt = Utc(7, 1), RecordedBy = "test",
            };
            db.Certificates.Add(certificate);
            await db.SaveChangesAsync();
            db.CertificateChecks.Add(new CertificateCheck
            {
                CertificateId = certificate.Id, CheckedOn = new DateOnly(2026, 7, 2), Office = "东风路街道", Result = CheckResult.Valid,
                RecordedAt = Utc(7, 2), RecordedBy = "test",
            });
        });
        var afterCheck = await ServedAsync();
        Assert.Equal(FigureOf(afterCheckup, Lvcheng, "certificate_checked").Numerator + 1, FigureOf(afterCheck, Lvcheng, "certificate_checked").Numerator);

        // Listed for a check-up day and came.
        await WriteAsync(async db =>
        {
            var day = new CheckupDay { CommunityCode = Lvcheng, Day = new DateOnly(2026, 8, 20), CreatedAt = Utc(8, 1), CreatedBy = "test" };
            db.CheckupDays.Add(day);
            await db.SaveChangesAsync();
            db.CheckupAttendance.Add(new CheckupAttendance { CheckupDayId = day.Id, PersonId = woman.Id, Attended = true, RecordedAt = Utc(8, 20), RecordedBy = "test" });
        });
        var afterDay = await ServedAsync();
        Assert.Equal(FigureOf(afterCheck, Lvcheng, "checkup_same_day").Denominator + 1, FigureOf(afterDay, Lvcheng, "checkup_same_day").Denominator);

        // A survey answer, recorded through the survey page's handler (it writes by SQL, not EF).
        await using (var scope = app.Scope())
        {
            var worker = new CurrentUser(0, "test", Roles.Community, OrgCode.Parse(Lvcheng));
            var recorded = await scope.ServiceProvider.GetRequiredService<SurveyHandler>()
                .RecordAsync(worker, new SurveyRequest(woman.IdNumber, new DateOnly(2026, 8, 21), true, true), default);
            Assert.True(recorded.IsSuccess);
        }
        var afterSurvey = await ServedAsync();
        Assert.Equal(FigureOf(afterDay, Lvcheng, "satisfaction").Numerator + 1, FigureOf(afterSurvey, Lvcheng, "satisfaction").Numerator);

        // She moves to 白庙: both communities' figures change.
        var baimiaoBefore = FigureOf(afterSurvey, Baimiao, "womens_checkup");
        await WriteAsync(async db =>
        {
            var person = await db.Persons.SingleAsync(p => p.Id == woman.Id);
            person.CommunityCode = Baimiao;
        });
        var afterMove = await ServedAsync();
        Assert.Equal(FigureOf(afterSurvey, Lvcheng, "womens_checkup").Denominator - 1, FigureOf(afterMove, Lvcheng, "womens_checkup").Denominator);
        Assert.Equal(baimiaoBefore.Denominator + 1, FigureOf(afterMove, Baimiao, "womens_checkup").Denominator);
        if (app.Provider == DatabaseProvider.Postgres) Assert.Equal(1, await KeptRowsAsync(Baimiao));
    }

    [Fact]
    public void Kept_figures_read_back_as_written_and_a_row_of_another_catalogue_is_refused()
    {
        Figure[] figures = [new(2, 10), new(0, 0), new(96, 100)];
        Assert.Equal(figures, KeptFigures.Parse(KeptFigures.Format(figures), 3));
        Assert.Null(KeptFigures.Parse(KeptFigures.Format(figures), 4));
        Assert.Null(KeptFigures.Parse("2/x,1/1,0/0", 3));
        Assert.Equal([], KeptFigures.Parse(KeptFigures.Format(null), 3)!);
    }
}

[Collection(OnSqlite.Name)]
public sealed class KeptFigureTestsOnSqlite(SqliteApp app) : KeptFigureTests(app);

[Collection(OnPostgres.Name)]
public sealed class KeptFigureTestsOnPostgres(PostgresApp app) : KeptFigureTests(app);
