using System.Net;
using System.Net.Http.Json;
using EqualCare.IntegrationTests.Infrastructure;
using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using EqualCare.Web.Domain.Rewards;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static EqualCare.IntegrationTests.Statistics.StatFormApi;

namespace EqualCare.IntegrationTests.Campaigns;

/// <summary>
/// Issue 18 point 5: 奖励扶助 given to a person is recorded on her page (append-only, a mistake voided once, each write
/// audited), refused outside scope and for a read-only office, and counted in columns 10–12 of the statistics form
/// (seed 002) instead of typed figures. The period (2025-06) is this class's own.
/// </summary>
public abstract class RewardTests(AppFixture app)
{
    async Task<List<PersonReward>> RewardsAsync(long personId)
    {
        await using var scope = app.Scope();
        return await scope.ServiceProvider.GetRequiredService<EqualCareDb>().Set<PersonReward>().AsNoTracking()
            .Where(r => r.PersonId == personId).OrderBy(r => r.Id).ToListAsync();
    }

    [Fact]
    public async Task Rewards_and_help_are_recorded_per_person_voided_once_and_feed_columns_10_to_12_of_the_statistics_form()
    {
        var xianghe = await app.SignedInAsync("xianghe");
        var zhongyuan = await app.SignedInAsync("zhongyuan");
        var daxuelu = await app.SignedInAsync("daxuelu");
        var first = await app.AddPersonAsync(TestData.Xianghe, "奖励甲");
        var second = await app.AddPersonAsync(TestData.Xianghe, "奖励乙");
        var elsewhere = await app.AddPersonAsync(TestData.Zhongyuan, "奖励丙");

        await xianghe.RecordRewardAsync(first.Id, "Reward", "2025-06-03", 1500, "落实长效避孕措施表彰");
        await xianghe.RecordRewardAsync(first.Id, "Reward", "2025-06-20", 500, "优秀外来务工女性奖励");
        await daxuelu.RecordRewardAsync(second.Id, "Reward", "2025-06-10", 1000, "落实长效避孕措施表彰");
        await xianghe.RecordRewardAsync(second.Id, "Help", "2025-06-11", 3000, "计划生育困难户帮扶救助金");
        await xianghe.RecordRewardAsync(second.Id, "Help", "2025-06-12", 800, "慰问品（米、油）");
        await xianghe.RecordRewardAsync(second.Id, "Help", "2025-06-12", 8000, "录错的金额");
        await xianghe.RecordRewardAsync(first.Id, "Reward", "2025-07-01", 9999, "下个月的");
        await zhongyuan.RecordRewardAsync(elsewhere.Id, "Reward", "2025-06-05", 700, "另一社区");

        var wrong = (await RewardsAsync(second.Id)).Single(r => r.AmountYuan == 8000).Id;
        Assert.Equal(HttpStatusCode.Redirect, (await xianghe.VoidRewardAsync(second.Id, wrong, "金额录错")).StatusCode);
        Assert.Contains("该记录已作废", await (await xianghe.VoidRewardAsync(second.Id, wrong, "再作废")).Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("请填写作废原因", await (await xianghe.VoidRewardAsync(second.Id, (await RewardsAsync(second.Id))[0].Id, " ")).Content.ReadAsStringAsync(),
            StringComparison.Ordinal);
        var rows = await RewardsAsync(second.Id);
        Assert.Equal(5, rows.Count);
        Assert.Equal((wrong, "金额录错"), (rows[^1].VoidsRewardId!.Value, rows[^1].VoidReason));

        // The person's page lists them, the voided one struck through.
        var page = await xianghe.GetStringAsync($"/Persons/{second.Id}/Rewards");
        Assert.Contains("计划生育困难户帮扶救助金", page, StringComparison.Ordinal);
        Assert.Contains($"data-reward=\"{wrong}\"", page, StringComparison.Ordinal);
        Assert.Contains("class=\"replaced\" data-reward=\"" + wrong, page, StringComparison.Ordinal);

        // xianghe's June: help 3000 + 800 (the voided 8000 out), rewards to two persons, 1500 + 500 + 1000 (July's and 中原's out).
        var id = await OpenAsync(xianghe, "2025-06-01", "2025-06-30");
        var form = await GetAsync(xianghe, id);
        Assert.Equal((3800L, 2L, 3000L), (Amount(form, "aidValue"), Amount(form, "rewardPersons"), Amount(form, "rewardValue")));
        Assert.Equal(("0.3800", "2", "0.3000"), (Value(form, "aidValue"), Value(form, "rewardPersons"), Value(form, "rewardValue")));
        Assert.Equal("statform.cell.sourced", await RefusalAsync(await SaveAsync(xianghe, id, new { aidValue = "1" }), HttpStatusCode.BadRequest));
        // The activity log no longer takes these figures: they come from the persons' records.
        Assert.Equal("activity.quantity.unknown", await RefusalAsync(await xianghe.PostAsJsonAsync("/api/activities",
            new { date = "2025-06-02", place = "社区", kind = "Visit", quantities = new { rewardValue = 100 } }), HttpStatusCode.BadRequest));
        var other = await GetAsync(zhongyuan, await OpenAsync(zhongyuan, "2025-06-01", "2025-06-30"));
        Assert.Equal((0L, 1L, 700L), (Amount(other, "aidValue"), Amount(other, "rewardPersons"), Amount(other, "rewardValue")));

        // Each write was audited with its row.
        await using var scope = app.Scope();
        var audits = await scope.ServiceProvider.GetRequiredService<EqualCareDb>().AuditEntries.AsNoTracking()
            .CountAsync(a => a.Entity == "person_reward" && a.Action == AuditLog.Actions.Create && a.Outcome == AuditOutcome.Success
                && a.Detail!.Contains("person=" + second.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) + " "));
        Assert.Equal(5, audits);
    }

    [Fact]
    public async Task Bad_rewards_outside_scope_and_read_only_offices_are_refused_and_change_nothing()
    {
        var xianghe = await app.SignedInAsync("xianghe");
        var zhongyuan = await app.SignedInAsync("zhongyuan");
        var dongfenglu = await app.SignedInAsync("dongfenglu");
        var erqi = await app.SignedInAsync("erqi");
        var admin = await app.SignedInAsync("admin");
        var person = await app.AddPersonAsync(TestData.Xianghe, "奖励拒");

        var bad = await (await xianghe.PostRewardAsync(person.Id, "", "2099-01-01", -5, "")).Content.ReadAsStringAsync();
        foreach (var message in new[] { "请选择类别", "发放日期不能晚于今天", "金额须为0至1000000之间的整数（元）", "请填写内容和依据" })
            Assert.Contains(message, bad, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await zhongyuan.PostRewardAsync(person.Id, "Help", "2025-08-01", 100, "别的社区")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await dongfenglu.PostRewardAsync(person.Id, "Help", "2025-08-01", 100, "别的街道")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostRewardAsync(person.Id, "Help", "2025-08-01", 100, "管理员")).StatusCode);
        Assert.Contains("区、市管理员只能查看，不能登记",
            await (await erqi.PostRewardAsync(person.Id, "Help", "2025-08-01", 100, "区里")).Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(await RewardsAsync(person.Id));

        // The district reads the page without the form; other units do not see it.
        var districtPage = await erqi.GetStringAsync($"/Persons/{person.Id}/Rewards");
        Assert.DoesNotContain("id=\"reward-form\"", districtPage, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await zhongyuan.GetAsync($"/Persons/{person.Id}/Rewards")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/Persons/{person.Id}/Rewards")).StatusCode);

        // The table refuses an edit or a delete behind the app's back.
        await xianghe.RecordRewardAsync(person.Id, "Reward", "2025-08-01", 100, "表彰");
        var id = (await RewardsAsync(person.Id)).Single().Id;
        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<EqualCareDb>();
        await Assert.ThrowsAnyAsync<Exception>(() => db.Database.ExecuteSqlAsync($"UPDATE person_rewards SET amount_yuan = 1 WHERE id = {id}"));
        await Assert.ThrowsAnyAsync<Exception>(() => db.Database.ExecuteSqlAsync($"DELETE FROM person_rewards WHERE id = {id}"));
        Assert.Equal(100, (await RewardsAsync(person.Id)).Single().AmountYuan);
    }
}

[Collection(OnSqlite.Name)]
public sealed class RewardTestsOnSqlite(SqliteApp app) : RewardTests(app);

[Collection(OnPostgres.Name)]
public sealed class RewardTestsOnPostgres(PostgresApp app) : RewardTests(app);
