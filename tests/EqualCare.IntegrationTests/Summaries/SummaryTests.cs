using System.Net;
using EqualCare.IntegrationTests.Infrastructure;
using EqualCare.Web.Data;
using EqualCare.Web.Domain.Summaries;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static EqualCare.IntegrationTests.Summaries.SummaryPages;

namespace EqualCare.IntegrationTests.Summaries;

/// <summary>
/// Activity summaries with due dates through their pages (issue 18 point 2): a street asks its communities, each answers;
/// on time and late from the due date and the submission time (seed 000: 12月10日前, seed 004: 4月25日前), return for rework
/// with its history, and every refusal of role and scope.
/// </summary>
public abstract class SummaryTests(AppFixture app)
{
    const string Daxuelu = "410103007000";

    static DateTimeOffset Bj(int year, int month, int day, int hour, int minute, int second = 0) =>
        new(year, month, day, hour, minute, second, Beijing);

    async Task<string> ThirdCommunityAsync()
    {
        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<EqualCareDb>();
        return await db.OrgUnits.Where(o => o.ParentCode == Daxuelu && o.Code != TestData.Xianghe && o.Code != TestData.Zhongyuan)
            .OrderBy(o => o.Code).Select(o => o.Code).FirstAsync();
    }

    [Fact]
    public async Task Seed_000s_summary_due_on_10_December_is_on_time_at_23_59_and_late_a_second_after_midnight()
    {
        var third = await ThirdCommunityAsync();
        long id;
        using (app.Clock.At(Bj(2016, 11, 1, 9, 0)))
        {
            var daxuelu = await app.SignedInAsync("daxuelu");
            id = await AskedAsync(daxuelu, "2016年度流动人口均等化服务年活动总结", "2016-05-01", "2016-12-20", "2016-12-10",
                TestData.Xianghe, TestData.Zhongyuan, third);
            var before = await daxuelu.GetStringAsync($"/Summaries/{id}");
            Assert.Equal("未提交", StateOf(before, third));
            Assert.Contains("2016-12-10", before, StringComparison.Ordinal);
        }
        using (app.Clock.At(Bj(2016, 12, 10, 23, 59)))
        {
            var xianghe = await app.SignedInAsync("xianghe");
            Assert.Equal(HttpStatusCode.Redirect, (await UploadAsync(xianghe, id, TestData.Xianghe, Jpeg(), "宣传活动.jpg")).StatusCode);
            var submitted = await SubmitAsync(xianghe, id, TestData.Xianghe, "祥和社区全年开展宣传活动12次，服务流动人口1200人次。");
            Assert.Equal(HttpStatusCode.Redirect, submitted.StatusCode);
            Assert.Contains("按时提交", await xianghe.GetStringAsync($"/Summaries/{id}/{TestData.Xianghe}"), StringComparison.Ordinal);
        }
        using (app.Clock.At(Bj(2016, 12, 11, 0, 0, 1)))
        {
            var zhongyuan = await app.SignedInAsync("zhongyuan");
            Assert.Equal(HttpStatusCode.Redirect, (await SubmitAsync(zhongyuan, id, TestData.Zhongyuan, "中原社区活动总结。")).StatusCode);
        }
        using (app.Clock.At(Bj(2016, 12, 11, 9, 0)))
        {
            var daxuelu = await app.SignedInAsync("daxuelu");
            var page = await daxuelu.GetStringAsync($"/Summaries/{id}");
            Assert.Equal(("按时提交", "逾期提交", "逾期未交"), (StateOf(page, TestData.Xianghe), StateOf(page, TestData.Zhongyuan), StateOf(page, third)));
            Assert.Contains("2016-12-10 23:59", page, StringComparison.Ordinal);
            Assert.Contains("2016-12-11 00:00", page, StringComparison.Ordinal);
            // The list counts them: 2 of 3 submitted, 1 late, 1 not submitted after the due day.
            var list = await daxuelu.GetStringAsync("/Summaries");
            Assert.Matches($"<a href=\"/Summaries/{id}\">2016年度流动人口均等化服务年活动总结</a></td>\\s*<td>[^<]+</td>\\s*<td class=\"nowrap\">2016-12-10</td>\\s*<td>2 / 3</td>\\s*<td>1</td>\\s*<td>1</td>", list);
            // The office above reads the summary and its photo, and the district above the street reads them too.
            var summary = await daxuelu.GetStringAsync($"/Summaries/{id}/{TestData.Xianghe}");
            Assert.Contains("服务流动人口1200人次", summary, StringComparison.Ordinal);
            Assert.Contains("宣传活动.jpg", summary, StringComparison.Ordinal);
            var erqi = await app.SignedInAsync("erqi");
            Assert.Equal("逾期提交", StateOf(await erqi.GetStringAsync($"/Summaries/{id}"), TestData.Zhongyuan));
        }

        // The late and on-time rule itself: the first instant of 11 December, Beijing, is the first late one.
        Assert.False(SummaryDeadline.IsLate(new DateOnly(2016, 12, 10), Bj(2016, 12, 10, 23, 59, 59).UtcDateTime));
        Assert.True(SummaryDeadline.IsLate(new DateOnly(2016, 12, 10), Bj(2016, 12, 11, 0, 0).UtcDateTime));
    }

    [Fact]
    public async Task Seed_004s_summary_returned_for_rework_keeps_its_history_and_stays_on_time_and_every_forged_step_is_refused()
    {
        long id;
        using (app.Clock.At(Bj(2026, 2, 1, 9, 0)))
        {
            var daxuelu = await app.SignedInAsync("daxuelu");
            id = await AskedAsync(daxuelu, "春季生殖健康进家庭优质服务活动专题总结", "2026-02-01", "2026-04-25", "2026-04-25",
                TestData.Xianghe, TestData.Zhongyuan);

            // Asking: only a street or district office, only units below it, a due date not past, a title.
            var xianghe = await app.SignedInAsync("xianghe");
            var byCommunity = await AskAsync(xianghe, "社区布置", "2026-02-01", "2026-02-28", "2026-03-01", TestData.Zhongyuan);
            Assert.Equal(HttpStatusCode.Forbidden, byCommunity.StatusCode);
            Assert.Contains("只有街道、区、市办事处可以布置活动总结", Errors(await byCommunity.Content.ReadAsStringAsync()), StringComparison.Ordinal);
            var outside = await AskAsync(daxuelu, "越权", "2026-02-01", "2026-02-28", "2026-03-01", "410105010001");
            Assert.Equal(HttpStatusCode.BadRequest, outside.StatusCode);
            Assert.Contains("只能选择本单位下属的单位", Errors(await outside.Content.ReadAsStringAsync()), StringComparison.Ordinal);
            var own = await AskAsync(daxuelu, "自己", "2026-02-01", "2026-02-28", "2026-03-01", Daxuelu);
            Assert.Equal(HttpStatusCode.BadRequest, own.StatusCode);
            var past = await AskAsync(daxuelu, "过期", "2026-01-01", "2026-01-31", "2026-01-31", TestData.Xianghe);
            Assert.Contains("上报期限不能早于今天", Errors(await past.Content.ReadAsStringAsync()), StringComparison.Ordinal);
            var empty = await AskAsync(daxuelu, " ", "2026-02-01", "2026-02-28", "2026-03-01");
            var emptyErrors = Errors(await empty.Content.ReadAsStringAsync());
            Assert.Contains("请填写总结名称", emptyErrors, StringComparison.Ordinal);
            Assert.Contains("请选择须上报的单位", emptyErrors, StringComparison.Ordinal);

            // Returning what was not submitted.
            var notYet = await ReturnAsync(daxuelu, id, TestData.Xianghe, "请补充");
            Assert.Equal(HttpStatusCode.Conflict, notYet.StatusCode);
        }

        using (app.Clock.At(Bj(2026, 4, 20, 16, 0)))
        {
            var xianghe = await app.SignedInAsync("xianghe");
            var blank = await SubmitAsync(xianghe, id, TestData.Xianghe, "  ");
            Assert.Equal(HttpStatusCode.BadRequest, blank.StatusCode);
            Assert.Contains("请填写总结正文", Errors(await blank.Content.ReadAsStringAsync()), StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.Redirect, (await SubmitAsync(xianghe, id, TestData.Xianghe, "入户服务300户。")).StatusCode);
            var twice = await SubmitAsync(xianghe, id, TestData.Xianghe, "再交一次");
            Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
            Assert.Equal(HttpStatusCode.Conflict, (await UploadAsync(xianghe, id, TestData.Xianghe, Jpeg(), "补充.jpg")).StatusCode);

            // Scope: another community finds neither the summary nor a way to write it; the other street nothing at all.
            var zhongyuan = await app.SignedInAsync("zhongyuan");
            Assert.Equal(HttpStatusCode.NotFound, (await zhongyuan.GetAsync($"/Summaries/{id}/{TestData.Xianghe}")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await SubmitAsync(zhongyuan, id, TestData.Xianghe, "冒充")).StatusCode);
            var zhongyuanView = await zhongyuan.GetStringAsync($"/Summaries/{id}");
            Assert.DoesNotContain($"data-unit=\"{TestData.Xianghe}\"", zhongyuanView, StringComparison.Ordinal);
            Assert.Equal("未提交", StateOf(zhongyuanView, TestData.Zhongyuan));
            var dongfenglu = await app.SignedInAsync("dongfenglu");
            Assert.Equal(HttpStatusCode.NotFound, (await dongfenglu.GetAsync($"/Summaries/{id}")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await ReturnAsync(dongfenglu, id, TestData.Xianghe, "越权")).StatusCode);
            Assert.DoesNotContain("春季生殖健康进家庭", await dongfenglu.GetStringAsync("/Summaries"), StringComparison.Ordinal);
            var admin = await app.SignedInAsync("admin");
            Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/Summaries/{id}")).StatusCode);
        }

        using (app.Clock.At(Bj(2026, 4, 28, 10, 0)))
        {
            // Role: the community cannot return its own summary, the district above did not ask and cannot either.
            var xianghe = await app.SignedInAsync("xianghe");
            Assert.Equal(HttpStatusCode.Forbidden, (await ReturnAsync(xianghe, id, TestData.Xianghe, "自己退回")).StatusCode);
            var erqi = await app.SignedInAsync("erqi");
            Assert.Equal(HttpStatusCode.Forbidden, (await ReturnAsync(erqi, id, TestData.Xianghe, "区里退回")).StatusCode);
            var daxuelu = await app.SignedInAsync("daxuelu");
            Assert.Equal(HttpStatusCode.BadRequest, (await ReturnAsync(daxuelu, id, TestData.Xianghe, " ")).StatusCode);
            Assert.Equal(HttpStatusCode.Redirect, (await ReturnAsync(daxuelu, id, TestData.Xianghe, "请补充活动照片")).StatusCode);
            Assert.Equal("已退回修改", StateOf(await daxuelu.GetStringAsync($"/Summaries/{id}"), TestData.Xianghe));
            Assert.Contains("退回原因：请补充活动照片", await xianghe.GetStringAsync($"/Summaries/{id}/{TestData.Xianghe}"), StringComparison.Ordinal);
        }

        using (app.Clock.At(Bj(2026, 4, 29, 9, 30)))
        {
            var xianghe = await app.SignedInAsync("xianghe");
            Assert.Equal(HttpStatusCode.Redirect, (await UploadAsync(xianghe, id, TestData.Xianghe, Jpeg(3000), "入户服务.jpg")).StatusCode);
            Assert.Equal(HttpStatusCode.Redirect, (await SubmitAsync(xianghe, id, TestData.Xianghe, "入户服务300户，附照片。")).StatusCode);
            var daxuelu = await app.SignedInAsync("daxuelu");
            var page = await daxuelu.GetStringAsync($"/Summaries/{id}");
            // Sent on time the first time: the rework after the due day does not make it late. 中原 never sent.
            Assert.Equal(("按时提交", "逾期未交"), (StateOf(page, TestData.Xianghe), StateOf(page, TestData.Zhongyuan)));
            var summary = await daxuelu.GetStringAsync($"/Summaries/{id}/{TestData.Xianghe}");
            Assert.Contains("入户服务300户，附照片。", summary, StringComparison.Ordinal);
            Assert.Matches("2026-04-20 16:00</span> xianghe 提交了总结.*2026-04-28 10:00</span> daxuelu 退回修改：请补充活动照片.*"
                + "2026-04-29 09:30</span> xianghe 上传了附件：入户服务.jpg.*2026-04-29 09:30</span> xianghe 提交了总结", summary.Replace("\n", " "));
        }

        // Append-only: every step is a row, none changed; the database refuses to change one.
        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<EqualCareDb>();
        var steps = await db.Set<SummaryEvent>().Where(e => e.RequestId == id).OrderBy(e => e.Seq).ToListAsync();
        Assert.Equal([SummaryAction.Submitted, SummaryAction.Returned, SummaryAction.Submitted], steps.Select(s => s.Action));
        Assert.Equal("入户服务300户。", steps[0].Body);
        await Assert.ThrowsAnyAsync<Exception>(() => db.Database.ExecuteSqlRawAsync("UPDATE summary_events SET body = 'x' WHERE request_id = {0}", id));
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Entity == "summary" && a.EntityId == $"{id}/{TestData.Xianghe}" && a.UserName == "daxuelu"
                                                        && a.Detail == "action=Returned; seq=2"));
    }
}

[Collection(OnSqlite.Name)]
public sealed class SummaryTestsOnSqlite(SqliteApp app) : SummaryTests(app);

[Collection(OnPostgres.Name)]
public sealed class SummaryTestsOnPostgres(PostgresApp app) : SummaryTests(app);
