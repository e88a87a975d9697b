using System.Net;
using System.Net.Http.Json;
using EqualCare.IntegrationTests.Infrastructure;
using EqualCare.Web.Data;
using EqualCare.Web.Features.ServicesBoard;
using EqualCare.TestSupport;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static EqualCare.IntegrationTests.Hotline.HotlinePages;

namespace EqualCare.IntegrationTests.ServicesBoard;

/// <summary>
/// The services board (issue 18 point 4; seed 001 三(二)6, seed 003 二(六)): what offices publish, the check on save that
/// keeps anything personal off it, and the public page a migrant opens without login: only published, unexpired items,
/// the hotlines as tap-to-call links, the community's coming check-up days, output encoded, briefly cacheable, rate limited.
/// </summary>
public abstract class ServicesBoardTests(AppFixture app)
{
    static Dictionary<string, string?> Item(string kind, string title, string body, string from, string until, string? place = null) => new()
    {
        ["Input.Kind"] = kind, ["Input.Title"] = title, ["Input.Body"] = body, ["Input.Place"] = place, ["Input.ValidFrom"] = from,
        ["Input.ValidUntil"] = until,
    };

    static readonly DateOnly Today = DateOnly.FromDateTime(TestClock.MidQuarter.DateTime);
    static string Day(int offset) => Today.AddDays(offset).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task The_public_page_shows_without_login_only_the_published_unexpired_items_of_the_community_and_the_offices_above()
    {
        var xianghe = await app.SignedInAsync("xianghe");
        var daxuelu = await app.SignedInAsync("daxuelu");
        var dongfenglu = await app.SignedInAsync("dongfenglu");
        await SucceedsAsync(xianghe, "/Hotline/Lines", Hotline.HotlinePages.Line("Hotline", "祥和社区服务热线", "0371-6900 3003", "工作日 8:30-17:30", onDuty: "热线值班丁"));
        await SucceedsAsync(daxuelu, "/Hotline/Lines", Hotline.HotlinePages.Line("ConsultationRoom", "大学路街道妇科咨询室", "0371-69004004", "每周二、四上午",
            place: "大学路街道计生服务站"));

        // An item published forty days ago and valid until ten days ago has expired by now.
        using (app.Clock.At(TestClock.MidQuarter.AddDays(-40)))
            await SucceedsAsync(xianghe, "/ServicesBoard", Item("TrainingClass", "已过期的培训班", "上月的培训", Day(-40), Day(-10)));
        await SucceedsAsync(xianghe, "/ServicesBoard",
            Item("RentalHousing", "祥和社区两室一厅出租", "月租1200元，有意者请拨打社区热线 0371-69003003 咨询。", Day(0), Day(30), "祥和小区5号楼"));
        await SucceedsAsync(xianghe, "/ServicesBoard", Item("PolicyNotice", "<b>免费孕检</b>政策", "持婚育证明可享受免费孕前优生健康检查。", Day(0), Day(60)));
        await SucceedsAsync(xianghe, "/ServicesBoard", Item("VaccinationDay", "下月的接种日", "还没开始", Day(10), Day(11)));
        await SucceedsAsync(xianghe, "/ServicesBoard", Item("ServiceDay", "撤下的义诊", "义诊改期", Day(0), Day(5)));
        await SucceedsAsync(daxuelu, "/ServicesBoard", Item("JobVacancy", "街道空岗：保洁员2名", "请拨打街道热线 69004004 报名。", Day(-1), Day(20)));
        await SucceedsAsync(dongfenglu, "/ServicesBoard", Item("JobVacancy", "东风路街道的空岗", "别的街道", Day(0), Day(20)));
        var checkup = await xianghe.PostAsJsonAsync("/api/checkups", new { day = Today.AddDays(9), place = "祥和社区卫生服务站" });
        Assert.Equal(HttpStatusCode.Created, checkup.StatusCode);

        long withdrawn;
        await using (var scope = app.Scope())
            withdrawn = await scope.ServiceProvider.GetRequiredService<EqualCareDb>().Set<BoardItem>().Where(i => i.Title == "撤下的义诊").Select(i => i.Id).SingleAsync();
        var withdraw = new Dictionary<string, string?> { ["id"] = withdrawn.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        Assert.Equal(HttpStatusCode.NotFound, (await PostFormAsync(dongfenglu, "/ServicesBoard?handler=Withdraw", withdraw)).StatusCode);
        Assert.Contains("只有发布单位", await RefusedAsync(daxuelu, "/ServicesBoard?handler=Withdraw", withdraw), StringComparison.Ordinal);
        await SucceedsAsync(xianghe, "/ServicesBoard?handler=Withdraw", withdraw);
        Assert.Contains("已撤下", await RefusedAsync(xianghe, "/ServicesBoard?handler=Withdraw", withdraw), StringComparison.Ordinal);

        // The office's page lists all of them with their state.
        var office = await xianghe.GetStringAsync("/ServicesBoard");
        Assert.Contains("已过期的培训班", office, StringComparison.Ordinal);
        Assert.Contains("/Public/Services/410103007001", office, StringComparison.Ordinal);

        var anonymous = app.Client();
        var response = await anonymous.GetAsync("/Public/Services/410103007001");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("public, max-age=60", response.Headers.CacheControl?.ToString());
        Assert.False(response.Headers.Contains("Set-Cookie"));
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("祥和社区两室一厅出租", html, StringComparison.Ordinal);
        Assert.Contains("祥和小区5号楼", html, StringComparison.Ordinal);
        Assert.Contains("街道空岗：保洁员2名", html, StringComparison.Ordinal);            // the street's, above the community
        Assert.Contains("&lt;b&gt;免费孕检&lt;/b&gt;政策", html, StringComparison.Ordinal);  // encoded, never markup
        Assert.DoesNotContain("<b>免费孕检", html, StringComparison.Ordinal);
        Assert.Contains("href=\"tel:037169003003\"", html, StringComparison.Ordinal);
        Assert.Contains("href=\"tel:037169004004\"", html, StringComparison.Ordinal);
        Assert.Contains("大学路街道计生服务站", html, StringComparison.Ordinal);
        Assert.Contains(Day(9), html, StringComparison.Ordinal);                          // the check-up day from the check-up list
        foreach (var hidden in new[] { "已过期的培训班", "下月的接种日", "撤下的义诊", "东风路街道的空岗", "热线值班丁" })
            Assert.DoesNotContain(hidden, html, StringComparison.Ordinal);

        // Choosing the place: the districts with something published, the streets of a district, the communities of a street.
        var start = await anonymous.GetStringAsync("/Public/Services");
        Assert.Contains("href=\"/Public/Services/410103\"", start, StringComparison.Ordinal);
        Assert.Contains("href=\"/Public/Services/410103007\"", await anonymous.GetStringAsync("/Public/Services/410103"), StringComparison.Ordinal);
        var street = await anonymous.GetStringAsync("/Public/Services?code=410103007");
        Assert.Contains("href=\"/Public/Services/410103007001\"", street, StringComparison.Ordinal);
        Assert.Contains("街道空岗：保洁员2名", street, StringComparison.Ordinal);
        Assert.DoesNotContain("祥和社区两室一厅出租", street, StringComparison.Ordinal);   // a community's item is shown on its own page

        // What the request brings is never echoed: an unknown or hostile code is a 404 page that names no input.
        var hostile = await anonymous.GetAsync("/Public/Services?code=%3Cscript%3Ealert(1)%3C/script%3E");
        Assert.Equal(HttpStatusCode.NotFound, hostile.StatusCode);
        var hostileHtml = await hostile.Content.ReadAsStringAsync();
        Assert.DoesNotContain("alert(1)", hostileHtml, StringComparison.Ordinal);
        Assert.Contains("没有找到这个地区", hostileHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/Public/Services/999999999999")).StatusCode);

        // Signed in, the same page is not stored by a shared cache.
        Assert.Equal("no-store, private", string.Join(", ", (await xianghe.GetAsync("/Public/Services/410103007001")).Headers.CacheControl!.ToString()
            .Split(", ").Order()));
    }

    [Fact]
    public async Task An_item_naming_an_id_number_or_a_phone_that_is_no_registered_hotline_is_refused_and_changes_nothing()
    {
        var zhongyuan = await app.SignedInAsync("zhongyuan");
        await SucceedsAsync(zhongyuan, "/Hotline/Lines", Hotline.HotlinePages.Line("Hotline", "中原社区热线", "0371-6700 5005", "工作日"));
        var woman = await app.AddPersonAsync(TestData.Zhongyuan, "不公开的人");
        int Count(EqualCareDb db) => db.Set<BoardItem>().Count(i => i.OfficeCode == TestData.Zhongyuan);
        int before;
        await using (var scope = app.Scope()) before = Count(scope.ServiceProvider.GetRequiredService<EqualCareDb>());

        Assert.Contains("内容中有身份证号码", await RefusedAsync(zhongyuan, "/ServicesBoard",
            Item("RentalHousing", "单间出租", $"房东身份证 {woman.IdNumber}", Day(0), Day(10))), StringComparison.Ordinal);
        Assert.Contains("标题中有身份证号码", await RefusedAsync(zhongyuan, "/ServicesBoard",
            Item("RentalHousing", woman.IdNumber[..9] + " " + woman.IdNumber[9..], "空房", Day(0), Day(10))), StringComparison.Ordinal);
        Assert.Contains("内容中有手机号码", await RefusedAsync(zhongyuan, "/ServicesBoard",
            Item("JobVacancy", "招工", "联系王女士 138 1234 5678", Day(0), Day(10))), StringComparison.Ordinal);
        Assert.Contains("地点中有手机号码", await RefusedAsync(zhongyuan, "/ServicesBoard",
            Item("JobVacancy", "招工", "面议", Day(0), Day(10), place: "找 １３９１２３４５６７８")), StringComparison.Ordinal);
        Assert.Contains("不是已登记的热线", await RefusedAsync(zhongyuan, "/ServicesBoard",
            Item("JobVacancy", "招工", "电话 0371-63549999", Day(0), Day(10))), StringComparison.Ordinal);
        Assert.Contains("截止日期", await RefusedAsync(zhongyuan, "/ServicesBoard", Item("PolicyNotice", "通知", "内容", Day(-5), Day(-1))),
            StringComparison.Ordinal);
        Assert.Contains("最长一年", await RefusedAsync(zhongyuan, "/ServicesBoard", Item("PolicyNotice", "通知", "内容", Day(0), Day(400))),
            StringComparison.Ordinal);

        await using (var scope = app.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<EqualCareDb>();
            Assert.Equal(before, Count(db));
            var refused = await db.AuditEntries.Where(a => a.Entity == "board_item" && a.Outcome == EqualCare.Web.Domain.AuditOutcome.Refused
                && a.UserName == "zhongyuan").Select(a => a.Detail!).ToListAsync();
            Assert.Contains("Body:board.body.idNumber", refused);
            Assert.All(refused, d => Assert.DoesNotContain(woman.IdNumber[6..14], d, StringComparison.Ordinal));
        }

        // The office's own hotline (with or without area code), a date, a price and the national 12320 may be published.
        await SucceedsAsync(zhongyuan, "/ServicesBoard", Item("RentalHousing", "中原社区空房信息",
            "2026-06-01起，月租800至1000元，请拨打 0371-67005005 或 67005005，卫生热线 12320。", Day(0), Day(10)));
        Assert.Contains("中原社区空房信息", await app.Client().GetStringAsync("/Public/Services/410103007002"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_public_page_reads_a_context_that_holds_no_person_table_and_is_rate_limited_per_client_address()
    {
        await using (var scope = app.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PublicBoardDb>();
            var tables = db.Model.GetEntityTypes().Select(e => e.GetTableName()!).Order().ToList();
            Assert.Equal(PublicBoardDb.Tables.Order(), tables);
            // Of hotline_lines, not the person on duty nor who registered it.
            var lineColumns = db.Model.GetEntityTypes().Single(e => e.GetTableName() == "hotline_lines").GetProperties().Select(p => p.GetColumnName()).ToList();
            Assert.DoesNotContain("on_duty", lineColumns);
            Assert.DoesNotContain("created_by", lineColumns);
            await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync());
        }
        // The page and its query are built from that context alone.
        Assert.Equal([typeof(PublicBoardQuery)], typeof(PublicModel).GetConstructors().Single().GetParameters().Select(p => p.ParameterType));
        Assert.Equal([typeof(PublicBoardDb), typeof(TimeProvider)], typeof(PublicBoardQuery).GetConstructors().Single().GetParameters().Select(p => p.ParameterType));

        await using var limited = app.WithWebHostBuilder(b => b.UseSetting(ServicesBoardSetup.RateKey, "3"));
        var client = limited.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        for (var i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Public/Services/410103007")).StatusCode);
        var refused = await client.GetAsync("/Public/Services/410103007");
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("60", refused.Headers.RetryAfter?.ToString());
        Assert.Contains("访问过于频繁", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        // Only the public page is limited: the login page of the same host still answers.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Account/Login")).StatusCode);
    }
}

[Collection(OnSqlite.Name)]
public sealed class ServicesBoardTestsOnSqlite(SqliteApp app) : ServicesBoardTests(app);

[Collection(OnPostgres.Name)]
public sealed class ServicesBoardTestsOnPostgres(PostgresApp app) : ServicesBoardTests(app);
