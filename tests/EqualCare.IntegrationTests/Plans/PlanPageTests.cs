using System.Net;
using EqualCare.IntegrationTests.Infrastructure;

namespace EqualCare.IntegrationTests.Plans;

/// <summary>The pages alone: a street office creates 附件 3's plan with the form and allocates two communities by hand.</summary>
public abstract class PlanPageTests(AppFixture app)
{
    [Fact]
    public async Task A_street_creates_a_plan_with_the_form_allocates_by_hand_and_sees_the_totals()
    {
        var daxuelu = await app.SignedInAsync("daxuelu");
        var token = await Browserless.AntiforgeryTokenAsync(daxuelu, "/Plans");
        var created = await daxuelu.PostAsync("/Plans", new FormUrlEncodedContent(new List<KeyValuePair<string, string>>
        {
            new("__RequestVerificationToken", token),
            new("Name", "四术任务（页面）"), new("PeriodFrom", "2012-02-01"), new("PeriodTo", "2012-04-25"), new("RowTotal", "true"),
            new("Measures[0].Label", "上环"), new("Measures[0].Kind", "Operations"), new("Measures[0].Operations", "IudInsertion"),
            new("Measures[0].StatedTotal", "21"),
            new("Measures[1].Label", "人流、引产"), new("Measures[1].Kind", "Operations"),
            new("Measures[1].Operations", "InducedAbortion"), new("Measures[1].Operations", "MidTrimesterTermination"),
            new("Measures[2].Label", ""), new("Measures[2].Kind", "Entered"),
        }));
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var allocate = created.Headers.Location!.OriginalString;
        Assert.Matches("^/Plans/[0-9]+/Allocate$", allocate);
        var id = long.Parse(allocate.Split('/')[2], System.Globalization.CultureInfo.InvariantCulture);
        var plan = await SeedPlans.GetAsync(daxuelu, id);
        Assert.Equal("IudInsertion", plan.GetProperty("measures")[0].GetProperty("operations").GetString());
        Assert.Equal("InducedAbortion,MidTrimesterTermination", plan.GetProperty("measures")[1].GetProperty("operations").GetString());

        var form = await daxuelu.GetStringAsync(allocate);
        Assert.Contains("祥和社区", form, StringComparison.Ordinal);
        token = await Browserless.AntiforgeryTokenAsync(daxuelu, allocate);
        var saved = await daxuelu.PostAsync(allocate, new FormUrlEncodedContent(new List<KeyValuePair<string, string>>
        {
            new("__RequestVerificationToken", token), new("Version", "0"),
            new("Rows[0].OrgCode", TestData.Xianghe), new("Rows[0].Targets[0]", "2"), new("Rows[0].Targets[1]", "1"),
            new("Rows[1].OrgCode", TestData.Zhongyuan), new("Rows[1].Targets[0]", "2"), new("Rows[1].Targets[1]", ""),
            new("Rows[2].OrgCode", "410103007003"), new("Rows[2].Targets[0]", ""), new("Rows[2].Targets[1]", ""),
        }));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);

        var page = await daxuelu.GetStringAsync($"/Plans/{id}");
        Assert.Equal(("4", "1", "5"), (SeedPlans.PageCell(page, "total", "target-1"), SeedPlans.PageCell(page, "total", "target-2"),
            SeedPlans.PageCell(page, "total", "target-total")));
        Assert.Equal(("21", "17"), (SeedPlans.PageCell(page, "stated", "target-1"), SeedPlans.PageCell(page, "unallocated", "target-1")));
        Assert.DoesNotContain("data-org=\"410103007003\"", page, StringComparison.Ordinal);

        // A letter where a number belongs: the form says so and the allocation stays.
        token = await Browserless.AntiforgeryTokenAsync(daxuelu, allocate);
        var bad = await daxuelu.PostAsync(allocate, new FormUrlEncodedContent(new List<KeyValuePair<string, string>>
        {
            new("__RequestVerificationToken", token), new("Version", "1"),
            new("Rows[0].OrgCode", TestData.Xianghe), new("Rows[0].Targets[0]", "两"), new("Rows[0].Targets[1]", "1"),
        }));
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        Assert.Contains("须为0或正整数", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("4", SeedPlans.PageCell(await daxuelu.GetStringAsync($"/Plans/{id}"), "total", "target-1"));
        Assert.Contains("四术任务（页面）", await daxuelu.GetStringAsync("/Plans"), StringComparison.Ordinal);
    }
}

[Collection(PlansOnSqlite.Name)]
public sealed class PlanPageTestsOnSqlite(SqliteApp app) : PlanPageTests(app);

[Collection(PlansOnPostgres.Name)]
public sealed class PlanPageTestsOnPostgres(PostgresApp app) : PlanPageTests(app);
