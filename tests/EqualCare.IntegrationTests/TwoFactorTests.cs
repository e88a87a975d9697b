using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using EqualCare.IntegrationTests.Infrastructure;
using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using EqualCare.Web.Features.Admin;
using EqualCare.Web.Features.Identity;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OtpNet;

namespace EqualCare.IntegrationTests;

/// <summary>
/// Issue 14 point 5: a second factor (TOTP, RFC 6238, with recovery codes) for administrators and for the roles that may
/// reveal or export unmasked. The fixtures run in demo mode, where the requirement is off; these tests turn it on.
/// </summary>
public abstract partial class TwoFactorTests(AppFixture app)
{
    const string Password = "Zweifach2026x";

    WebApplicationFactory<Program> Required() =>
        app.WithWebHostBuilder(b => b.UseSetting("EqualCare:Security:RequireTwoFactor", "true"));

    static HttpClient ClientOf(WebApplicationFactory<Program> host) =>
        host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    async Task<string> NewUserAsync(string role, string org)
    {
        var name = "f" + Guid.NewGuid().ToString("N")[..10];
        await using var scope = app.Scope();
        var created = await scope.ServiceProvider.GetRequiredService<UserAccounts>()
            .CreateAsync(new NewUser(name, "两步验证测试", role, org, Password), "test", CancellationToken.None, mustChangePassword: false);
        Assert.True(created.IsSuccess);
        return name;
    }

    static async Task<HttpClient> PasswordStepAsync(WebApplicationFactory<Program> host, string user)
    {
        var client = ClientOf(host);
        var response = await client.PostLoginAsync(user, Password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string page, string action, Dictionary<string, string> fields)
    {
        fields["__RequestVerificationToken"] = await Browserless.AntiforgeryTokenAsync(client, page);
        return await client.PostAsync(action, new FormUrlEncodedContent(fields));
    }

    string CodeNow(string key) => new Totp(Base32Encoding.ToBytes(key)).ComputeTotp(app.Clock.GetUtcNow().UtcDateTime);

    /// <summary>Enrols the signed-in client's user through the page: returns the key and the ten recovery codes shown.</summary>
    async Task<(string Key, List<string> RecoveryCodes)> EnrolAsync(HttpClient client)
    {
        var page = await client.GetStringAsync("/Account/TwoFactor");
        Assert.Contains("<svg", page, StringComparison.Ordinal);
        var key = ManualKey().Match(page).Groups[1].Value.Replace(" ", "", StringComparison.Ordinal);
        Assert.Equal(32, key.Length); // 160 bits, base32 (RFC 4226 §4 recommends 160)
        var confirmed = await PostFormAsync(client, "/Account/TwoFactor", "/Account/TwoFactor?handler=Confirm", new() { ["Code"] = CodeNow(key) });
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        var codes = RecoveryCodeItem().Matches(await confirmed.Content.ReadAsStringAsync()).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(TwoFactor.RecoveryCodeCount, codes.Count);
        Assert.Equal(codes.Count, codes.Distinct().Count());
        return (key, codes);
    }

    static async Task<HttpResponseMessage> CodeStepAsync(HttpClient client, string code) =>
        await PostFormAsync(client, PendingLogin.Path, PendingLogin.Path, new() { ["Code"] = code });

    [Fact]
    public async Task A_role_that_may_reveal_or_administer_reaches_only_the_enrolment_page_until_it_has_a_second_factor()
    {
        await using var host = Required();
        foreach (var (role, org, page) in new[]
        {
            (Roles.Community, TestData.Xianghe, "/Persons"),
            (Roles.Street, "410103007000", "/Persons"),
            (Roles.SystemAdmin, "410100000000", "/Admin/Users"),
        })
        {
            var client = await PasswordStepAsync(host, await NewUserAsync(role, org));
            var response = await client.GetAsync(page);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal(TwoFactorGate.EnrolmentPath, response.Headers.Location?.OriginalString);
            var api = await client.GetAsync("/api/org-units");
            Assert.Equal(HttpStatusCode.Forbidden, api.StatusCode);
            var problem = await api.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(TwoFactorGate.ProblemCode, problem.GetProperty("code").GetString());
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Account/TwoFactor")).StatusCode);

            await EnrolAsync(client);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(page)).StatusCode);
        }

        // District offices see masked data only: for them the factor is optional.
        var district = await PasswordStepAsync(host, await NewUserAsync(Roles.District, "410103000000"));
        Assert.Equal(HttpStatusCode.OK, (await district.GetAsync("/Persons")).StatusCode);
    }

    [Fact]
    public async Task In_demo_mode_the_requirement_is_off_and_the_demo_accounts_log_in_with_the_password_alone()
    {
        var admin = await app.SignedInAsync("admin");
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/Admin/Users")).StatusCode);
        var worker = await app.SignedInAsync("xianghe");
        Assert.Equal(HttpStatusCode.OK, (await worker.GetAsync("/Persons")).StatusCode);
    }

    [Fact]
    public async Task Once_enrolled_the_login_asks_for_a_current_code_which_is_accepted_once()
    {
        await using var host = Required();
        var user = await NewUserAsync(Roles.Community, TestData.Xianghe);
        var (key, _) = await EnrolAsync(await PasswordStepAsync(host, user));

        // The secret is kept encrypted, never as the key the user typed in.
        await using (var scope = app.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<EqualCareDb>();
            var id = await db.Users.Where(u => u.UserName == user).Select(u => u.Id).SingleAsync();
            var row = await db.Set<UserTwoFactor>().SingleAsync(t => t.UserId == id);
            Assert.NotNull(row.EnabledAt);
            Assert.DoesNotContain(key, row.ProtectedSecret, StringComparison.OrdinalIgnoreCase);
        }

        // A later time step: the enrolment's code was accepted for the current one.
        using var later = app.Clock.At(app.Clock.GetUtcNow().AddSeconds(90));
        var client = ClientOf(host);
        var password = await client.PostLoginAsync(user, Password);
        Assert.Equal(PendingLogin.Path, password.Headers.Location?.OriginalString);
        // The password alone signs nobody in.
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/org-units")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/Persons")).StatusCode);

        var wrong = await CodeStepAsync(client, CodeNow(key) == "000000" ? "111111" : "000000");
        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        Assert.Contains("验证码不正确", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var code = CodeNow(key);
        var right = await CodeStepAsync(client, code);
        Assert.Equal(HttpStatusCode.Redirect, right.StatusCode);
        Assert.Equal("/", right.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Persons")).StatusCode);

        // The same code again (a copied or shoulder-surfed one) is refused: RFC 6238 §5.2.
        var replay = await PasswordStepAsync(host, user);
        Assert.Equal(HttpStatusCode.OK, (await CodeStepAsync(replay, code)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await replay.GetAsync("/api/org-units")).StatusCode);

        await using var check = app.Scope();
        var audit = await check.ServiceProvider.GetRequiredService<EqualCareDb>().AuditEntries
            .Where(a => a.UserName == user && a.Action == AuditLog.Actions.Login).Select(a => new { a.Outcome, a.Detail }).ToListAsync();
        Assert.Contains(audit, a => a.Outcome == AuditOutcome.Success && a.Detail == "second factor: totp");
        Assert.Contains(audit, a => a.Outcome == AuditOutcome.Refused && a.Detail == "wrong second factor");
    }

    [Fact]
    public async Task A_recovery_code_logs_in_once_and_is_kept_only_as_a_hash()
    {
        await using var host = Required();
        var user = await NewUserAsync(Roles.SystemAdmin, "410100000000");
        var (_, codes) = await EnrolAsync(await PasswordStepAsync(host, user));

        await using (var scope = app.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<EqualCareDb>();
            var id = await db.Users.Where(u => u.UserName == user).Select(u => u.Id).SingleAsync();
            var hashes = await db.Set<RecoveryCode>().Where(c => c.UserId == id).Select(c => c.CodeHash).ToListAsync();
            Assert.Equal(TwoFactor.RecoveryCodeCount, hashes.Count);
            Assert.DoesNotContain(hashes, h => codes.Any(c => h.Contains(c.Replace("-", "", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase)));
        }

        var client = await PasswordStepAsync(host, user);
        // Typed in lower case with spaces, as it may be copied from paper.
        var used = await CodeStepAsync(client, codes[3].ToLowerInvariant().Replace("-", " ", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.Redirect, used.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Admin/Users")).StatusCode);
        Assert.Contains(">9<", await client.GetStringAsync("/Account/TwoFactor"), StringComparison.Ordinal);

        var again = await PasswordStepAsync(host, user);
        Assert.Equal(HttpStatusCode.OK, (await CodeStepAsync(again, codes[3])).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await again.GetAsync("/Admin/Users")).StatusCode);
    }

    [Fact]
    public async Task Five_wrong_codes_lock_the_account_and_the_right_code_after_them_is_refused()
    {
        await using var host = Required();
        var user = await NewUserAsync(Roles.Street, "410103007000");
        var (key, _) = await EnrolAsync(await PasswordStepAsync(host, user));
        using var later = app.Clock.At(app.Clock.GetUtcNow().AddSeconds(90));

        // A code step begun before the lock: its right code, typed after the lock, is refused all the same.
        var late = await PasswordStepAsync(host, user);

        // The right password between the guesses does not clear their count: a known password buys no more guesses.
        for (var i = 0; i < 5; i++)
        {
            var client = await PasswordStepAsync(host, user);
            var guess = ((int.Parse(CodeNow(key), System.Globalization.CultureInfo.InvariantCulture) + 1 + i) % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(HttpStatusCode.OK, (await CodeStepAsync(client, guess)).StatusCode);
        }

        await using (var scope = app.Scope())
        {
            var locked = await scope.ServiceProvider.GetRequiredService<EqualCareDb>().Users.AsNoTracking().SingleAsync(u => u.UserName == user);
            Assert.NotNull(locked.LockedUntil);
            Assert.Equal(5, locked.FailedLoginCount);
        }
        var refused = await CodeStepAsync(late, CodeNow(key));
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await late.GetAsync("/api/org-units")).StatusCode);
        // And the password step itself is refused while locked.
        Assert.Equal(HttpStatusCode.OK, (await ClientOf(host).PostLoginAsync(user, Password)).StatusCode);
    }

    [Fact]
    public async Task The_operator_removes_a_lost_factor_her_sessions_end_and_she_enrols_again_at_the_next_login()
    {
        await using var host = Required();
        var user = await NewUserAsync(Roles.Community, TestData.Xianghe);
        var (key, _) = await EnrolAsync(await PasswordStepAsync(host, user));
        using var later = app.Clock.At(app.Clock.GetUtcNow().AddSeconds(90));
        var signedIn = await PasswordStepAsync(host, user);
        Assert.Equal(HttpStatusCode.Redirect, (await CodeStepAsync(signedIn, CodeNow(key))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await signedIn.GetAsync("/api/persons")).StatusCode);

        var output = new StringWriter();
        Assert.Equal(0, await AdminCommands.Find(["users", "reset-two-factor", "--user", user, "--by", "王主任"])!
            .RunAsync(app.Services, output, CancellationToken.None));
        Assert.Equal(1, await AdminCommands.Find(["users", "reset-two-factor", "--user", "nobody-here", "--by", "王主任"])!
            .RunAsync(app.Services, new StringWriter(), CancellationToken.None));

        // The session she had (or whoever holds her phone's codes had) is over.
        Assert.Equal(HttpStatusCode.Unauthorized, (await signedIn.GetAsync("/api/persons")).StatusCode);
        await using (var scope = app.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<EqualCareDb>();
            var id = await db.Users.Where(u => u.UserName == user).Select(u => u.Id).SingleAsync();
            Assert.False(await db.Set<UserTwoFactor>().AnyAsync(t => t.UserId == id));
            Assert.False(await db.Set<RecoveryCode>().AnyAsync(c => c.UserId == id));
            var row = await db.AuditEntries.SingleAsync(a => a.Action == TwoFactor.Actions.Reset && a.EntityId == id.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal("console", row.UserName);
            Assert.Equal($"operator command: users reset-two-factor; user={user}; requested by=王主任", row.Detail);
        }

        // The password alone now leads only to the enrolment page: her role needs the factor.
        var next = await PasswordStepAsync(host, user);
        Assert.Equal(TwoFactorGate.EnrolmentPath, (await next.GetAsync("/Persons")).Headers.Location?.OriginalString);
    }

    [GeneratedRegex("<code id=\"manual-key\">([A-Z2-7 ]+)</code>")]
    private static partial Regex ManualKey();

    [GeneratedRegex("<li><code>([A-Z0-9-]+)</code></li>")]
    private static partial Regex RecoveryCodeItem();
}

[Collection(OnSqlite.Name)]
public sealed class TwoFactorTestsOnSqlite(SqliteApp app) : TwoFactorTests(app);

[Collection(OnPostgres.Name)]
public sealed class TwoFactorTestsOnPostgres(PostgresApp app) : TwoFactorTests(app);
