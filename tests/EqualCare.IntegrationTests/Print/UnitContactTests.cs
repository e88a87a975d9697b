using System.Net;
using EqualCare.IntegrationTests.Infrastructure;
using EqualCare.IntegrationTests.Registry;
using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace EqualCare.IntegrationTests.Print;

/// <summary>
/// A unit's contact details (address, phone, office hours): kept by an office for its own unit and those below it, refused
/// (404, audited) outside its scope, every change audited with the write, and printed on every notice of the unit.
/// </summary>
public abstract class UnitContactTests(AppFixture app)
{
    const string Community003 = "410103007003";
    const string Daxuelu = "410103007000";
    const string Dongfenglu = "410105010000";

    static FormUrlEncodedContent Form(string token, string? address, string? phone, string? hours) => new(new Dictionary<string, string>
    {
        ["__RequestVerificationToken"] = token, ["Address"] = address ?? "", ["Phone"] = phone ?? "", ["OfficeHours"] = hours ?? "",
    });

    static async Task<HttpResponseMessage> SaveAsync(HttpClient client, string code, string? address, string? phone, string? hours)
    {
        var token = await Browserless.AntiforgeryTokenAsync(client, "/OrgUnits");
        return await client.PostAsync($"/OrgUnits/Contact/{code}", Form(token, address, phone, hours));
    }

    async Task<OrgUnit> UnitAsync(string code)
    {
        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<EqualCareDb>();
        return await db.OrgUnits.AsNoTracking().SingleAsync(o => o.Code == code);
    }

    async Task<List<AuditEntry>> AuditAsync(string userName, string code)
    {
        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<EqualCareDb>();
        return await db.AuditEntries.AsNoTracking().Where(a => a.UserName == userName && a.Entity == "org_unit" && a.EntityId == code)
            .OrderBy(a => a.Id).ToListAsync();
    }

    [Fact]
    public async Task A_community_worker_edits_her_own_units_contact_details_audited_and_every_notice_prints_them()
    {
        var xianghe = await app.SignedInAsync("xianghe");
        var address = "郑州市二七区大学路88号 祥和社区居委会一楼 " + RegistryData.UniqueName("址");

        var saved = await SaveAsync(xianghe, "410103007001", address, "0371-66881234", "周一至周五 8:30–17:30");

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var unit = await UnitAsync(TestData.Xianghe);
        Assert.Equal((address, "0371-66881234", "周一至周五 8:30–17:30"), (unit.Address, unit.Phone, unit.OfficeHours));
        var audit = Assert.Single(await AuditAsync("xianghe", TestData.Xianghe), a => a.Detail is { } d && d.Contains("address", StringComparison.Ordinal));
        Assert.Equal(("update", AuditOutcome.Success), (audit.Action, audit.Outcome));
        Assert.StartsWith("contact: address,phone", audit.Detail, StringComparison.Ordinal);
        Assert.Contains(address, await xianghe.GetStringAsync("/OrgUnits/Contact/410103007001"), StringComparison.Ordinal);

        var person = await app.AddCaseAsync(TestData.Xianghe, RegistryData.UniqueName("单"));
        foreach (var url in new[] { $"/Notices/Person/{person.Id}", $"/Notices/Person/{person.Id}?layout=compact", $"/Notices?ids={person.Id}&layout=compact" })
        {
            var html = await xianghe.GetStringAsync(url);
            Assert.Contains(address, html, StringComparison.Ordinal);
            Assert.Contains("0371-66881234", html, StringComparison.Ordinal);
            Assert.Contains("notice-receipt", html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Streets_and_districts_edit_their_units_and_below_and_the_administrator_any_unit()
    {
        var daxuelu = await app.SignedInAsync("daxuelu");
        var erqi = await app.SignedInAsync("erqi");
        var admin = await app.SignedInAsync("admin");

        Assert.Equal(HttpStatusCode.Redirect, (await SaveAsync(daxuelu, Community003, "大学路3号", "0371-66000063", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await SaveAsync(erqi, "410103007", "大学路街道办事处", "0371-68000007", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await SaveAsync(admin, "410105010", "东风路街道办事处", "0371-63000010", "周一至周五")).StatusCode);

        Assert.Equal("0371-66000063", (await UnitAsync(Community003)).Phone);
        Assert.Equal("0371-68000007", (await UnitAsync(Daxuelu)).Phone);
        Assert.Equal("0371-63000010", (await UnitAsync(Dongfenglu)).Phone);
        Assert.Single(await AuditAsync("daxuelu", Community003), a => a.Outcome == AuditOutcome.Success);
        Assert.Single(await AuditAsync("erqi", Daxuelu), a => a.Outcome == AuditOutcome.Success);
    }

    [Fact]
    public async Task Outside_the_users_scope_the_form_is_not_found_the_refusal_audited_and_nothing_changes()
    {
        var before = await UnitAsync(TestData.Zhongyuan);
        var xianghe = await app.SignedInAsync("xianghe");
        var dongfenglu = await app.SignedInAsync("dongfenglu");

        Assert.Equal(HttpStatusCode.NotFound, (await xianghe.GetAsync($"/OrgUnits/Contact/{TestData.Zhongyuan}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await SaveAsync(xianghe, TestData.Zhongyuan, "改掉", "110", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await SaveAsync(xianghe, "410103007", "改掉街道", "110", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await SaveAsync(dongfenglu, TestData.Zhongyuan, "改掉", "110", null)).StatusCode);

        var after = await UnitAsync(TestData.Zhongyuan);
        Assert.Equal((before.Address, before.Phone), (after.Address, after.Phone));
        var refused = Assert.Single(await AuditAsync("xianghe", TestData.Zhongyuan));
        Assert.Equal(("update", AuditOutcome.Refused), (refused.Action, refused.Outcome));
        Assert.Single(await AuditAsync("dongfenglu", TestData.Zhongyuan), a => a.Outcome == AuditOutcome.Refused);
    }

    [Fact]
    public async Task A_bad_phone_is_refused_with_a_message_and_changes_nothing()
    {
        var daxuelu = await app.SignedInAsync("daxuelu");
        var before = await UnitAsync("410103007007");

        var response = await SaveAsync(daxuelu, "410103007007", "新地址", "call me maybe", null);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("电话只能包含数字", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal((before.Address, before.Phone), ((await UnitAsync("410103007007")).Address, (await UnitAsync("410103007007")).Phone));
    }

    [Fact]
    public async Task The_demo_communities_and_streets_have_plausible_contact_details()
    {
        var zhongyuan = await UnitAsync(TestData.Zhongyuan);
        Assert.StartsWith("郑州市二七区", zhongyuan.Address, StringComparison.Ordinal);
        Assert.Contains("中原社区", zhongyuan.Address, StringComparison.Ordinal);
        Assert.Matches(@"^0371-6\d{7}$", zhongyuan.Phone);
        Assert.False(string.IsNullOrEmpty(zhongyuan.OfficeHours));
    }
}

[Collection(OnSqlite.Name)]
public sealed class UnitContactTestsOnSqlite(SqliteApp app) : UnitContactTests(app);

[Collection(OnPostgres.Name)]
public sealed class UnitContactTestsOnPostgres(PostgresApp app) : UnitContactTests(app);
