using System.Net;
using System.Net.Http.Json;
using EqualCare.IntegrationTests.Infrastructure;
using EqualCare.Web.Data;
using EqualCare.Web.Domain.Hotline;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static EqualCare.IntegrationTests.Hotline.HotlinePages;
using static EqualCare.IntegrationTests.Statistics.StatFormApi;

namespace EqualCare.IntegrationTests.Hotline;

/// <summary>
/// The hotline and consultation log (issue 18 point 3; seed 000 二(二)三): lines registered by each office, calls and visits
/// logged by community, street and district, follow-ups, the person link's audit, and the log's counts on column 3 of the
/// statistics form (seed 002 附件) in place of a typed figure. November 2025 is this class's period.
/// </summary>
public abstract class HotlineTests(AppFixture app)
{
    [Fact]
    public async Task The_hotline_log_feeds_column_3_of_the_statistics_form_of_each_community_and_the_street_sum()
    {
        var xianghe = await app.SignedInAsync("xianghe");
        var zhongyuan = await app.SignedInAsync("zhongyuan");
        var daxuelu = await app.SignedInAsync("daxuelu");

        await SucceedsAsync(xianghe, "/Hotline/Lines", Line("Hotline", "祥和社区计生咨询热线", "0371-6800 1001", "工作日 8:30-17:30", onDuty: "值班甲"));
        await SucceedsAsync(xianghe, "/Hotline/Lines", Line("ConsultationRoom", "妇科咨询室", null, "每周三上午", place: "社区卫生服务站二楼"));
        var lines = await xianghe.GetStringAsync("/Hotline/Lines");
        Assert.Contains("祥和社区计生咨询热线", lines, StringComparison.Ordinal);
        Assert.Contains("tel:037168001001", lines, StringComparison.Ordinal);
        Assert.Contains("妇科咨询室", lines, StringComparison.Ordinal);
        Assert.Contains("值班甲", lines, StringComparison.Ordinal);
        // A room needs its place, a hotline its number; a number is digits.
        Assert.Contains("地点", await RefusedAsync(xianghe, "/Hotline/Lines", Line("ConsultationRoom", "咨询室", null, "全天")), StringComparison.Ordinal);
        Assert.Contains("电话号码", await RefusedAsync(xianghe, "/Hotline/Lines", Line("Hotline", "热线", "call me", "全天")), StringComparison.Ordinal);

        // Three contacts about 卫生计生 in November, one about housing (not counted), one in December (another period).
        await SucceedsAsync(xianghe, "/Hotline", Contact("2025-11-03", "Policy", "讲解了流入地免费服务项目"));
        await SucceedsAsync(xianghe, "/Hotline", Contact("2025-11-10", "Contraception", "告知药具发放点", channel: "Visit"));
        await SucceedsAsync(xianghe, "/Hotline", Contact("2025-11-20", "ReproductiveHealth", "预约妇科咨询室", referral: "社区卫生服务中心妇科"));
        await SucceedsAsync(xianghe, "/Hotline", Contact("2025-11-21", "HousingJobs", "介绍社区租房信息"));
        await SucceedsAsync(xianghe, "/Hotline", Contact("2025-12-02", "Policy", "十二月的来电"));
        await SucceedsAsync(zhongyuan, "/Hotline", Contact("2025-11-05", "Certificates", "婚育证明办理流程"));
        // The street's own hotline: each contact counts for the community the caller lives in.
        await SucceedsAsync(daxuelu, "/Hotline", Contact("2025-11-12", "Immunisation", "补种疫苗的地点", community: TestData.Xianghe));
        Assert.Contains("计入的社区", await RefusedAsync(daxuelu, "/Hotline", Contact("2025-11-12", "Policy", "没有选社区")), StringComparison.Ordinal);
        var otherStreetsCommunity = await CommunityOfAsync("dongfenglu");
        Assert.Contains("计入的社区", await RefusedAsync(daxuelu, "/Hotline", Contact("2025-11-12", "Policy", "别的街道", community: otherStreetsCommunity)),
            StringComparison.Ordinal);
        Assert.Contains("晚于现在", await RefusedAsync(xianghe, "/Hotline", Contact("2026-05-16", "Policy", "明天的来电")), StringComparison.Ordinal);
        Assert.Contains("咨询主题", await RefusedAsync(xianghe, "/Hotline", Contact("2025-11-03", "Gossip", "无")), StringComparison.Ordinal);

        // The page shows the month's log and how much of it counts.
        var page = await xianghe.GetStringAsync("/Hotline?from=2025-11-01&to=2025-11-30");
        Assert.Contains("共 4 条，其中 3 条计入统计表第3栏", page, StringComparison.Ordinal);
        Assert.Contains("社区卫生服务中心妇科", page, StringComparison.Ordinal);
        var street = await daxuelu.GetStringAsync("/Hotline?from=2025-11-01&to=2025-11-30");
        Assert.Contains("共 6 条，其中 5 条计入统计表第3栏", street, StringComparison.Ordinal);

        // Column 3 comes from the log (3 of xianghe's own + 1 of the street's), no longer typed nor taken from the activity log.
        var xiangheForm = await OpenAsync(xianghe, "2025-11-01", "2025-11-30");
        var zhongyuanForm = await OpenAsync(zhongyuan, "2025-11-01", "2025-11-30");
        var form = await GetAsync(xianghe, xiangheForm);
        Assert.Equal(4, Amount(form, "consultations"));
        Assert.Equal("0.0004", Value(form, "consultations"));
        Assert.Equal("Records", form.GetProperty("cells").EnumerateArray().Single(c => c.GetProperty("code").GetString() == "consultations")
            .GetProperty("source").GetString());
        Assert.Equal(1, Amount(await GetAsync(zhongyuan, zhongyuanForm), "consultations"));
        Assert.Equal("statform.cell.sourced", await RefusalAsync(await SaveAsync(xianghe, xiangheForm, new { consultations = "9" }), HttpStatusCode.BadRequest));
        var typed = await xianghe.PostAsJsonAsync("/api/activities",
            new { date = "2025-11-03", place = "社区", kind = "Publicity", quantities = new { consultations = 5 } });
        Assert.Equal("activity.quantity.unknown", await RefusalAsync(typed, HttpStatusCode.BadRequest));

        // A contact logged late, while the form is a draft, is counted live; submitted and approved, the street sums them.
        await SucceedsAsync(xianghe, "/Hotline", Contact("2025-11-28", "Rewards", "奖励扶助政策"));
        Assert.Equal(5, Amount(await GetAsync(xianghe, xiangheForm), "consultations"));
        foreach (var (client, id) in new[] { (xianghe, xiangheForm), (zhongyuan, zhongyuanForm) })
        {
            Assert.Equal(HttpStatusCode.OK, (await ActAsync(client, id, "submit")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await ActAsync(daxuelu, id, "approve")).StatusCode);
        }
        var streetForm = await OpenAsync(daxuelu, "2025-11-01", "2025-11-30");
        Assert.Equal(6, Amount(await GetAsync(daxuelu, streetForm), "consultations"));
    }

    [Fact]
    public async Task A_contact_about_a_person_is_audited_as_hers_and_its_follow_up_shows_until_closed_once_by_its_office()
    {
        var xianghe = await app.SignedInAsync("xianghe");
        var zhongyuan = await app.SignedInAsync("zhongyuan");
        var daxuelu = await app.SignedInAsync("daxuelu");
        var woman = await app.AddPersonAsync(TestData.Xianghe, "热线回访甲");

        // Another community cannot link her: her number is not in its area (answered like an unknown number).
        Assert.Contains("本辖区没有登记该身份证号的人员",
            await RefusedAsync(zhongyuan, "/Hotline", Contact("2026-05-14", "Eugenics", "孕前检查", idNumber: woman.IdNumber)), StringComparison.Ordinal);
        await SucceedsAsync(xianghe, "/Hotline",
            Contact("2026-05-14", "Eugenics", "孕前优生检查的预约", idNumber: woman.IdNumber, followUpOn: "2026-05-18"));
        await SucceedsAsync(xianghe, "/Hotline", Contact("2026-05-02", "Contraception", "上环后复查", followUpOn: "2026-05-10"));

        await using (var scope = app.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<EqualCareDb>();
            var contact = await db.Set<HotlineContact>().SingleAsync(c => c.PersonId == woman.Id);
            Assert.Equal((TestData.Xianghe, HotlineTopic.Eugenics), (contact.CommunityCode, contact.Topic));
            var personId = woman.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var trail = await db.AuditEntries.Where(a => a.Entity == "person" && a.EntityId == personId).ToListAsync();
            Assert.Contains(trail, a => a.Action == "create" && a.Detail == $"hotline_contact={contact.Id}" && a.UserName == "xianghe");
            // The ID number typed never reaches the log.
            Assert.DoesNotContain(await db.AuditEntries.Where(a => a.Detail != null).Select(a => a.Detail!).ToListAsync(),
                d => d.Contains(woman.IdNumber, StringComparison.Ordinal));
        }

        var page = await xianghe.GetStringAsync("/Hotline");
        var followUps = page[page.IndexOf("id=\"follow-ups\"", StringComparison.Ordinal)..page.IndexOf("id=\"contact-form\"", StringComparison.Ordinal)];
        Assert.Contains("热线回访甲", followUps, StringComparison.Ordinal);
        Assert.Contains("2026-05-18", followUps, StringComparison.Ordinal);
        Assert.Contains("已逾期", followUps, StringComparison.Ordinal);   // the one due on 10 May
        Assert.Contains("热线回访甲", await daxuelu.GetStringAsync("/Hotline"), StringComparison.Ordinal);   // the street sees its communities'
        Assert.DoesNotContain("热线回访甲", await zhongyuan.GetStringAsync("/Hotline"), StringComparison.Ordinal);

        long id;
        await using (var scope = app.Scope())
            id = await scope.ServiceProvider.GetRequiredService<EqualCareDb>().Set<HotlineContact>().Where(c => c.PersonId == woman.Id).Select(c => c.Id).SingleAsync();
        var close = new Dictionary<string, string?> { ["id"] = id.ToString(System.Globalization.CultureInfo.InvariantCulture), ["note"] = "已电话确认预约" };
        Assert.Equal(HttpStatusCode.NotFound, (await PostFormAsync(zhongyuan, "/Hotline?handler=FollowUp", close)).StatusCode);
        Assert.Contains("只有登记该来电的单位", await RefusedAsync(daxuelu, "/Hotline?handler=FollowUp", close), StringComparison.Ordinal);
        await SucceedsAsync(xianghe, "/Hotline?handler=FollowUp", close);
        Assert.Contains("该回访已完成", await RefusedAsync(xianghe, "/Hotline?handler=FollowUp", close), StringComparison.Ordinal);
        page = await xianghe.GetStringAsync("/Hotline");
        followUps = page[page.IndexOf("id=\"follow-ups\"", StringComparison.Ordinal)..page.IndexOf("id=\"contact-form\"", StringComparison.Ordinal)];
        Assert.DoesNotContain("热线回访甲", followUps, StringComparison.Ordinal);
        Assert.Contains("已电话确认预约", page, StringComparison.Ordinal);

        // The log is written once: the database refuses a change of a logged answer.
        await using (var scope = app.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<EqualCareDb>();
            await Assert.ThrowsAnyAsync<Exception>(() => db.Database.ExecuteSqlInterpolatedAsync($"UPDATE hotline_contacts SET answer = 'x' WHERE id = {id}"));
            await Assert.ThrowsAnyAsync<Exception>(() => db.Database.ExecuteSqlInterpolatedAsync($"DELETE FROM hotline_contacts WHERE id = {id}"));
            Assert.True(await db.AuditEntries.AnyAsync(a => a.Entity == "hotline_contact" && a.Action == "list" && a.UserName == "xianghe"));
        }
    }

    [Fact]
    public async Task Lines_are_kept_by_their_own_office_and_the_administrator_keeps_no_hotline()
    {
        var zhongyuan = await app.SignedInAsync("zhongyuan");
        var daxuelu = await app.SignedInAsync("daxuelu");
        var admin = await app.SignedInAsync("admin");
        await SucceedsAsync(daxuelu, "/Hotline/Lines", Line("Hotline", "大学路街道流动人口服务热线", "0371-68002002", "工作日", onDuty: "街道值班乙"));
        long lineId;
        await using (var scope = app.Scope())
            lineId = await scope.ServiceProvider.GetRequiredService<EqualCareDb>().Set<HotlineLine>().Where(l => l.Number == "0371-68002002").Select(l => l.Id).SingleAsync();

        // A community sees its street's line (to publish its number) but not who is on duty there, and cannot change it.
        var seen = await zhongyuan.GetStringAsync("/Hotline/Lines");
        Assert.Contains("大学路街道流动人口服务热线", seen, StringComparison.Ordinal);
        Assert.DoesNotContain("街道值班乙", seen, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await zhongyuan.GetAsync($"/Hotline/Lines?edit={lineId}")).StatusCode);
        var retire = new Dictionary<string, string?> { ["id"] = lineId.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        Assert.Equal(HttpStatusCode.NotFound, (await PostFormAsync(zhongyuan, "/Hotline/Lines?handler=Retire", retire)).StatusCode);

        // The street edits and retires its own line; each is audited.
        var edit = await daxuelu.GetStringAsync($"/Hotline/Lines?edit={lineId}");
        Assert.Contains("街道值班乙", edit, StringComparison.Ordinal);
        var changed = Line("Hotline", "大学路街道流动人口服务热线", "0371-68002002", "每天 8:00-20:00", onDuty: "街道值班丙");
        changed["Input.Id"] = lineId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        changed["Input.Version"] = "0";
        await SucceedsAsync(daxuelu, "/Hotline/Lines", changed);
        Assert.Contains("已被他人修改", await RefusedAsync(daxuelu, "/Hotline/Lines", changed), StringComparison.Ordinal);   // version 0 is stale now
        await SucceedsAsync(daxuelu, "/Hotline/Lines?handler=Retire", retire);
        Assert.Contains("已停用", await RefusedAsync(daxuelu, "/Hotline/Lines?handler=Retire", retire), StringComparison.Ordinal);
        await using (var scope = app.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<EqualCareDb>();
            var entityId = lineId.ToString(System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(["create", "update", "retire"], await db.AuditEntries.Where(a => a.Entity == "hotline_line" && a.EntityId == entityId)
                .OrderBy(a => a.Id).Select(a => a.Action).ToListAsync());
            await Assert.ThrowsAnyAsync<Exception>(() => db.Database.ExecuteSqlInterpolatedAsync($"DELETE FROM hotline_lines WHERE id = {lineId}"));
        }

        foreach (var page in new[] { "/Hotline", "/Hotline/Lines", "/ServicesBoard" })
        {
            var response = await admin.GetAsync(page);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal("/Error/403", response.Headers.Location?.AbsolutePath);
        }
        Assert.Equal(HttpStatusCode.Redirect, (await PostFormAsync(admin, "/Hotline", Contact("2026-05-14", "Policy", "管理员"))).StatusCode);
    }

    async Task<string> CommunityOfAsync(string userName)
    {
        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<EqualCareDb>();
        var org = EqualCare.Web.Domain.OrgCode.Parse(await db.Users.Where(u => u.UserName == userName).Select(u => u.OrgCode).SingleAsync());
        return await db.OrgUnits.WithinOrg(o => o.Code, org).Where(o => o.Level == 5).OrderBy(o => o.Code).Select(o => o.Code).FirstAsync();
    }
}

[Collection(OnSqlite.Name)]
public sealed class HotlineTestsOnSqlite(SqliteApp app) : HotlineTests(app);

[Collection(OnPostgres.Name)]
public sealed class HotlineTestsOnPostgres(PostgresApp app) : HotlineTests(app);
