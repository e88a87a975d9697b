using System.Data.Common;
using Dapper;
using EqualCare.IntegrationTests.Infrastructure;
using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using EqualCare.Web.Domain.Indicators;
using EqualCare.Web.Domain.Services;
using EqualCare.Web.Features.Identity;
using EqualCare.Web.Features.Checkups;
using EqualCare.Web.Features.Indicators;
using EqualCare.Web.Features.Sms;
using EqualCare.Web.Features.Surveys;
using EqualCare.Web.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace EqualCare.IntegrationTests;

/// <summary>
/// Every write and its audit row commit together or not at all. Each test makes the database refuse the audit row of one
/// write path (a trigger on audit_entries, dropped afterwards) and checks that the write it audits was not kept either.
/// </summary>
public abstract class AuditAtomicityTests(AppFixture app)
{
    DateOnly Today => app.Services.GetRequiredService<TimeProvider>().Today();

    static CurrentUser Worker => new(0, "xianghe", Roles.Community, OrgCode.Parse(TestData.Xianghe));

    [Fact]
    public async Task A_new_api_token_is_not_kept_when_its_audit_row_fails()
    {
        var label = "原子性令牌" + TestData.NextSerial();
        await using (await FailingAuditAsync("create", "api-token"))
        await using (var scope = app.Scope())
            await Assert.ThrowsAnyAsync<Exception>(() =>
                scope.ServiceProvider.GetRequiredService<ApiTokenService>().CreateAsync("xianghe", label, "admin", CancellationToken.None));

        await using var check = app.Scope();
        Assert.False(await check.ServiceProvider.GetRequiredService<EqualCareDb>().ApiTokens.AnyAsync(t => t.Name == label));
    }

    [Fact]
    public async Task A_new_user_is_not_kept_when_its_audit_row_fails()
    {
        var userName = "atomic" + TestData.NextSerial();
        await using (await FailingAuditAsync("create", "user"))
        await using (var scope = app.Scope())
            await Assert.ThrowsAnyAsync<Exception>(() => scope.ServiceProvider.GetRequiredService<UserAccounts>().CreateAsync(
                new NewUser(userName, "原子性测试", Roles.Community, TestData.Xianghe, "Atomic2026a"), "admin", CancellationToken.None));

        await using var check = app.Scope();
        Assert.False(await check.ServiceProvider.GetRequiredService<EqualCareDb>().Users.AnyAsync(u => u.UserName == userName));
    }

    [Fact]
    public async Task A_new_checkup_day_is_not_kept_when_its_audit_row_fails()
    {
        var day = Today.AddDays(301);
        await using (await FailingAuditAsync("create", "checkup_day"))
        await using (var scope = app.Scope())
            await Assert.ThrowsAnyAsync<Exception>(() => scope.ServiceProvider.GetRequiredService<CheckupDays>()
                .CreateAsync(Worker, new NewCheckupDay(day, "原子性"), CancellationToken.None));

        await using var check = app.Scope();
        Assert.False(await check.ServiceProvider.GetRequiredService<EqualCareDb>().CheckupDays
            .AnyAsync(d => d.CommunityCode == TestData.Xianghe && d.Day == day));
    }

    [Fact]
    public async Task A_survey_answer_is_not_kept_when_its_audit_row_fails()
    {
        var woman = await app.AddPersonAsync(TestData.Xianghe, "原子性问卷");
        await using (await FailingAuditAsync("create", "survey"))
        await using (var scope = app.Scope())
            await Assert.ThrowsAnyAsync<Exception>(() => scope.ServiceProvider.GetRequiredService<SurveyHandler>()
                .RecordAsync(Worker, new SurveyRequest(woman.IdNumber, Today, true, true), CancellationToken.None));

        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM survey_responses WHERE person_id = @key", woman.Id));
    }

    [Fact]
    public async Task A_target_change_is_not_kept_when_its_audit_row_fails()
    {
        var reason = "原子性" + TestData.NextSerial();
        var district = new CurrentUser(0, "erqi", Roles.District, OrgCode.Parse("410103"));
        await using (await FailingAuditAsync("update", "indicator-target"))
        await using (var scope = app.Scope())
            await Assert.ThrowsAnyAsync<Exception>(() => scope.ServiceProvider.GetRequiredService<IndicatorTargets>()
                .SetAsync(district, IndicatorCatalogue.All[0].Code, 90m, 80m, reason, CancellationToken.None));

        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM indicator_targets WHERE reason = @key", reason));
    }

    [Fact]
    public async Task Queued_reminders_are_not_kept_when_their_audit_row_fails()
    {
        var woman = await WomanWithPhoneAsync("原子性短信甲");
        await using (await FailingAuditAsync("create", "sms"))
        await using (var scope = app.Scope())
            await Assert.ThrowsAnyAsync<Exception>(() => scope.ServiceProvider.GetRequiredService<Reminders>()
                .QueueAsync(OrgCode.Parse(TestData.Xianghe), ReminderDay, CancellationToken.None));

        Assert.Empty(await MessagesOfAsync(woman.Id));
    }

    [Fact]
    public async Task A_message_stays_unsent_when_the_audit_row_of_its_sending_fails()
    {
        var woman = await WomanWithPhoneAsync("原子性短信乙");
        await using (var scope = app.Scope())
            await scope.ServiceProvider.GetRequiredService<Reminders>().QueueAsync(OrgCode.Parse(TestData.Xianghe), ReminderDay, CancellationToken.None);
        Assert.NotEmpty(await MessagesOfAsync(woman.Id));

        await using (await FailingAuditAsync("update", "sms"))
        await using (var scope = app.Scope())
            await Assert.ThrowsAnyAsync<Exception>(() => scope.ServiceProvider.GetRequiredService<SmsHandler>()
                .RunAsync(Worker, TestData.Xianghe, CancellationToken.None));

        Assert.All(await MessagesOfAsync(woman.Id), m => Assert.Null(m.SentAt));
    }

    /// <summary>Three days before the next quarter's first day, when a married woman's next 康检 reminder is queued.</summary>
    DateOnly ReminderDay => new DateOnly(Today.Year, (Today.Month - 1) / 3 * 3 + 1, 1).AddMonths(3).AddDays(-3);

    async Task<Person> WomanWithPhoneAsync(string name)
    {
        var woman = await app.AddPersonAsync(TestData.Xianghe, name);
        await using var scope = app.Scope();
        await scope.ServiceProvider.GetRequiredService<EqualCareDb>().Persons.Where(p => p.Id == woman.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.Phone, "13800000000"));
        return woman;
    }

    async Task<List<SmsMessage>> MessagesOfAsync(long personId)
    {
        await using var scope = app.Scope();
        return await scope.ServiceProvider.GetRequiredService<EqualCareDb>().SmsMessages.AsNoTracking().Where(m => m.PersonId == personId).ToListAsync();
    }

    async Task<long> CountAsync(string sql, object key)
    {
        await using var connection = await app.Services.GetRequiredService<DbConnectionFactory>().OpenAsync();
        return await connection.ExecuteScalarAsync<long>(sql, new { key });
    }

    /// <summary>
    /// Makes the database refuse the audit rows of one action on one entity until disposed. The tests of a provider run one
    /// after another (one collection), so no other test meets the trigger.
    /// </summary>
    async Task<IAsyncDisposable> FailingAuditAsync(string action, string entity)
    {
        var connection = await app.Services.GetRequiredService<DbConnectionFactory>().OpenAsync();
        var condition = $"NEW.action = '{action}' AND NEW.entity = '{entity}'";
        await connection.ExecuteAsync(app.Provider == DatabaseProvider.Postgres
            ? $"""
               CREATE FUNCTION test_refuse_audit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'audit refused by the test'; END $$;
               CREATE TRIGGER test_refuse_audit BEFORE INSERT ON audit_entries FOR EACH ROW WHEN ({condition}) EXECUTE FUNCTION test_refuse_audit();
               """
            : $"CREATE TRIGGER test_refuse_audit BEFORE INSERT ON audit_entries WHEN {condition} BEGIN SELECT RAISE(ABORT, 'audit refused by the test'); END;");
        return new DropTrigger(connection, app.Provider);
    }

    sealed class DropTrigger(DbConnection connection, DatabaseProvider provider) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await connection.ExecuteAsync(provider == DatabaseProvider.Postgres
                ? "DROP TRIGGER test_refuse_audit ON audit_entries; DROP FUNCTION test_refuse_audit();"
                : "DROP TRIGGER test_refuse_audit;");
            await connection.DisposeAsync();
        }
    }
}

[Collection(OnSqlite.Name)]
public sealed class AuditAtomicityTestsOnSqlite(SqliteApp app) : AuditAtomicityTests(app);

[Collection(OnPostgres.Name)]
public sealed class AuditAtomicityTestsOnPostgres(PostgresApp app) : AuditAtomicityTests(app);
