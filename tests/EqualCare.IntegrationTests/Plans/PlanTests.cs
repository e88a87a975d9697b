using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EqualCare.IntegrationTests.Infrastructure;
using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using EqualCare.Web.Domain.Plans;
using EqualCare.Web.Domain.Services;
using EqualCare.Web.Features.Plans;
using EqualCare.Web.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace EqualCare.IntegrationTests.Plans;

/// <summary>
/// Seed 004's allocation tables entered for 大学路街道 show the seed's numbers and totals; progress follows the records;
/// only the street (for its own communities) and the district allocate; a bad file changes nothing; snapshots once a day.
/// </summary>
public abstract class PlanTests(AppFixture app)
{
    static int Int(JsonElement e, string property) => e.GetProperty(property).GetInt32();

    static readonly DateTime Recorded = DateTime.SpecifyKind(new DateTime(2012, 3, 5, 2, 0, 0), DateTimeKind.Utc);

    [Fact]
    public async Task Annex1_entered_for_daxuelu_shows_each_communitys_numbers_and_the_totals_375_and_91_and_reported_progress()
    {
        await SeedPlans.AddMissingCommunitiesAsync(app);
        var daxuelu = await app.SignedInAsync("daxuelu");
        var id = await SeedPlans.CreateAsync(daxuelu, SeedPlans.Annex1("2012年春季“两漏”人员清理任务分配表"));
        var uploaded = await SeedPlans.UploadAsync(daxuelu, id, await File.ReadAllBytesAsync(SeedPlans.FixturePath("seed004-annex1.csv")),
            "seed004-annex1.csv", 0);
        Assert.Equal(HttpStatusCode.OK, uploaded.StatusCode);

        var plan = await SeedPlans.GetAsync(daxuelu, id);
        var fixture = SeedPlans.FixtureRows("seed004-annex1.csv");
        Assert.Equal(fixture.Select(f => f[0]), plan.GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("orgCode").GetString()));
        foreach (var f in fixture)
        {
            var cells = SeedPlans.Row(plan, f[0]).GetProperty("cells");
            Assert.Equal((int.Parse(f[2], CultureInfo.InvariantCulture), int.Parse(f[3], CultureInfo.InvariantCulture)),
                (Int(cells[0], "target"), Int(cells[1], "target")));
        }
        Assert.Equal((375, 91), (Int(SeedPlans.Total(plan, 1), "target"), Int(SeedPlans.Total(plan, 2), "target")));
        var page = await daxuelu.GetStringAsync($"/Plans/{id}");
        Assert.Equal(("375", "91"), (SeedPlans.PageCell(page, "total", "target-1"), SeedPlans.PageCell(page, "total", "target-2")));

        // The template comes prefilled with the allocation: uploaded back unchanged, it gives the same table.
        var template = await daxuelu.GetAsync($"/Plans/{id}/Allocate?handler=Template");
        Assert.Equal(HttpStatusCode.OK, template.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SeedPlans.UploadAsync(daxuelu, id, await template.Content.ReadAsByteArrayAsync(), "模板.xlsx", 1)).StatusCode);
        var again = await SeedPlans.GetAsync(daxuelu, id);
        Assert.Equal(plan.GetProperty("rows").GetRawText(), again.GetProperty("rows").GetRawText());
        Assert.Equal(HttpStatusCode.NotFound, (await (await app.SignedInAsync("xianghe")).GetAsync($"/Plans/{id}/Allocate?handler=Template")).StatusCode);
        Assert.Equal("32", SeedPlans.PageCell(page, TestData.Xianghe, "target-1"));
        Assert.Contains("学苑社区", page, StringComparison.Ordinal);

        // 祥和 reports its 完成数 on a reporting day; a later report supersedes the earlier one, both stay in the history.
        var xianghe = await app.SignedInAsync("xianghe");
        var measure = plan.GetProperty("measures")[0].GetProperty("id").GetInt64();
        Assert.Equal(HttpStatusCode.Created, (await xianghe.PostAsJsonAsync($"/api/plans/{id}/progress",
            new { measureId = measure, orgCode = TestData.Xianghe, value = 12, asOf = "2012-03-05" })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await xianghe.PostAsJsonAsync($"/api/plans/{id}/progress",
            new { measureId = measure, orgCode = TestData.Xianghe, value = 20, asOf = "2012-03-15" })).StatusCode);
        var other = await xianghe.PostAsJsonAsync($"/api/plans/{id}/progress", new { measureId = measure, orgCode = TestData.Zhongyuan, value = 5 });
        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
        plan = await SeedPlans.GetAsync(daxuelu, id);
        var row = SeedPlans.Row(plan, TestData.Xianghe).GetProperty("cells")[0];
        Assert.Equal((20, 62.5m), (Int(row, "progress"), row.GetProperty("percent").GetDecimal()));
        Assert.Equal(20, Int(SeedPlans.Total(plan, 1), "progress"));
        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<EqualCareDb>();
        Assert.Equal(2, await db.Set<PlanProgressEntry>().CountAsync(e => e.PlanId == id));
    }

    [Fact]
    public async Task Annex2_uploaded_as_xlsx_shows_12282_3278_15560_and_the_monthly_totals_1351_979_948()
    {
        await SeedPlans.AddMissingCommunitiesAsync(app);
        var daxuelu = await app.SignedInAsync("daxuelu");
        var id = await SeedPlans.CreateAsync(daxuelu, SeedPlans.Annex2("2012年春季全员流动人口清理清查任务分配表"));
        var uploaded = await SeedPlans.UploadAsync(daxuelu, id, SeedPlans.AsXlsx("seed004-annex2.csv"), "附件2.xlsx", 0);
        Assert.Equal(HttpStatusCode.OK, uploaded.StatusCode);

        var plan = await SeedPlans.GetAsync(daxuelu, id);
        foreach (var f in SeedPlans.FixtureRows("seed004-annex2.csv"))
        {
            var cells = SeedPlans.Row(plan, f[0]).GetProperty("cells");
            var seed = f[2..].Select(n => int.Parse(n, CultureInfo.InvariantCulture)).ToArray();
            Assert.Equal((seed[0], seed[1], seed[2], seed[3], seed[4]),
                (Int(cells[0], "baseline"), Int(cells[0], "target"), Int(cells[1], "target"), Int(cells[2], "target"), Int(cells[3], "target")));
        }
        var first = SeedPlans.Total(plan, 1);
        Assert.Equal((12282, 3278, 15560), (Int(first, "baseline"), Int(first, "target"), Int(first, "goal")));
        Assert.Equal((1351, 979, 948), (Int(SeedPlans.Total(plan, 2), "target"), Int(SeedPlans.Total(plan, 3), "target"),
            Int(SeedPlans.Total(plan, 4), "target")));
        Assert.Equal(2395, Int(SeedPlans.Row(plan, TestData.Xianghe).GetProperty("cells")[0], "goal"));
        var page = await daxuelu.GetStringAsync($"/Plans/{id}");
        Assert.Equal(("12282", "3278", "15560"), (SeedPlans.PageCell(page, "total", "baseline-1"), SeedPlans.PageCell(page, "total", "target-1"),
            SeedPlans.PageCell(page, "total", "goal-1")));
        Assert.Equal("1351", SeedPlans.PageCell(page, "total", "target-2"));
    }

    [Fact]
    public async Task Annex3_shows_the_stated_totals_21_12_33_which_its_twelve_rows_add_up_to_and_counts_recorded_operations()
    {
        await SeedPlans.AddMissingCommunitiesAsync(app);
        var daxuelu = await app.SignedInAsync("daxuelu");
        var id = await SeedPlans.CreateAsync(daxuelu, SeedPlans.Annex3("2012年春季优质服务活动四术任务分配表"));
        Assert.Equal(HttpStatusCode.OK, (await SeedPlans.UploadAsync(daxuelu, id,
            await File.ReadAllBytesAsync(SeedPlans.FixturePath("seed004-annex3.csv")), "seed004-annex3.csv", 0)).StatusCode);

        // Seed 004 附件 3 has twelve community rows (康桥华城社区 2 / – / 1 / 3 the last) adding up to its 办事处 row
        // 21 / – / 12 / 33: the rows' sums equal the stated totals and nothing is unallocated.
        var plan = await SeedPlans.GetAsync(daxuelu, id);
        Assert.Equal(12, plan.GetProperty("rows").GetArrayLength());
        Assert.Equal(3, Int(SeedPlans.Row(plan, SeedPlans.Kangqiao), "target"));
        var (iud, ligation, abortion) = (SeedPlans.Total(plan, 1), SeedPlans.Total(plan, 2), SeedPlans.Total(plan, 3));
        Assert.Equal((21, 21, JsonValueKind.Null), (Int(iud, "stated"), Int(iud, "target"), iud.GetProperty("unallocated").ValueKind));
        Assert.Equal((12, 12, JsonValueKind.Null), (Int(abortion, "stated"), Int(abortion, "target"), abortion.GetProperty("unallocated").ValueKind));
        Assert.Equal(0, Int(ligation, "target"));
        Assert.Equal((33, 33), (Int(plan, "stated"), Int(plan, "target")));
        Assert.Equal(3, Int(SeedPlans.Row(plan, TestData.Xianghe), "target"));
        var page = await daxuelu.GetStringAsync($"/Plans/{id}");
        Assert.Equal(("21", "12", "33"), (SeedPlans.PageCell(page, "stated", "target-1"), SeedPlans.PageCell(page, "stated", "target-3"),
            SeedPlans.PageCell(page, "stated", "target-total")));
        Assert.Equal(("21", "12", "33"), (SeedPlans.PageCell(page, "total", "target-1"), SeedPlans.PageCell(page, "total", "target-3"),
            SeedPlans.PageCell(page, "total", "target-total")));
        Assert.DoesNotContain("data-org=\"unallocated\"", page, StringComparison.Ordinal);

        // An IUD insertion in 祥和 within the period counts for 上环; a voided one and one after the period do not.
        var woman = await app.AddPersonAsync(TestData.Xianghe, "四术甲");
        await using (var scope = app.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<EqualCareDb>();
            ServiceRecord Op(Operation op, DateOnly day) => new()
            {
                PersonId = woman.Id, CommunityCode = TestData.Xianghe, Kind = ServiceKind.Operation, Operation = op, ServiceDate = day,
                RecordedAt = Recorded, RecordedBy = "xianghe",
            };
            var counted = Op(Operation.IudInsertion, new DateOnly(2012, 3, 2));
            var voided = Op(Operation.IudInsertion, new DateOnly(2012, 3, 3));
            db.ServiceRecords.AddRange(counted, voided, Op(Operation.IudInsertion, new DateOnly(2012, 5, 2)),
                Op(Operation.InducedAbortion, new DateOnly(2012, 4, 1)));
            await db.SaveChangesAsync();
            db.ServiceRecords.Add(new ServiceRecord
            {
                PersonId = woman.Id, CommunityCode = TestData.Xianghe, Kind = ServiceKind.Void, VoidsRecordId = voided.Id,
                ServiceDate = new DateOnly(2012, 3, 4), RecordedAt = Recorded, RecordedBy = "xianghe",
            });
            await db.SaveChangesAsync();
        }
        plan = await SeedPlans.GetAsync(daxuelu, id);
        var xianghe = SeedPlans.Row(plan, TestData.Xianghe);
        Assert.Equal((1, 0, 1), (Int(xianghe.GetProperty("cells")[0], "progress"), Int(xianghe.GetProperty("cells")[1], "progress"),
            Int(xianghe.GetProperty("cells")[2], "progress")));
        Assert.Equal(2, Int(xianghe, "progress"));
    }

    [Fact]
    public async Task Registering_a_new_case_in_a_community_moves_the_progress_of_a_new_cases_plan()
    {
        var daxuelu = await app.SignedInAsync("daxuelu");
        var today = app.Services.GetRequiredService<TimeProvider>().Today();
        var id = await SeedPlans.CreateAsync(daxuelu, new
        {
            name = "本月新增录入", orgCode = SeedPlans.Daxuelu, periodFrom = Day(today.AddDays(-5)), periodTo = Day(today.AddDays(30)),
            measures = new object[] { new { label = "新增录入", kind = "NewCases" } },
        });
        var allocated = await daxuelu.PutAsJsonAsync($"/api/plans/{id}/allocations", new
        {
            version = 0, rows = new object[] { new { orgCode = TestData.Xianghe, targets = new int?[] { 4 } }, new { orgCode = TestData.Zhongyuan, targets = new int?[] { 6 } } },
        });
        Assert.Equal(HttpStatusCode.OK, allocated.StatusCode);
        var before = await SeedPlans.GetAsync(daxuelu, id);
        var xiangheBefore = Int(SeedPlans.Row(before, TestData.Xianghe).GetProperty("cells")[0], "progress");
        var zhongyuanBefore = Int(SeedPlans.Row(before, TestData.Zhongyuan).GetProperty("cells")[0], "progress");

        var xianghe = await app.SignedInAsync("xianghe");
        var registered = await xianghe.PostAsJsonAsync("/api/persons", new
        {
            name = "新到甲", idNumber = TestData.NewIdNumber(Sex.Female, new DateOnly(1993, 2, 11)), sex = 2, communityCode = TestData.Xianghe,
            arrivalDate = Day(today.AddDays(-3)), maritalStatus = 10, phone = "13912345678", hukouAddress = "河南省光山县某村",
        });
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);

        var after = await SeedPlans.GetAsync(daxuelu, id);
        var cell = SeedPlans.Row(after, TestData.Xianghe).GetProperty("cells")[0];
        Assert.Equal(xiangheBefore + 1, Int(cell, "progress"));
        Assert.Equal(zhongyuanBefore, Int(SeedPlans.Row(after, TestData.Zhongyuan).GetProperty("cells")[0], "progress"));
        Assert.Equal(Int(SeedPlans.Total(before, 1), "progress") + 1, Int(SeedPlans.Total(after, 1), "progress"));
        var page = await daxuelu.GetStringAsync($"/Plans/{id}");
        Assert.Equal((xiangheBefore + 1).ToString(CultureInfo.InvariantCulture), SeedPlans.PageCell(page, TestData.Xianghe, "progress-1"));
    }

    static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    [Fact]
    public async Task A_community_worker_cannot_create_or_allocate_and_a_street_allocates_only_its_own_communities()
    {
        await SeedPlans.AddMissingCommunitiesAsync(app);
        var daxuelu = await app.SignedInAsync("daxuelu");
        var id = await SeedPlans.CreateAsync(daxuelu, SeedPlans.Annex1("范围检查"));
        var rows = new object[] { new { orgCode = TestData.Xianghe, targets = new int?[] { 3, 1 } } };

        var xianghe = await app.SignedInAsync("xianghe");
        Assert.Equal(HttpStatusCode.NotFound, (await xianghe.PostAsJsonAsync("/api/plans", SeedPlans.Annex1("社区不能建"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await xianghe.PutAsJsonAsync($"/api/plans/{id}/allocations", new { version = 0, rows })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await xianghe.GetAsync($"/Plans/{id}/Allocate")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await xianghe.GetAsync($"/Plans/{id}")).StatusCode);

        var dongfenglu = await app.SignedInAsync("dongfenglu");
        Assert.Equal(HttpStatusCode.NotFound, (await dongfenglu.GetAsync($"/api/plans/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await dongfenglu.PutAsJsonAsync($"/api/plans/{id}/allocations", new { version = 0, rows })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await daxuelu.PostAsJsonAsync("/api/plans", new
        {
            name = "别的街道", orgCode = "410105010", periodFrom = "2012-02-01", periodTo = "2012-04-25",
            measures = new object[] { new { label = "甲", kind = "Entered" } },
        })).StatusCode);

        // A community of 东风路街道 in 大学路's table: refused, the whole allocation with it.
        var foreign = await daxuelu.PutAsJsonAsync($"/api/plans/{id}/allocations", new
        {
            version = 0, rows = new object[] { rows[0], new { orgCode = "410105010002", targets = new int?[] { 5, 2 } } },
        });
        Assert.Equal(HttpStatusCode.BadRequest, foreign.StatusCode);
        Assert.Equal("plans.allocation.org", (await foreign.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        var plan = await SeedPlans.GetAsync(daxuelu, id);
        Assert.Equal((0, 0), (plan.GetProperty("rows").GetArrayLength(), Int(plan, "version")));

        var erqi = await app.SignedInAsync("erqi");
        Assert.Equal(HttpStatusCode.OK, (await erqi.PutAsJsonAsync($"/api/plans/{id}/allocations", new { version = 0, rows })).StatusCode);
        var stale = await daxuelu.PutAsJsonAsync($"/api/plans/{id}/allocations", new { version = 0, rows });
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
    }

    [Fact]
    public async Task A_bad_file_is_refused_with_a_clear_reason_and_the_allocation_stays_as_it_was()
    {
        await SeedPlans.AddMissingCommunitiesAsync(app);
        var daxuelu = await app.SignedInAsync("daxuelu");
        var id = await SeedPlans.CreateAsync(daxuelu, SeedPlans.Annex1("坏文件检查"));
        Assert.Equal(HttpStatusCode.OK, (await SeedPlans.UploadAsync(daxuelu, id,
            await File.ReadAllBytesAsync(SeedPlans.FixturePath("seed004-annex1.csv")), "a.csv", 0)).StatusCode);
        var before = (await SeedPlans.GetAsync(daxuelu, id)).GetRawText();

        string[] header = ["社区代码", "社区名称", "已婚育龄妇女分解数", "出生人口分解数"];
        var bad = new (byte[] Content, string Name, string Code)[]
        {
            ("not a spreadsheet"u8.ToArray(), "附件1.xlsx", "plans.file.unreadable"),
            (SeedPlans.Xlsx(["社区", "已婚育龄妇女分解数"], [["410103007001", "32"]]), "附件1.xlsx", "plans.file.header"),
            (SeedPlans.Xlsx(header, [["410103007001", "祥和社区", "32", "10"], ["410103007002", "中原社区", "二十九", "8"]]), "附件1.xlsx", "plans.file.number"),
            (SeedPlans.Xlsx(header, [["410103007001", "祥和社区", "-3", "10"]]), "附件1.xlsx", "plans.file.number"),
            (SeedPlans.Xlsx(header, [["410103007001", "祥和社区", "32", "10"], ["410105010002", "文北社区", "5", "1"]]), "附件1.xlsx", "plans.allocation.org"),
            (SeedPlans.Xlsx(header, [["410103007001", "祥和社区", "32", "10"], ["410103007001", "祥和社区", "5", "1"]]), "附件1.xlsx", "plans.allocation.repeated"),
            ("社区代码,社区名称\n"u8.ToArray(), "附件1.txt", "plans.file.type"),
        };
        foreach (var (content, name, code) in bad)
        {
            var response = await SeedPlans.UploadAsync(daxuelu, id, content, name, 1);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(code, problem.GetProperty("code").GetString());
            Assert.Contains("未作任何修改", problem.GetProperty("title").GetString(), StringComparison.Ordinal);
            Assert.Equal(before, (await SeedPlans.GetAsync(daxuelu, id)).GetRawText());
        }

        // The page says why, in Chinese, and keeps the allocation.
        var token = await Browserless.AntiforgeryTokenAsync(daxuelu, $"/Plans/{id}/Allocate");
        using var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new StringContent("1"), "Version" },
            { new ByteArrayContent(bad[2].Content), "Upload", "附件1.xlsx" },
        };
        var page = await daxuelu.PostAsync($"/Plans/{id}/Allocate?handler=Upload", form);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("不是0或正整数", html, StringComparison.Ordinal);
        // The second data row of the sheet is row 3, as the office sees it in Excel.
        Assert.Contains("3 已婚育龄妇女分解数", html, StringComparison.Ordinal);
        Assert.Equal(before, (await SeedPlans.GetAsync(daxuelu, id)).GetRawText());
    }

    [Fact]
    public async Task Snapshots_are_taken_once_per_plan_and_day_and_show_on_the_page()
    {
        await SeedPlans.AddMissingCommunitiesAsync(app);
        var daxuelu = await app.SignedInAsync("daxuelu");
        var id = await SeedPlans.CreateAsync(daxuelu, SeedPlans.Annex1("快照检查"));
        Assert.Equal(HttpStatusCode.OK, (await SeedPlans.UploadAsync(daxuelu, id,
            await File.ReadAllBytesAsync(SeedPlans.FixturePath("seed004-annex1.csv")), "a.csv", 0)).StatusCode);
        var day = new DateOnly(2012, 3, 5);

        await using var scope = app.Scope();
        var snapshots = scope.ServiceProvider.GetRequiredService<PlanSnapshots>();
        var db = scope.ServiceProvider.GetRequiredService<EqualCareDb>();
        Assert.True(await snapshots.TakeAsync(day, CancellationToken.None) >= 1);
        var rows = await db.Set<PlanSnapshot>().CountAsync(s => s.PlanId == id && s.SnapshotDate == day);
        Assert.Equal(24, rows); // 12 communities × 2 measures
        await snapshots.TakeAsync(day, CancellationToken.None);
        Assert.Equal(rows, await db.Set<PlanSnapshot>().CountAsync(s => s.PlanId == id));
        Assert.Equal(0, await db.Set<PlanSnapshot>().CountAsync(s => s.PlanId == id && s.SnapshotDate == new DateOnly(2012, 5, 5)));
        await snapshots.TakeAsync(new DateOnly(2012, 5, 5), CancellationToken.None); // after the period: nothing
        Assert.Equal(rows, await db.Set<PlanSnapshot>().CountAsync(s => s.PlanId == id));

        var plan = await SeedPlans.GetAsync(daxuelu, id);
        var snapshot = Assert.Single(plan.GetProperty("snapshots").EnumerateArray());
        Assert.Equal(("2012-03-05", 375), (snapshot.GetProperty("date").GetString(), Int(snapshot.GetProperty("measures")[0], "target")));
        Assert.Contains("data-date=\"2012-03-05\"", await daxuelu.GetStringAsync($"/Plans/{id}"), StringComparison.Ordinal);
    }
}

[Collection(PlansOnSqlite.Name)]
public sealed class PlanTestsOnSqlite(SqliteApp app) : PlanTests(app);

[Collection(PlansOnPostgres.Name)]
public sealed class PlanTestsOnPostgres(PostgresApp app) : PlanTests(app);
