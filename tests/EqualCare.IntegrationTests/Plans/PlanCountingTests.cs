using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EqualCare.IntegrationTests.Infrastructure;
using EqualCare.IntegrationTests.Registry;
using EqualCare.Web.Domain;
using EqualCare.Web.Web;
using Microsoft.Extensions.DependencyInjection;

namespace EqualCare.IntegrationTests.Plans;

/// <summary>The other countable measures: a merged duplicate counts as cleared, a recorded 康检 as a check-up done.</summary>
public abstract class PlanCountingTests(AppFixture app)
{
    [Fact]
    public async Task Merging_a_duplicate_and_recording_a_checkup_move_their_plans_progress_in_that_community_only()
    {
        var today = app.Services.GetRequiredService<TimeProvider>().Today();
        string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var daxuelu = await app.SignedInAsync("daxuelu");
        var id = await SeedPlans.CreateAsync(daxuelu, new
        {
            name = "清理重复与康检", orgCode = SeedPlans.Daxuelu, periodFrom = Day(today.AddDays(-1)), periodTo = Day(today.AddDays(20)),
            measures = new object[] { new { label = "清理重复个案", kind = "DuplicatesCleared" }, new { label = "康检", kind = "Checkups" } },
        });
        Assert.Equal(HttpStatusCode.OK, (await daxuelu.PutAsJsonAsync($"/api/plans/{id}/allocations", new
        {
            version = 0,
            rows = new object[] { new { orgCode = TestData.Zhongyuan, targets = new int?[] { 2, 10 } }, new { orgCode = TestData.Xianghe, targets = new int?[] { 2, 10 } } },
        })).StatusCode);
        var before = await SeedPlans.GetAsync(daxuelu, id);

        var name = RegistryData.UniqueName("清");
        var birth = new DateOnly(1986, 7, 9);
        var survivor = await app.AddCaseAsync(TestData.Zhongyuan, name, p => (p.BirthDate, p.MaritalStatus) = (birth, MaritalStatus.FirstMarriage));
        var duplicate = await app.AddCaseAsync(TestData.Zhongyuan, name, p => (p.BirthDate, p.MaritalStatus) = (birth, MaritalStatus.FirstMarriage));
        var zhongyuan = await app.SignedInAsync("zhongyuan");
        Assert.Equal(HttpStatusCode.OK, (await zhongyuan.PostAsJsonAsync("/api/duplicates/merge", new
        {
            survivorId = survivor.Id, survivorVersion = 0, merged = new[] { new { id = duplicate.Id, version = 0 } }, note = "重复登记",
        })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await zhongyuan.PostAsJsonAsync($"/api/persons/{survivor.Id}/services",
            new { kind = "WomensCheckup", date = Day(today), result = "Normal", reportSentToHukou = true, place = "中原社区卫生服务站" })).StatusCode);

        var after = await SeedPlans.GetAsync(daxuelu, id);
        int Progress(JsonElement plan, string org, int measure) =>
            SeedPlans.Row(plan, org).GetProperty("cells")[measure].GetProperty("progress").GetInt32();
        Assert.Equal((Progress(before, TestData.Zhongyuan, 0) + 1, Progress(before, TestData.Zhongyuan, 1) + 1),
            (Progress(after, TestData.Zhongyuan, 0), Progress(after, TestData.Zhongyuan, 1)));
        Assert.Equal((Progress(before, TestData.Xianghe, 0), Progress(before, TestData.Xianghe, 1)),
            (Progress(after, TestData.Xianghe, 0), Progress(after, TestData.Xianghe, 1)));
    }
}

[Collection(PlansOnSqlite.Name)]
public sealed class PlanCountingTestsOnSqlite(SqliteApp app) : PlanCountingTests(app);

[Collection(PlansOnPostgres.Name)]
public sealed class PlanCountingTestsOnPostgres(PostgresApp app) : PlanCountingTests(app);
