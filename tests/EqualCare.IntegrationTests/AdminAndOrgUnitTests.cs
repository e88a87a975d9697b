using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EqualCare.IntegrationTests.Infrastructure;
using EqualCare.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace EqualCare.IntegrationTests;

public abstract class AdminAndOrgUnitTests(AppFixture app)
{
    [Fact]
    public async Task Daxuelu_street_lists_the_nine_communities_of_the_seed_documents()
    {
        var client = await app.SignedInAsync("daxuelu");
        var node = await client.GetFromJsonAsync<JsonElement>("/api/org-units/410103007");
        var children = node.GetProperty("children").EnumerateArray()
            .ToDictionary(c => c.GetProperty("code").GetString()!, c => c.GetProperty("name").GetString()!);

        Assert.Equal("大学路街道", node.GetProperty("unit").GetProperty("name").GetString());
        Assert.Equal(
            ["410103007001", "410103007002", "410103007003", "410103007007", "410103007008", "410103007009", "410103007010", "410103007011", "410103007012"],
            children.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("祥和社区居民委员会", children["410103007001"]);
        Assert.Equal("康桥华城社区居民委员会", children["410103007012"]);
        var html = await client.GetStringAsync("/OrgUnits?code=410103007");
        Assert.Contains("中原社区居民委员会", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dongfenglu_street_is_410105010_and_outside_the_daxuelu_managers_scope()
    {
        var dongfenglu = await app.SignedInAsync("dongfenglu");
        var own = await dongfenglu.GetFromJsonAsync<JsonElement>("/api/org-units/410105010");
        Assert.Equal("东风路街道", own.GetProperty("unit").GetProperty("name").GetString());

        var daxuelu = await app.SignedInAsync("daxuelu");
        Assert.Equal(HttpStatusCode.NotFound, (await daxuelu.GetAsync("/api/org-units/410105010")).StatusCode);
    }

    [Fact]
    public async Task A_community_worker_is_refused_the_administration_pages()
    {
        var xianghe = await app.SignedInAsync("xianghe");
        foreach (var page in new[] { "/Admin/Users", "/Admin/Tokens", "/Admin/Audit" })
        {
            var response = await xianghe.GetAsync(page);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal("/Error/403", response.Headers.Location?.AbsolutePath);
        }
    }

    [Fact]
    public async Task The_administrator_creates_a_user_through_the_form_and_it_is_audited()
    {
        var admin = await app.SignedInAsync("admin");
        var token = await Browserless.AntiforgeryTokenAsync(admin, "/Admin/Users");
        var userName = "xinhua" + Guid.NewGuid().ToString("N")[..6];
        var response = await admin.PostAsync("/Admin/Users", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserName"] = userName,
            ["DisplayName"] = "新华社区专干",
            ["Role"] = "community",
            ["OrgCode"] = "410103007003",
            ["Password"] = "Xinhua2026a",
            ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);

        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<EqualCareDb>();
        var user = await db.Users.SingleAsync(u => u.UserName == userName);
        Assert.Equal("410103007003", user.OrgCode);
        Assert.True(user.MustChangePassword);
        Assert.NotEqual("Xinhua2026a", user.PasswordHash);
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Entity == "user" && a.Action == "create" && a.UserName == "admin"
                                                         && a.EntityId == user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task The_audit_page_finds_refused_views_of_a_person()
    {
        var other = await app.AddPersonAsync(TestData.Zhongyuan);
        var xianghe = await app.SignedInAsync("xianghe");
        await xianghe.GetAsync($"/Persons/{other.Id}");

        var admin = await app.SignedInAsync("admin");
        var html = await admin.GetStringAsync($"/Admin/Audit?entity=person&entityId={other.Id}");
        Assert.Contains("xianghe", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<button type=\"submit\" class=\"danger\"", html, StringComparison.Ordinal);
    }
}

[Collection(OnSqlite.Name)]
public sealed class AdminAndOrgUnitTestsOnSqlite(SqliteApp app) : AdminAndOrgUnitTests(app);

[Collection(OnPostgres.Name)]
public sealed class AdminAndOrgUnitTestsOnPostgres(PostgresApp app) : AdminAndOrgUnitTests(app);
