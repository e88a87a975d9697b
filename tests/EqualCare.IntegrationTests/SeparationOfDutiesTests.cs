using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using EqualCare.IntegrationTests.Infrastructure;
using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using EqualCare.Web.Features.Admin;
using EqualCare.Web.Features.Identity;
using EqualCare.Web.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace EqualCare.IntegrationTests;

/// <summary>
/// Issue 14 point 1: the administrator cannot obtain a worker's access. It issues tokens only for service accounts (named
/// as such in the audit); a person's token is made by that person; the server's command line is audited as an operator
/// command; an account an administrator creates with a password opens only the change-password page.
/// </summary>
public abstract partial class SeparationOfDutiesTests(AppFixture app)
{
    const string Password = "Separate2026a";

    HttpClient Bearer(string token)
    {
        var client = app.Client();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    async Task<string> NewWorkerAsync()
    {
        var name = "w" + Guid.NewGuid().ToString("N")[..10];
        await using var scope = app.Scope();
        var created = await scope.ServiceProvider.GetRequiredService<UserAccounts>().CreateAsync(
            new NewUser(name, "包片专干", Roles.Community, TestData.Xianghe, Password), "test", CancellationToken.None, mustChangePassword: false);
        Assert.True(created.IsSuccess);
        return name;
    }

    static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string page, string action, Dictionary<string, string> fields)
    {
        fields["__RequestVerificationToken"] = await Browserless.AntiforgeryTokenAsync(client, page);
        return await client.PostAsync(action, new FormUrlEncodedContent(fields));
    }

    static string PlainToken(string html) =>
        PlainTokenPattern().Match(html) is { Success: true } m ? m.Groups[1].Value : throw new InvalidOperationException("no token shown");

    [GeneratedRegex("<code id=\"plain-token\">(eqc_[^<]+)</code>")]
    private static partial Regex PlainTokenPattern();

    async Task<List<AuditEntry>> TokenAuditAsync()
    {
        await using var scope = app.Scope();
        return await scope.ServiceProvider.GetRequiredService<EqualCareDb>().AuditEntries.AsNoTracking()
            .Where(a => a.Entity == "api-token").OrderBy(a => a.Id).ToListAsync();
    }

    async Task<int> TokensOfAsync(string userName)
    {
        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<EqualCareDb>();
        return await db.ApiTokens.Join(db.Users.Where(u => u.UserName == userName), t => t.UserId, u => u.Id, (t, u) => t.Id).CountAsync();
    }

    [Fact]
    public async Task The_administrator_cannot_issue_a_token_in_a_workers_name_and_the_attempt_is_audited()
    {
        var worker = await NewWorkerAsync();
        var admin = await app.SignedInAsync("admin");

        var response = await PostFormAsync(admin, "/Admin/Tokens", "/Admin/Tokens?handler=Issue",
            new() { ["UserName"] = worker, ["Label"] = "借用令牌" });

        var html = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("plain-token", html, StringComparison.Ordinal);
        Assert.Contains("管理员只能为服务账号签发令牌", html, StringComparison.Ordinal);
        Assert.Equal(0, await TokensOfAsync(worker));
        Assert.Contains(await TokenAuditAsync(), a => a.UserName == "admin" && a.Action == AuditLog.Actions.Create
                                                      && a.Outcome == AuditOutcome.Refused && a.Detail!.Contains(worker, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_administrator_issues_a_token_for_a_service_account_which_acts_in_its_own_scope_and_is_named_in_the_audit()
    {
        var own = await app.AddPersonAsync(TestData.Xianghe);
        var other = await app.AddPersonAsync(TestData.Zhongyuan);
        var admin = await app.SignedInAsync("admin");
        var service = "svc-his" + TestData.NextSerial();

        var created = await PostFormAsync(admin, "/Admin/Users", "/Admin/Users", new()
        {
            ["UserName"] = service, ["DisplayName"] = "社区卫生服务中心HIS", ["Role"] = Roles.Community, ["OrgCode"] = TestData.Xianghe,
            ["Password"] = "", ["ServiceAccount"] = "true",
        });
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var issued = await PostFormAsync(admin, "/Admin/Tokens", "/Admin/Tokens?handler=Issue",
            new() { ["UserName"] = service, ["Label"] = "HIS对接" });
        var token = PlainToken(await issued.Content.ReadAsStringAsync());

        var client = Bearer(token);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/persons/{own.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/persons/{other.Id}")).StatusCode);
        Assert.Contains(await TokenAuditAsync(), a => a.UserName == "admin" && a.Action == AuditLog.Actions.Create
                                                      && a.Outcome == AuditOutcome.Success && a.Detail!.Contains($"service-account={service}", StringComparison.Ordinal));
        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<EqualCareDb>();
        Assert.Contains(await db.AuditEntries.Where(a => a.Entity == "user" && a.Action == AuditLog.Actions.Create).Select(a => a.Detail).ToListAsync(),
            d => d != null && d.Contains("service-account", StringComparison.Ordinal));
        var account = await db.Users.SingleAsync(u => u.UserName == service);
        Assert.True(account.IsServiceAccount);
        Assert.False(account.MustChangePassword);
        // A service account has no password: nothing an administrator types signs in to it.
        Assert.Equal(HttpStatusCode.OK, (await app.Client().PostLoginAsync(service, "")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.Client().PostLoginAsync(service, Password)).StatusCode);
    }

    [Fact]
    public async Task A_person_account_cannot_pass_for_a_service_account_nor_a_service_account_for_a_person()
    {
        await using var scope = app.Scope();
        var accounts = scope.ServiceProvider.GetRequiredService<UserAccounts>();
        var person = await accounts.CreateAsync(new NewUser("svc-" + Guid.NewGuid().ToString("N")[..8], "冒名", Roles.Community, TestData.Xianghe, Password),
            "test", CancellationToken.None);
        Assert.Equal("user.servicePrefixReserved", person.Error!.Code);
        var service = await accounts.CreateAsync(new NewUser("his" + Guid.NewGuid().ToString("N")[..8], "HIS", Roles.Community, TestData.Xianghe, "",
            ServiceAccount: true), "test", CancellationToken.None);
        Assert.Equal("user.servicePrefixRequired", service.Error!.Code);
    }

    [Fact]
    public async Task A_worker_makes_her_own_token_on_her_tokens_page_sees_its_expiry_and_revokes_it()
    {
        var person = await app.AddPersonAsync(TestData.Xianghe);
        var worker = await NewWorkerAsync();
        var client = await app.SignedInAsync(worker, Password);

        var issued = await PostFormAsync(client, "/Account/Tokens", "/Account/Tokens?handler=Issue", new() { ["Label"] = "随访APP" });
        var html = await issued.Content.ReadAsStringAsync();
        var token = PlainToken(html);
        var expires = ChinaClock.ToBeijing(app.Clock.GetUtcNow().UtcDateTime.AddDays(ApiTokenService.DefaultLifetimeDays)).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains($"有效期至 {expires}", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await Bearer(token).GetAsync($"/api/persons/{person.Id}")).StatusCode);
        Assert.Contains(await TokenAuditAsync(), a => a.UserName == worker && a.Action == AuditLog.Actions.Create
                                                      && a.Detail!.StartsWith("own token", StringComparison.Ordinal));

        long id;
        await using (var scope = app.Scope())
        {
            var hash = ApiTokenService.Hash(token);
            id = await scope.ServiceProvider.GetRequiredService<EqualCareDb>().ApiTokens.Where(t => t.TokenHash == hash).Select(t => t.Id).SingleAsync();
        }
        // Another user cannot revoke it: it is "not found" to her.
        var stranger = await app.SignedInAsync(await NewWorkerAsync(), Password);
        Assert.Equal(HttpStatusCode.NotFound, (await PostFormAsync(stranger, "/Account/Tokens", $"/Account/Tokens?handler=Revoke&id={id}", new())).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Bearer(token).GetAsync($"/api/persons/{person.Id}")).StatusCode);

        Assert.Equal(HttpStatusCode.Redirect, (await PostFormAsync(client, "/Account/Tokens", $"/Account/Tokens?handler=Revoke&id={id}", new())).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Bearer(token).GetAsync($"/api/persons/{person.Id}")).StatusCode);
    }

    [Fact]
    public async Task The_command_lines_token_is_audited_as_an_operator_command()
    {
        var output = new StringWriter();
        Assert.Equal(0, await AdminCommands.Find(["tokens", "create", "--user", "xianghe", "--name", "运维对接"])!
            .RunAsync(app.Services, output, CancellationToken.None));
        var hash = ApiTokenService.Hash(output.ToString().Trim());
        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<EqualCareDb>();
        var id = (await db.ApiTokens.SingleAsync(t => t.TokenHash == hash)).Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var row = await db.AuditEntries.SingleAsync(a => a.Entity == "api-token" && a.Action == AuditLog.Actions.Create && a.EntityId == id);
        Assert.Equal("console", row.UserName);
        Assert.StartsWith("operator command: tokens create; user=xianghe", row.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_account_the_administrator_creates_with_a_password_opens_only_the_change_password_page()
    {
        var person = await app.AddPersonAsync(TestData.Xianghe);
        var admin = await app.SignedInAsync("admin");
        var name = "xinjian" + TestData.NextSerial();
        Assert.Equal(HttpStatusCode.Redirect, (await PostFormAsync(admin, "/Admin/Users", "/Admin/Users", new()
        {
            ["UserName"] = name, ["DisplayName"] = "新建专干", ["Role"] = Roles.Community, ["OrgCode"] = TestData.Xianghe, ["Password"] = Password,
        })).StatusCode);

        var client = await app.SignedInAsync(name, Password);
        Assert.Equal("/Account/ChangePassword", (await client.GetAsync($"/Persons/{person.Id}")).Headers.Location?.OriginalString);
        Assert.Equal("/Account/ChangePassword", (await client.GetAsync("/Account/Tokens")).Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync($"/api/persons/{person.Id}")).StatusCode);
    }
}

[Collection(OnSqlite.Name)]
public sealed class SeparationOfDutiesTestsOnSqlite(SqliteApp app) : SeparationOfDutiesTests(app);

[Collection(OnPostgres.Name)]
public sealed class SeparationOfDutiesTestsOnPostgres(PostgresApp app) : SeparationOfDutiesTests(app);
