using System.Net;
using System.Net.Http.Headers;
using EqualCare.IntegrationTests.Infrastructure;
using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using EqualCare.Web.Features.Admin;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace EqualCare.IntegrationTests;

/// <summary>Issue 14 point 6: a bearer token opens the API only, and failed bearer attempts are audited.</summary>
public abstract class BearerTokenScopeTests(AppFixture app)
{
    async Task<string> AdminTokenAsync()
    {
        var output = new StringWriter();
        var command = AdminCommands.Find(["tokens", "create", "--user", "admin", "--name", "对接测试"])!;
        Assert.Equal(0, await command.RunAsync(app.Services, output, CancellationToken.None));
        return output.ToString().Trim();
    }

    HttpClient Bearer(string token)
    {
        var client = app.Client();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    async Task<int> RefusedBearerRowsAsync()
    {
        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<EqualCareDb>();
        return await db.AuditEntries.CountAsync(a => a.Entity == "api-token" && a.Action == AuditLog.Actions.Login && a.Outcome == AuditOutcome.Refused);
    }

    [Fact]
    public async Task An_administrators_token_opens_the_api_but_not_the_admin_pages()
    {
        var client = Bearer(await AdminTokenAsync());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/persons?pageSize=1")).StatusCode);
        var before = await RefusedBearerRowsAsync();
        var admin = await client.GetAsync("/Admin/Users");
        Assert.Equal(HttpStatusCode.Unauthorized, admin.StatusCode);
        Assert.True(await RefusedBearerRowsAsync() > before);
    }

    [Fact]
    public async Task A_failed_bearer_attempt_is_audited_without_the_token()
    {
        var before = await RefusedBearerRowsAsync();
        var presented = "eqc_" + Guid.NewGuid().ToString("N");
        Assert.Equal(HttpStatusCode.Unauthorized, (await Bearer(presented).GetAsync("/api/persons")).StatusCode);
        Assert.Equal(before + 1, await RefusedBearerRowsAsync());
        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<EqualCareDb>();
        Assert.DoesNotContain(await db.AuditEntries.Where(a => a.Entity == "api-token").Select(a => a.Detail).ToListAsync(),
            d => d != null && d.Contains(presented, StringComparison.Ordinal));
    }
}

[Collection(OnSqlite.Name)]
public sealed class BearerTokenScopeTestsOnSqlite(SqliteApp app) : BearerTokenScopeTests(app);

[Collection(OnPostgres.Name)]
public sealed class BearerTokenScopeTestsOnPostgres(PostgresApp app) : BearerTokenScopeTests(app);
