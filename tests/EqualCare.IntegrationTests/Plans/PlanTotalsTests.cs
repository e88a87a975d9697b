using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using EqualCare.IntegrationTests.Infrastructure;

namespace EqualCare.IntegrationTests.Plans;

/// <summary>
/// What a plan's numbers add up to: one total per measure on the list (<c>/Plans</c>, <c>/api/plans</c>) and on the plan,
/// never women plus births (seed 004 附件 1), nor a period's figure plus its months (附件 2, which would count every case
/// twice). A 合计 across the measures only where they may be added (附件 3's 四项手术).
/// </summary>
public abstract class PlanTotalsTests(AppFixture app)
{
    static int Int(JsonElement e, string property) => e.GetProperty(property).GetInt32();

    async Task<(HttpClient Client, long Annex1, long Annex2)> SeedAsync(string suffix)
    {
        await SeedPlans.AddMissingCommunitiesAsync(app);
        var daxuelu = await app.SignedInAsync("daxuelu");
        var annex1 = await SeedPlans.CreateAsync(daxuelu, SeedPlans.Annex1("两漏分配" + suffix));
        Assert.Equal(HttpStatusCode.OK, (await SeedPlans.UploadAsync(daxuelu, annex1,
            await File.ReadAllBytesAsync(SeedPlans.FixturePath("seed004-annex1.csv")), "seed004-annex1.csv", 0)).StatusCode);
        var annex2 = await SeedPlans.CreateAsync(daxuelu, SeedPlans.Annex2("清理清查分配" + suffix));
        Assert.Equal(HttpStatusCode.OK, (await SeedPlans.UploadAsync(daxuelu, annex2, SeedPlans.AsXlsx("seed004-annex2.csv"), "附件2.xlsx", 0)).StatusCode);
        return (daxuelu, annex1, annex2);
    }

    [Fact]
    public async Task The_plan_list_api_gives_a_total_per_measure_never_one_across_the_measures()
    {
        var (daxuelu, annex1, annex2) = await SeedAsync("（接口）");

        var list = (await daxuelu.GetFromJsonAsync<JsonElement>("/api/plans")).EnumerateArray().ToList();
        var women = list.Single(p => p.GetProperty("id").GetInt64() == annex1);
        var cases = list.Single(p => p.GetProperty("id").GetInt64() == annex2);

        // 附件 1: 375 women and 91 births, not 466 of anything.
        Assert.False(women.TryGetProperty("target", out _));
        Assert.Equal([("已婚育龄妇女分解数", "人", 375), ("出生人口分解数", "人", 91)],
            women.GetProperty("totals").EnumerateArray().Select(t => (t.GetProperty("label").GetString(), t.GetProperty("unit").GetString(), Int(t, "target"))));
        // 附件 2: 3278 for the period and its months 1351 + 979 + 948 (= 3278 again), never 6556.
        Assert.Equal([3278, 1351, 979, 948], cases.GetProperty("totals").EnumerateArray().Select(t => Int(t, "target")));
    }

    [Fact]
    public async Task The_plans_page_shows_each_measures_total_in_its_unit()
    {
        var (daxuelu, annex1, annex2) = await SeedAsync("（页面）");

        var page = await daxuelu.GetStringAsync("/Plans");

        var women = Regex.Replace(PlanRow(page, annex1), "<[^>]+>", "");
        Assert.Contains("已婚育龄妇女分解数 375人", women, StringComparison.Ordinal);
        Assert.Contains("出生人口分解数 91人", women, StringComparison.Ordinal);
        Assert.DoesNotContain("466", women, StringComparison.Ordinal);
        var cases = Regex.Replace(PlanRow(page, annex2), "<[^>]+>", "");
        Assert.Contains("应新增信息采集录入任务数 3278人", cases, StringComparison.Ordinal);
        Assert.Contains("5月底实际应增加管理人数 948人", cases, StringComparison.Ordinal);
        Assert.DoesNotContain("6556", cases, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_plan_with_a_monthly_breakdown_never_adds_the_months_and_the_period_figure()
    {
        var (daxuelu, annex1, annex2) = await SeedAsync("（合计）");

        var cases = await SeedPlans.GetAsync(daxuelu, annex2);
        Assert.Equal(JsonValueKind.Null, cases.GetProperty("target").ValueKind);
        Assert.All(cases.GetProperty("rows").EnumerateArray(), r => Assert.Equal(JsonValueKind.Null, r.GetProperty("target").ValueKind));
        Assert.Equal(3278, Int(SeedPlans.Total(cases, 1), "target"));
        var women = await SeedPlans.GetAsync(daxuelu, annex1);
        Assert.Equal(JsonValueKind.Null, women.GetProperty("target").ValueKind);
        Assert.DoesNotContain("data-col=\"target-total\"", await daxuelu.GetStringAsync($"/Plans/{annex2}"), StringComparison.Ordinal);

        // Asking for a 合计 column over unlike measures, or over a period and its months, is refused and creates nothing.
        foreach (var plan in new[] { SeedPlans.Annex1("两漏合计"), SeedPlans.Annex2("清理清查合计") })
        {
            var body = JsonSerializer.SerializeToNode(plan)!.AsObject();
            body["rowTotal"] = true;
            var refused = await daxuelu.PostAsJsonAsync("/api/plans", body);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Equal("plans.rowTotal.unlike", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        }
        Assert.DoesNotContain((await daxuelu.GetFromJsonAsync<JsonElement>("/api/plans")).EnumerateArray(),
            p => p.GetProperty("name").GetString() is "两漏合计" or "清理清查合计");
    }

    static string PlanRow(string html, long id)
    {
        var row = Regex.Match(html, $"<tr>\\s*<td><a href=\"/Plans/{id}\">(.*?)</tr>", RegexOptions.Singleline);
        Assert.True(row.Success, "no row for plan " + id);
        return row.Groups[1].Value;
    }
}

[Collection(PlansOnSqlite.Name)]
public sealed class PlanTotalsTestsOnSqlite(SqliteApp app) : PlanTotalsTests(app);

[Collection(PlansOnPostgres.Name)]
public sealed class PlanTotalsTestsOnPostgres(PostgresApp app) : PlanTotalsTests(app);
