using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EqualCare.IntegrationTests.Infrastructure;
using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace EqualCare.IntegrationTests;

/// <summary>Data scope: a user sees only the subtree of its org unit; outside it is "not found", and both are audited.</summary>
public abstract class ScopeTests(AppFixture app)
{
    [Fact]
    public async Task A_community_worker_gets_404_for_a_person_of_another_community_in_page_and_api()
    {
        var other = await app.AddPersonAsync(TestData.Zhongyuan, "中原居民");
        var xianghe = await app.SignedInAsync("xianghe");

        var page = await xianghe.GetAsync($"/Persons/{other.Id}");
        var api = await xianghe.GetAsync($"/api/persons/{other.Id}");

        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.DoesNotContain("中原居民", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, api.StatusCode);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);
        var problem = await api.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("person.notFound", problem.GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_street_manager_sees_persons_of_both_its_communities()
    {
        var inXianghe = await app.AddPersonAsync(TestData.Xianghe, "祥和居民");
        var inZhongyuan = await app.AddPersonAsync(TestData.Zhongyuan, "中原居民");
        var daxuelu = await app.SignedInAsync("daxuelu");

        foreach (var id in new[] { inXianghe.Id, inZhongyuan.Id })
        {
            Assert.Equal(HttpStatusCode.OK, (await daxuelu.GetAsync($"/Persons/{id}")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await daxuelu.GetAsync($"/api/persons/{id}")).StatusCode);
        }
    }

    [Fact]
    public async Task A_manager_of_another_street_sees_neither()
    {
        var inXianghe = await app.AddPersonAsync(TestData.Xianghe);
        var dongfenglu = await app.SignedInAsync("dongfenglu");

        Assert.Equal(HttpStatusCode.NotFound, (await dongfenglu.GetAsync($"/api/persons/{inXianghe.Id}")).StatusCode);
        var list = await dongfenglu.GetFromJsonAsync<JsonElement>("/api/persons?pageSize=200");
        Assert.DoesNotContain(list.GetProperty("items").EnumerateArray(), i => i.GetProperty("id").GetInt64() == inXianghe.Id);
    }

    [Fact]
    public async Task Views_and_refusals_of_a_person_are_in_the_audit_log()
    {
        var own = await app.AddPersonAsync(TestData.Xianghe);
        var other = await app.AddPersonAsync(TestData.Zhongyuan);
        var xianghe = await app.SignedInAsync("xianghe");

        await xianghe.GetAsync($"/Persons/{own.Id}");
        await xianghe.GetAsync($"/api/persons/{other.Id}");

        var ownId = own.Id.ToString(CultureInfo.InvariantCulture);
        var otherId = other.Id.ToString(CultureInfo.InvariantCulture);
        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<EqualCareDb>();
        var rows = await db.AuditEntries.Where(a => a.Entity == "person" && a.UserName == "xianghe"
                && (a.EntityId == ownId || a.EntityId == otherId))
            .ToListAsync();
        Assert.Contains(rows, r => r.EntityId == ownId && r.Action == "view" && r.Outcome == AuditOutcome.Success);
        Assert.Contains(rows, r => r.EntityId == otherId && r.Action == "view" && r.Outcome == AuditOutcome.Refused);
        Assert.All(rows, r => Assert.Equal(ClientAddress.Value, r.ClientAddress));
    }

    [Fact]
    public async Task The_person_list_masks_id_numbers_and_holds_only_the_scope()
    {
        var own = await app.AddPersonAsync(TestData.Xianghe);
        var xianghe = await app.SignedInAsync("xianghe");

        var list = await xianghe.GetFromJsonAsync<JsonElement>("/api/persons?pageSize=200");
        var items = list.GetProperty("items").EnumerateArray().ToList();

        Assert.All(items, i => Assert.StartsWith(TestData.Xianghe, i.GetProperty("communityCode").GetString(), StringComparison.Ordinal));
        var row = Assert.Single(items, i => i.GetProperty("id").GetInt64() == own.Id);
        Assert.Equal(Masking.IdNumber(own.IdNumber), row.GetProperty("idNumberMasked").GetString());
        Assert.DoesNotContain(own.IdNumber, list.GetRawText(), StringComparison.Ordinal);
        var html = await xianghe.GetStringAsync("/Persons");
        Assert.Contains(Masking.IdNumber(own.IdNumber), html, StringComparison.Ordinal);
        Assert.DoesNotContain(own.IdNumber, html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_system_administrator_sees_no_person_records()
    {
        var own = await app.AddPersonAsync(TestData.Xianghe);
        var admin = await app.SignedInAsync("admin");

        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/api/persons/{own.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/Persons")).StatusCode);
    }
}

[Collection(OnSqlite.Name)]
public sealed class ScopeTestsOnSqlite(SqliteApp app) : ScopeTests(app);

[Collection(OnPostgres.Name)]
public sealed class ScopeTestsOnPostgres(PostgresApp app) : ScopeTests(app);
