using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using EqualCare.IntegrationTests.Infrastructure;
using EqualCare.Web.Features.Admin;
using EqualCare.Web.Features.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace EqualCare.IntegrationTests;

public abstract class ApiTokenTests(AppFixture app)
{
    async Task<string> CreateTokenWithTheCommandAsync(string user)
    {
        var output = new StringWriter();
        var command = AdminCommands.Find(["tokens", "create", "--user", user, "--name", "统计平台对接"])!;
        Assert.Equal(0, await command.RunAsync(app.Services, output, CancellationToken.None));
        return output.ToString().Trim();
    }

    HttpClient Bearer(string token)
    {
        var client = app.Client();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    [Fact]
    public async Task A_token_made_for_xianghe_reads_persons_of_xianghe_and_nothing_outside()
    {
        var own = await app.AddPersonAsync(TestData.Xianghe);
        var other = await app.AddPersonAsync(TestData.Zhongyuan);
        var client = Bearer(await CreateTokenWithTheCommandAsync("xianghe"));

        var list = await client.GetFromJsonAsync<JsonElement>("/api/persons?pageSize=200");
        var ids = list.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt64()).ToList();

        Assert.Contains(own.Id, ids);
        Assert.DoesNotContain(other.Id, ids);
        Assert.All(list.GetProperty("items").EnumerateArray(),
            i => Assert.StartsWith(TestData.Xianghe, i.GetProperty("communityCode").GetString(), StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/persons/{own.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/persons/{other.Id}")).StatusCode);
    }

    [Fact]
    public async Task Using_a_token_records_when_it_was_last_used()
    {
        var token = await CreateTokenWithTheCommandAsync("xianghe");
        Assert.Equal(HttpStatusCode.OK, (await Bearer(token).GetAsync("/api/persons")).StatusCode);
        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<EqualCare.Web.Data.EqualCareDb>();
        var hash = ApiTokenService.Hash(token);
        Assert.NotNull(db.ApiTokens.Single(t => t.TokenHash == hash).LastUsedAt);
    }

    [Fact]
    public async Task A_revoked_token_gets_401()
    {
        var token = await CreateTokenWithTheCommandAsync("xianghe");
        var client = Bearer(token);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/persons")).StatusCode);

        await using (var scope = app.Scope())
        {
            var tokens = scope.ServiceProvider.GetRequiredService<ApiTokenService>();
            var user = await tokens.AuthenticateAsync(token, CancellationToken.None);
            Assert.NotNull(user);
            var db = scope.ServiceProvider.GetRequiredService<EqualCare.Web.Data.EqualCareDb>();
            var hash = ApiTokenService.Hash(token);
            var id = db.ApiTokens.Single(t => t.TokenHash == hash).Id;
            Assert.True((await tokens.RevokeAsync(id, "admin", CancellationToken.None)).IsSuccess);
        }

        var response = await client.GetAsync("/api/persons");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task An_unknown_token_and_no_credentials_both_get_401_not_a_login_redirect()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await Bearer("eqc_not-a-real-token").GetAsync("/api/persons")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Client().GetAsync("/api/persons")).StatusCode);
    }

    [Fact]
    public async Task Only_the_hash_of_a_token_is_stored()
    {
        var token = await CreateTokenWithTheCommandAsync("xianghe");
        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<EqualCare.Web.Data.EqualCareDb>();
        Assert.DoesNotContain(db.ApiTokens.AsEnumerable(), t => t.TokenHash == token || t.TokenHash.Contains(token[10..], StringComparison.Ordinal));
        Assert.Contains(db.ApiTokens.AsEnumerable(), t => t.TokenHash == ApiTokenService.Hash(token));
    }
}

[Collection(OnSqlite.Name)]
public sealed class ApiTokenTestsOnSqlite(SqliteApp app) : ApiTokenTests(app);

[Collection(OnPostgres.Name)]
public sealed class ApiTokenTestsOnPostgres(PostgresApp app) : ApiTokenTests(app);
