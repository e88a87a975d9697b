using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using EqualCare.IntegrationTests.Infrastructure;
using EqualCare.Web.Features.Admin;
using EqualCare.Web.Domain;
using EqualCare.Web.Features.Identity;
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
}

[Collection(OnSqlite.Name)]
public sealed class SessionSecurityTestsOnSqlite(SqliteApp app) : SessionSecurityTests(app);

[Collection(OnPostgres.Name)]
public sealed class SessionSecurityTestsOnPostgres(PostgresApp app) : SessionSecurityTests(app);
