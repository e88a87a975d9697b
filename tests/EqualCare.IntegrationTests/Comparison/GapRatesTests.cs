using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using EqualCare.IntegrationTests.Infrastructure;
using EqualCare.IntegrationTests.Plans;
using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using EqualCare.Web.Domain.Comparison;
using EqualCare.Web.Web;
using Microsoft.Extensions.DependencyInjection;

namespace EqualCare.IntegrationTests.Comparison;

/// <summary>
/// Issue 17 point 4: 漏管率 and 漏档率 of the lists dated in a period, per unit and month by month, with the drill-down to the
/// results; and the "两漏" measures of a plan counting the results brought under management instead of typed figures.
/// </summary>
public abstract class GapRatesTests(AppFixture app)
{
    [Fact]
    public async Task A_list_s_gaps_give_its_rates_and_drill_down_and_the_results_cleared_count_in_the_plan()
    {
        // A list dated on a day no other test's list has: the rates of that day are this list's alone.
        const string ListDay = "2025-06-17";
        var tag = TestData.NextSerial().ToString("D4", CultureInfo.InvariantCulture);
        var known = new List<Person>();
        for (var i = 0; i < 2; i++)
            known.Add(await app.AddPersonAsync(TestData.Xianghe, "率在册" + i + tag));
        var csv = new StringBuilder("姓名,性别,公民身份号码,婚姻状况,社区\r\n");
        foreach (var p in known) csv.Append(CultureInfo.InvariantCulture, $"{p.Name},{(p.Sex == Sex.Male ? "男" : "女")},{p.IdNumber},,{TestData.Xianghe}\r\n");
        csv.Append(CultureInfo.InvariantCulture, $"率新男{tag},男,{TestData.NewIdNumber(Sex.Male, new DateOnly(1990, 1, 2))},未婚,{TestData.Xianghe}\r\n");
        csv.Append(CultureInfo.InvariantCulture, $"率新女{tag},女,{TestData.NewIdNumber(Sex.Female, new DateOnly(1992, 3, 4))},已婚,{TestData.Xianghe}\r\n");
        var street = await app.SignedInAsync("daxuelu");
        var upload = await ComparisonTests.UploadAsync(street, ComparisonTests.Gbk(csv.ToString()), "公安.csv", "比率测试派出所", listDate: ListDay);
        Assert.Equal(HttpStatusCode.Redirect, (await ComparisonTests.MapAsync(street, upload.Headers.Location!.OriginalString)).StatusCode);

        // 4 rows compared in 祥和, 2 not registered (50.0 %); 2 tied to a case, the 漏档 among them over 2.
        var page = await street.GetStringAsync($"/Comparison/Rates?from={ListDay}&to={ListDay}");
        var row = Row(page, TestData.Xianghe);
        Assert.Contains("<td class=\"num compared\">4</td>", row, StringComparison.Ordinal);
        Assert.Contains("<td class=\"num missing-rate\">50.0%</td>", row, StringComparison.Ordinal);
        Assert.Contains("<td class=\"num matched\">2</td>", row, StringComparison.Ordinal);
        var filesMissing = await CountAsync("SELECT COUNT(*) FROM comparison_results c JOIN agency_list_rows r ON r.id = c.row_id WHERE c.kind = 2 AND r.name LIKE @name",
            "率在册%" + tag);
        Assert.Contains($"<td class=\"num file-missing-rate\">{(100.0 * filesMissing / 2).ToString("F1", CultureInfo.InvariantCulture)}%</td>", row, StringComparison.Ordinal);
        Assert.Contains("<td class=\"num missing-rate\">50.0%</td>", Row(page, "total"), StringComparison.Ordinal);
        Assert.Contains("data-month=\"2025-06\"", page, StringComparison.Ordinal);
        // A period without lists has no rate, not 0 %.
        Assert.Contains("<td class=\"num missing-rate\">—</td>", Row(await street.GetStringAsync("/Comparison/Rates?from=2001-01-01&to=2001-01-31"), "total"), StringComparison.Ordinal);
        // The drill-down: the 漏管 rows of 祥和 in lists of that day, and nothing else.
        var drill = await street.GetStringAsync($"/Comparison/Results?kind=Missing&community={TestData.Xianghe}&from={ListDay}&to={ListDay}");
        Assert.Contains("率新男" + tag, drill, StringComparison.Ordinal);
        Assert.Contains("率新女" + tag, drill, StringComparison.Ordinal);
        Assert.Contains("<p class=\"count\" id=\"results-count\">共 2 条</p>", drill, StringComparison.Ordinal);
        // Another street sees no rate of this street's communities.
        var dongfeng = await app.SignedInAsync("dongfenglu");
        Assert.Equal(HttpStatusCode.NotFound, (await dongfeng.GetAsync($"/Comparison/Rates?unit={TestData.Xianghe}")).StatusCode);
        Assert.DoesNotContain(TestData.Xianghe, await dongfeng.GetStringAsync($"/Comparison/Rates?from={ListDay}&to={ListDay}"), StringComparison.Ordinal);

        // A plan whose "两漏" measures count cleared results: the married woman registered counts, the man gone elsewhere not.
        var today = app.Services.GetRequiredService<TimeProvider>().Today();
        string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var planId = await SeedPlans.CreateAsync(street, new
        {
            name = "两漏清理" + tag, orgCode = SeedPlans.Daxuelu, periodFrom = Day(today.AddDays(-1)), periodTo = Day(today.AddDays(20)),
            measures = new object[] { new { label = "已婚育龄妇女", kind = "GapWomenCleared" }, new { label = "出生人口", kind = "GapBirthsCleared" } },
        });
        Assert.Equal(HttpStatusCode.OK, (await street.PutAsJsonAsync($"/api/plans/{planId}/allocations", new
        {
            version = 0, rows = new object[] { new { orgCode = TestData.Xianghe, targets = new int?[] { 32, 10 } } },
        })).StatusCode);
        var before = await SeedPlans.GetAsync(street, planId);
        var xianghe = await app.SignedInAsync("xianghe");
        Assert.Equal(HttpStatusCode.Created, (await xianghe.PostAsJsonAsync(
            $"/api/comparison/results/{await ResultIdAsync("率新女" + tag)}/resolution", new { reason = "Registered" })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await xianghe.PostAsJsonAsync(
            $"/api/comparison/results/{await ResultIdAsync("率新男" + tag)}/resolution", new { reason = "NotResident" })).StatusCode);

        // A hospital's birth list: the baby not registered, then registered from the result.
        var births = new StringBuilder("新生儿姓名,性别,出生日期,社区\r\n");
        births.Append(CultureInfo.InvariantCulture, $"率婴{tag},女,{Day(today.AddDays(-30))},{TestData.Xianghe}\r\n");
        var hospital = await ComparisonTests.UploadAsync(street, ComparisonTests.Gbk(births.ToString()), "出生.csv", "某某医院", AgencyListKind.Births, ListDay);
        Assert.Equal(HttpStatusCode.Redirect, (await ComparisonTests.MapAsync(street, hospital.Headers.Location!.OriginalString)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await xianghe.PostAsJsonAsync(
            $"/api/comparison/results/{await ResultIdAsync("率婴" + tag)}/resolution", new { reason = "Registered" })).StatusCode);

        var after = await SeedPlans.GetAsync(street, planId);
        int Progress(JsonElement plan, int measure) => SeedPlans.Row(plan, TestData.Xianghe).GetProperty("cells")[measure].GetProperty("progress").GetInt32();
        Assert.Equal((Progress(before, 0) + 1, Progress(before, 1) + 1), (Progress(after, 0), Progress(after, 1)));
        // The rates still show what the lists found; what is still open went down.
        var open = Row(await street.GetStringAsync($"/Comparison/Rates?from={ListDay}&to={ListDay}"), TestData.Xianghe);
        Assert.Contains("<td class=\"num missing-rate\">", open, StringComparison.Ordinal);
        Assert.Contains("&amp;open=true\">0</a>", open, StringComparison.Ordinal);
    }

    static string Row(string html, string unit)
    {
        var start = html.IndexOf($"<tr data-unit=\"{unit}\">", StringComparison.Ordinal);
        Assert.True(start >= 0, "no row " + unit);
        return html[start..html.IndexOf("</tr>", start, StringComparison.Ordinal)];
    }

    async Task<long> CountAsync(string sql, string name)
    {
        await using var scope = app.Scope();
        await using var connection = await scope.ServiceProvider.GetRequiredService<DbConnectionFactory>().OpenAsync();
        return await Dapper.SqlMapper.ExecuteScalarAsync<long>(connection, sql, new { name });
    }

    async Task<long> ResultIdAsync(string name)
    {
        await using var scope = app.Scope();
        await using var connection = await scope.ServiceProvider.GetRequiredService<DbConnectionFactory>().OpenAsync();
        return await Dapper.SqlMapper.ExecuteScalarAsync<long>(connection,
            "SELECT c.id FROM comparison_results c JOIN agency_list_rows r ON r.id = c.row_id WHERE r.name = @name AND c.kind = 1", new { name });
    }
}

[Collection(OnSqlite.Name)]
public sealed class GapRatesTestsOnSqlite(SqliteApp app) : GapRatesTests(app);

[Collection(OnPostgres.Name)]
public sealed class GapRatesTestsOnPostgres(PostgresApp app) : GapRatesTests(app);
