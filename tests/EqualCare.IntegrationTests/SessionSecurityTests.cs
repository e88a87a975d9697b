using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using EqualCare.IntegrationTests.Infrastructure;
using EqualCare.Web.Features.Admin;
using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using EqualCare.Web.Features.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace EqualCare.IntegrationTests;

/// <summary>Issue 14: a password that must be changed opens nothing else; logout and session limits are server-side.</summary>
public abstract class SessionSecurityTests(AppFixture app)
{
    const string Password = "Passw0rd2026";

    async Task<string> NewUserAsync(bool mustChangePassword)
    {
        var name = "s" + Guid.NewGuid().ToString("N")[..10];
        await using var scope = app.Scope();
        var accounts = scope.ServiceProvider.GetRequiredService<UserAccounts>();
        var created = await accounts.CreateAsync(new NewUser(name, "会话测试", Roles.Community, TestData.Xianghe, Password), "test",
            CancellationToken.None, mustChangePassword: mustChangePassword);
        Assert.True(created.IsSuccess);
        return name;
    }

    async Task<string> TokenAsync(string user)
    {
        var output = new StringWriter();
        var command = AdminCommands.Find(["tokens", "create", "--user", user, "--name", "会话测试"])!;
        Assert.Equal(0, await command.RunAsync(app.Services, output, CancellationToken.None));
        return output.ToString().Trim();
    }

    HttpClient Bearer(string token)
    {
        var client = app.Client();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    static async Task AssertMustChangeProblemAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(MustChangePasswordGate.ProblemCode, problem.GetProperty("code").GetString());
        Assert.Contains("修改密码", problem.GetProperty("title").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_user_who_must_change_her_password_reaches_only_the_change_password_page_and_logout_until_she_does()
    {
        var person = await app.AddPersonAsync(TestData.Xianghe);
        var user = await NewUserAsync(mustChangePassword: true);
        var client = await app.SignedInAsync(user, Password);
        var bearer = Bearer(await TokenAsync(user));

        var page = await client.GetAsync("/Persons");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Equal("/Account/ChangePassword", page.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/")).StatusCode);
        await AssertMustChangeProblemAsync(await client.GetAsync("/api/persons"));
        await AssertMustChangeProblemAsync(await bearer.GetAsync("/api/persons"));
        await AssertMustChangeProblemAsync(await bearer.PostAsync($"/api/persons/{person.Id}/reveal", JsonContent.Create(new { reason = "测试" })));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Account/ChangePassword")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/culture/en?returnUrl=/Account/ChangePassword")).StatusCode);

        var token = await Browserless.AntiforgeryTokenAsync(client, "/Account/ChangePassword");
        var changed = await client.PostAsync("/Account/ChangePassword", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["CurrentPassword"] = Password,
            ["NewPassword"] = "Fresh2026pass",
            ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Persons")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/persons")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await bearer.GetAsync("/api/persons")).StatusCode);
        Assert.Equal(HttpStatusCode.OK,
            (await bearer.PostAsync($"/api/persons/{person.Id}/reveal", JsonContent.Create(new { reason = "测试" }))).StatusCode);
    }

    /// <summary>Logs in and returns the client and a copy of its auth cookie, as an attacker who copied it would hold it.</summary>
    async Task<(HttpClient Client, HttpClient Copy)> SignedInWithCopyAsync(string user)
    {
        var client = app.Client();
        var login = await client.PostLoginAsync(user, Password);
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        var cookie = login.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("equalcare.auth=", StringComparison.Ordinal)).Split(';')[0];
        var copy = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        copy.DefaultRequestHeaders.Add("Cookie", cookie);
        return (client, copy);
    }

    static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string tokenPage, string path, Dictionary<string, string> fields)
    {
        fields["__RequestVerificationToken"] = await Browserless.AntiforgeryTokenAsync(client, tokenPage);
        return await client.PostAsync(path, new FormUrlEncodedContent(fields));
    }

    [Fact]
    public async Task A_cookie_copied_before_logout_neither_reads_nor_reveals_after_it()
    {
        var person = await app.AddPersonAsync(TestData.Xianghe);
        var user = await NewUserAsync(mustChangePassword: false);
        var (client, copy) = await SignedInWithCopyAsync(user);
        Assert.Equal(HttpStatusCode.OK, (await copy.GetAsync("/Persons")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await copy.GetAsync("/api/persons")).StatusCode);

        var logout = await PostFormAsync(client, "/Account/ChangePassword", "/Account/Logout", []);
        Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);

        var page = await copy.GetAsync("/Persons");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Equal("/Account/Login", page.Headers.Location?.AbsolutePath);
        Assert.Equal(HttpStatusCode.Unauthorized, (await copy.GetAsync("/api/persons")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await copy.GetAsync($"/api/persons/{person.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized,
            (await copy.PostAsync($"/api/persons/{person.Id}/reveal", JsonContent.Create(new { reason = "测试" }))).StatusCode);
    }

    [Fact]
    public async Task A_session_ends_after_its_absolute_lifetime_even_when_never_idle()
    {
        var user = await NewUserAsync(mustChangePassword: false);
        var (client, _) = await SignedInWithCopyAsync(user);
        var start = app.Clock.GetUtcNow();
        var moves = new Stack<IDisposable>();
        try
        {
            // A request every 25 minutes keeps the 30-minute idle timeout from ever ending the session.
            for (var step = 1; step <= 20; step++)
            {
                var elapsed = TimeSpan.FromMinutes(25 * step);
                moves.Push(app.Clock.At(start + elapsed));
                var expected = elapsed < TimeSpan.FromHours(8) ? HttpStatusCode.OK : HttpStatusCode.Unauthorized;
                Assert.Equal(expected, (await client.GetAsync("/api/persons")).StatusCode);
            }
            Assert.Equal("/Account/Login", (await client.GetAsync("/Persons")).Headers.Location?.AbsolutePath);
        }
        finally
        {
            while (moves.Count > 0) moves.Pop().Dispose();
        }
    }

    [Fact]
    public async Task A_user_sees_her_sessions_and_ending_another_one_kills_its_cookie_and_is_audited()
    {
        var user = await NewUserAsync(mustChangePassword: false);
        var (here, _) = await SignedInWithCopyAsync(user);
        var (there, _) = await SignedInWithCopyAsync(user);

        var html = await here.GetStringAsync("/Account/Sessions");
        Assert.Contains("当前会话", html, StringComparison.Ordinal);
        var others = Regex.Matches(html, "name=\"id\" value=\"([0-9a-f]+)\"").Select(m => m.Groups[1].Value).ToList();
        var other = Assert.Single(others); // the only session with an "end" button is the other one

        var ended = await PostFormAsync(here, "/Account/Sessions", "/Account/Sessions?handler=End", new() { ["id"] = other });
        Assert.Contains("该会话已结束", await ended.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Unauthorized, (await there.GetAsync("/api/persons")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await here.GetAsync("/api/persons")).StatusCode);
        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<EqualCareDb>();
        Assert.True(await db.AuditEntries.AnyAsync(a => a.UserName == user && a.Action == AuditLog.Actions.Logout
            && a.Entity == UserSessions.Entity && a.EntityId == other.Substring(0, 8)));
    }

    [Fact]
    public async Task A_user_cannot_end_a_session_of_someone_else()
    {
        var victim = await NewUserAsync(mustChangePassword: false);
        var (victimClient, _) = await SignedInWithCopyAsync(victim);
        string victimSession;
        await using (var scope = app.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<EqualCareDb>();
            var victimId = db.Users.Single(u => u.UserName == victim).Id;
            victimSession = db.Set<UserSession>().Single(s => s.UserId == victimId).Id;
        }
        var (attacker, _) = await SignedInWithCopyAsync(await NewUserAsync(mustChangePassword: false));
        await PostFormAsync(attacker, "/Account/Sessions", "/Account/Sessions?handler=End", new() { ["id"] = victimSession });
        Assert.Equal(HttpStatusCode.OK, (await victimClient.GetAsync("/api/persons")).StatusCode);
    }
}

[Collection(OnSqlite.Name)]
public sealed class SessionSecurityTestsOnSqlite(SqliteApp app) : SessionSecurityTests(app);

[Collection(OnPostgres.Name)]
public sealed class SessionSecurityTestsOnPostgres(PostgresApp app) : SessionSecurityTests(app);
