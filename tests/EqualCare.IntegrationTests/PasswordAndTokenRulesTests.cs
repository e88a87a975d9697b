using System.Net;
using System.Net.Http.Headers;
using EqualCare.IntegrationTests.Infrastructure;
using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using EqualCare.Web.Features.Admin;
using EqualCare.Web.Features.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace EqualCare.IntegrationTests;

/// <summary>
/// Issue 14 point 6: passwords of at least 10 characters and three classes, not containing the user name, not common, not
/// one of the last 5 (a stored history); API tokens expire (default 90 days) and an expired one is refused and audited.
/// </summary>
public abstract class PasswordAndTokenRulesTests(AppFixture app)
{
    async Task<(long Id, string Name)> NewUserAsync(string password)
    {
        var name = "p" + Guid.NewGuid().ToString("N")[..10];
        await using var scope = app.Scope();
        var created = await scope.ServiceProvider.GetRequiredService<UserAccounts>().CreateAsync(
            new NewUser(name, "测试用户", Roles.Community, TestData.Xianghe, password), "test", CancellationToken.None, mustChangePassword: false);
        Assert.True(created.IsSuccess, created.IsSuccess ? "" : created.Error.Code);
        return (created.Value.Id, name);
    }

    async Task<string?> ChangeAsync(long userId, string current, string next)
    {
        await using var scope = app.Scope();
        var result = await scope.ServiceProvider.GetRequiredService<UserAccounts>().ChangePasswordAsync(userId, current, next, CancellationToken.None);
        return result.IsSuccess ? null : result.Error.Code;
    }

    [Theory]
    [InlineData("Short2026", "password.tooShort")]
    [InlineData("alllowercase2026", "password.needsThreeClasses")]
    [InlineData("ALLUPPER2026", "password.needsThreeClasses")]
    [InlineData("Password123", "password.common")]
    [InlineData("P@ssw0rd123", "password.common")]
    [InlineData("Qwerty12345", "password.common")]
    public async Task A_weak_password_is_refused_when_an_account_is_created_and_when_it_is_changed(string weak, string code)
    {
        await using (var scope = app.Scope())
        {
            var created = await scope.ServiceProvider.GetRequiredService<UserAccounts>().CreateAsync(
                new NewUser("weak" + TestData.NextSerial(), "测试用户", Roles.Community, TestData.Xianghe, weak), "test", CancellationToken.None);
            Assert.Equal(code, created.Error!.Code);
        }
        var (id, _) = await NewUserAsync("Strong2026pass");
        Assert.Equal(code, await ChangeAsync(id, "Strong2026pass", weak));
    }

    [Fact]
    public async Task A_password_containing_the_user_name_is_refused()
    {
        var (id, name) = await NewUserAsync("Strong2026pass");
        Assert.Equal("password.containsUserName", await ChangeAsync(id, "Strong2026pass", "X" + name.ToUpperInvariant() + "!9"));
        await using var scope = app.Scope();
        var zhangwei = "zhangwei" + TestData.NextSerial();
        var created = await scope.ServiceProvider.GetRequiredService<UserAccounts>().CreateAsync(
            new NewUser(zhangwei, "张伟", Roles.Community, TestData.Xianghe, "Q" + zhangwei.ToUpperInvariant() + "!a"), "test", CancellationToken.None);
        Assert.Equal("password.containsUserName", created.Error!.Code);
    }

    [Fact]
    public async Task A_new_password_may_not_be_one_of_the_last_five_and_the_sixth_oldest_is_allowed_again()
    {
        string[] passwords = ["History2026a", "History2026b", "History2026c", "History2026d", "History2026e", "History2026f"];
        var (id, _) = await NewUserAsync(passwords[0]);
        for (var i = 1; i < passwords.Length; i++) Assert.Null(await ChangeAsync(id, passwords[i - 1], passwords[i]));
        // The current one is f; the last five are b..f, so each of c..e is refused, and a (the sixth) may be used again.
        foreach (var used in passwords[2..5]) Assert.Equal("password.recentlyUsed", await ChangeAsync(id, "History2026f", used));
        Assert.Null(await ChangeAsync(id, "History2026f", passwords[0]));

        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<EqualCareDb>();
        var kept = await db.PasswordHistory.Where(h => h.UserId == id).Select(h => h.PasswordHash).ToListAsync();
        Assert.Equal(7, kept.Count);
        Assert.DoesNotContain(kept, h => passwords.Contains(h));
    }

    [Fact]
    public async Task The_change_password_form_names_the_rule_a_password_breaks()
    {
        var (_, name) = await NewUserAsync("Strong2026pass");
        var client = await app.SignedInAsync(name, "Strong2026pass");
        var token = await Browserless.AntiforgeryTokenAsync(client, "/Account/ChangePassword");
        var response = await client.PostAsync("/Account/ChangePassword", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["CurrentPassword"] = "Strong2026pass", ["NewPassword"] = "Password123", ["__RequestVerificationToken"] = token,
        }));
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("这是常见密码", html, StringComparison.Ordinal);
        Assert.Contains("至少10位", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_demo_password_meets_the_policy_for_every_demo_account()
    {
        foreach (var user in new[] { "admin", "erqi", "daxuelu", "xianghe", "zhongyuan", "dongfenglu" })
            Assert.Null(PasswordPolicy.Check(TestData.DemoPassword, user));
        Assert.Equal(HttpStatusCode.OK, (await (await app.SignedInAsync("xianghe")).GetAsync("/Persons")).StatusCode);
    }

    [Fact]
    public async Task A_token_expires_after_90_days_and_an_expired_token_is_refused_and_audited()
    {
        var output = new StringWriter();
        Assert.Equal(0, await AdminCommands.Find(["tokens", "create", "--user", "xianghe", "--name", "到期测试"])!
            .RunAsync(app.Services, output, CancellationToken.None));
        var token = output.ToString().Trim();
        var client = app.Client();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/persons?pageSize=1")).StatusCode);

        long id;
        await using (var scope = app.Scope())
        {
            var hash = ApiTokenService.Hash(token);
            var row = await scope.ServiceProvider.GetRequiredService<EqualCareDb>().ApiTokens.SingleAsync(t => t.TokenHash == hash);
            Assert.Equal(TimeSpan.FromDays(90), row.ExpiresAt - row.CreatedAt);
            id = row.Id;
        }

        using (app.Clock.At(app.Clock.GetUtcNow().AddDays(89)))
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/persons?pageSize=1")).StatusCode);
        using (app.Clock.At(app.Clock.GetUtcNow().AddDays(90).AddMinutes(1)))
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/persons?pageSize=1")).StatusCode);

        await using var check = app.Scope();
        var db = check.ServiceProvider.GetRequiredService<EqualCareDb>();
        var refusal = $"expired token id={id} ";
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Entity == "api-token" && a.Action == AuditLog.Actions.Login
                                                        && a.Outcome == AuditOutcome.Refused && a.Detail!.StartsWith(refusal)));
    }
}

[Collection(OnSqlite.Name)]
public sealed class PasswordAndTokenRulesTestsOnSqlite(SqliteApp app) : PasswordAndTokenRulesTests(app);

[Collection(OnPostgres.Name)]
public sealed class PasswordAndTokenRulesTestsOnPostgres(PostgresApp app) : PasswordAndTokenRulesTests(app);
