using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using EqualCare.IntegrationTests.Infrastructure;
using EqualCare.Web.Features.Admin;
using EqualCare.Web.Features.Export;

namespace EqualCare.IntegrationTests.Plans;

/// <summary>
/// The three allocation tables of seed 004 (大学路街道, 2012 春季活动 附件 1–3) as plans, their fixture files, and the
/// communities of 2012 that the 2023 division data no longer has (added as docs/plans-seed004.md describes).
/// </summary>
public static partial class SeedPlans
{
    public const string Daxuelu = "410103007";

    /// <summary>学苑, 绿城 and 交通(新苑) 社区 are not in the 2023 data: added with locally chosen codes.</summary>
    public static readonly (string Code, string Name)[] AddedCommunities =
        [("410103007901", "学苑社区"), ("410103007902", "绿城社区"), ("410103007903", "交通新苑社区")];

    public static async Task AddMissingCommunitiesAsync(AppFixture app)
    {
        foreach (var (code, name) in AddedCommunities)
        {
            var output = new StringWriter();
            var command = AdminCommands.Find(["orgunits", "add", "--code", code, "--name", name, "--parent", Daxuelu, "--by", "测试管理员"])!;
            var exit = await command.RunAsync(app.Services, output, CancellationToken.None);
            // Another test of the same database may have added them already.
            if (exit != 0 && !output.ToString().Contains("orgunits.add.exists", StringComparison.Ordinal))
                throw new InvalidOperationException("orgunits add failed: " + output);
        }
    }

    public static object Annex1(string name) => new
    {
        name, orgCode = Daxuelu, periodFrom = "2012-02-01", periodTo = "2012-04-25", rowTotal = false,
        measures = new object[]
        {
            new { label = "已婚育龄妇女分解数", kind = "Entered", unit = "人" },
            new { label = "出生人口分解数", kind = "Entered", unit = "人" },
        },
    };

    public static object Annex2(string name) => new
    {
        name, orgCode = Daxuelu, periodFrom = "2012-02-17", periodTo = "2012-05-31", rowTotal = false,
        measures = new object[]
        {
            new { label = "应新增信息采集录入任务数", kind = "NewCases", unit = "人", baselineLabel = "2月17日流动人口全员微机管理人数" },
            new { label = "3月底实际应增加管理人数", kind = "NewCases", windowFrom = "2012-02-17", windowTo = "2012-03-31" },
            new { label = "4月底实际应增加管理人数", kind = "NewCases", windowFrom = "2012-04-01", windowTo = "2012-04-30" },
            new { label = "5月底实际应增加管理人数", kind = "NewCases", windowFrom = "2012-05-01", windowTo = "2012-05-31" },
        },
    };

    /// <summary>康桥华城社区, the last of 附件 3's twelve communities (康桥社区 in 附件 2).</summary>
    public const string Kangqiao = "410103007012";

    /// <summary>附件 3 states its totals in the 办事处 row (21, –, 12, 33); its twelve community rows add up to exactly these.</summary>
    public static object Annex3(string name) => new
    {
        name, orgCode = Daxuelu, periodFrom = "2012-02-01", periodTo = "2012-04-25", rowTotal = true,
        measures = new object[]
        {
            new { label = "上环", kind = "Operations", operations = new[] { "IudInsertion" }, statedTotal = 21 },
            new { label = "结扎", kind = "Operations", operations = new[] { "TubalLigation", "Vasectomy" } },
            new { label = "人流、引产", kind = "Operations", operations = new[] { "InducedAbortion", "MidTrimesterTermination" }, statedTotal = 12 },
        },
    };

    public static string FixturePath(string file) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "Plans", file);

    /// <summary>The fixture's rows: code, name and the number cells as written.</summary>
    public static List<string[]> FixtureRows(string file) =>
        File.ReadAllLines(FixturePath(file), Encoding.UTF8).Skip(1).Where(l => l.Length > 0).Select(l => l.Split(',')).ToList();

    /// <summary>The same table as an .xlsx, as an office would fill in the downloaded template.</summary>
    public static byte[] AsXlsx(string file)
    {
        var lines = File.ReadAllLines(FixturePath(file), Encoding.UTF8).Where(l => l.Length > 0).Select(l => l.Split(',')).ToList();
        return Xlsx(lines[0], lines.Skip(1));
    }

    public static byte[] Xlsx(IReadOnlyList<string> header, IEnumerable<string[]> rows)
    {
        using var buffer = new MemoryStream();
        using (var xlsx = XlsxWriter.Create(buffer, "任务分配表", header))
        {
            foreach (var row in rows) xlsx.WriteRow(row);
            xlsx.Finish();
        }
        return buffer.ToArray();
    }

    public static async Task<long> CreateAsync(HttpClient client, object plan)
    {
        var response = await client.PostAsJsonAsync("/api/plans", plan);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
    }

    public static async Task<HttpResponseMessage> UploadAsync(HttpClient client, long planId, byte[] content, string fileName, int version)
    {
        using var form = new MultipartFormDataContent();
        form.Add(new ByteArrayContent(content), "file", fileName);
        form.Add(new StringContent(version.ToString(System.Globalization.CultureInfo.InvariantCulture)), "version");
        return await client.PostAsync($"/api/plans/{planId}/allocations/file", form);
    }

    public static async Task<JsonElement> GetAsync(HttpClient client, long planId) =>
        await client.GetFromJsonAsync<JsonElement>($"/api/plans/{planId}");

    public static JsonElement Total(JsonElement plan, int position) =>
        plan.GetProperty("measures").EnumerateArray().Single(m => m.GetProperty("position").GetInt32() == position).GetProperty("total");

    public static JsonElement Row(JsonElement plan, string orgCode) =>
        plan.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("orgCode").GetString() == orgCode);

    /// <summary>The text of a cell of the page's table: row by data-org (a code, "total", "stated", "unallocated"), column by data-col.</summary>
    public static string PageCell(string html, string org, string column)
    {
        var row = Regex.Match(html, $"<tr data-org=\"{org}\">(.*?)</tr>", RegexOptions.Singleline);
        Assert.True(row.Success, "no row " + org);
        var cell = Regex.Match(row.Groups[1].Value, $"data-col=\"{column}\">([^<]*)<");
        Assert.True(cell.Success, $"no cell {column} in row {org}");
        return cell.Groups[1].Value.Trim();
    }
}
