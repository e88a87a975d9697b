using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using EqualCare.IntegrationTests.Infrastructure;
using static EqualCare.IntegrationTests.Statistics.StatFormApi;
using static EqualCare.IntegrationTests.Summaries.SummaryPages;

namespace EqualCare.IntegrationTests.Summaries;

/// <summary>
/// The activity log's additions (issue 18 point 2): the registry of fixed publicity sites (宣传栏, 药具发放点, 自助发放机) with
/// their locations, entries of the training and lecture kinds (五期教育, 健康讲座) held at a site with a description, and
/// photos on an entry, checked by the attachments store like a summary's.
/// </summary>
public abstract class ActivitySitesAndPhotosTests(AppFixture app)
{
    static Task<HttpResponseMessage> AddSiteAsync(HttpClient client, string kind, string name, string address, string contents) =>
        client.PostAsync("/Activities/Sites", new FormUrlEncodedContent(
        [
            new("Input.Kind", kind), new("Input.Name", name), new("Input.Address", address), new("Input.Contents", contents),
        ]));

    static long SiteId(string html, string name) =>
        long.Parse(Regex.Match(html, $"<option value=\"(\\d+)\"[^>]*>[^<]*：{Regex.Escape(name)}（").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task A_community_registers_its_sites_records_a_lecture_at_one_with_a_description_and_adds_a_photo()
    {
        var xianghe = await app.SignedInAsync("xianghe");
        Assert.Equal(HttpStatusCode.Redirect, (await AddSiteAsync(xianghe, "NoticeBoard", "祥和社区东门宣传栏", "祥和路12号东门", "优生优育、出生缺陷预防")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await AddSiteAsync(xianghe, "VendingMachine", "祥和社区自助发放机", "祥和路18号服务站门口", "避孕套、避孕药")).StatusCode);
        var refused = await AddSiteAsync(xianghe, "Nope", " ", " ", "");
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var refusedHtml = await refused.Content.ReadAsStringAsync();
        Assert.Contains("请选择阵地类型", refusedHtml, StringComparison.Ordinal);
        Assert.Contains("请填写地址", refusedHtml, StringComparison.Ordinal);
        var zhongyuan = await app.SignedInAsync("zhongyuan");
        Assert.Equal(HttpStatusCode.Redirect, (await AddSiteAsync(zhongyuan, "DispensingPoint", "中原社区药具发放点", "中原路3号卫生室", "避孕药具")).StatusCode);
        var daxuelu = await app.SignedInAsync("daxuelu");
        Assert.Equal(HttpStatusCode.Forbidden, (await AddSiteAsync(daxuelu, "NoticeBoard", "街道宣传栏", "大学路1号", "")).StatusCode);

        // The street sees both communities' sites; a community only its own; another street none of them.
        var streetList = await daxuelu.GetStringAsync("/Activities/Sites");
        Assert.Contains("祥和社区东门宣传栏", streetList, StringComparison.Ordinal);
        Assert.Contains("中原社区药具发放点", streetList, StringComparison.Ordinal);
        Assert.Contains("自助发放机", streetList, StringComparison.Ordinal);
        Assert.DoesNotContain("中原社区药具发放点", await xianghe.GetStringAsync("/Activities/Sites"), StringComparison.Ordinal);
        Assert.DoesNotContain("祥和社区东门宣传栏", await (await app.SignedInAsync("dongfenglu")).GetStringAsync("/Activities/Sites"), StringComparison.Ordinal);

        // The entry form lists the community's own sites; an entry names one, and another community's site is refused.
        var form = await xianghe.GetStringAsync("/Activities?from=2026-04-01&to=2026-06-30");
        var board = SiteId(form, "祥和社区东门宣传栏");
        Assert.DoesNotContain("中原社区药具发放点", form, StringComparison.Ordinal);
        var lecture = await xianghe.PostAsJsonAsync("/api/activities", new
        {
            date = "2026-05-12", place = "祥和社区东门", kind = "HealthLecture", note = "传染病防治知识讲座，社区卫生服务中心医生主讲",
            quantities = new { publicity = 80, materials = 200 }, siteId = board,
        });
        Assert.Equal(HttpStatusCode.Created, lecture.StatusCode);
        var item = await lecture.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("HealthLecture", board, "祥和社区东门宣传栏"), (item.GetProperty("kind").GetString(), item.GetProperty("siteId").GetInt64(),
            item.GetProperty("siteName").GetString()));
        var entryId = item.GetProperty("id").GetInt64();
        var training = await xianghe.PostAsJsonAsync("/api/activities", new
        {
            date = "2026-05-13", place = "祥和社区人口学校", kind = "FiveStageEducation", note = "五期教育：孕期保健", quantities = new { publicity = 30 },
        });
        Assert.Equal(HttpStatusCode.Created, training.StatusCode);
        var zhongyuanSites = await zhongyuan.GetStringAsync("/Activities?from=2026-04-01&to=2026-06-30");
        var otherSite = SiteId(zhongyuanSites, "中原社区药具发放点");
        var foreign = await xianghe.PostAsJsonAsync("/api/activities", new
        {
            date = "2026-05-12", place = "中原路", kind = "Publicity", quantities = new { publicity = 1 }, siteId = otherSite,
        });
        Assert.Equal("activity.site.unknown", await RefusalAsync(foreign, HttpStatusCode.BadRequest));

        // A photo of the lecture: kept and listed; a renamed program refused with its message; another community cannot add to it.
        var photo = Jpeg(3500);
        var added = await xianghe.PostAsync("/Activities?handler=photo", Photo(entryId, photo, "讲座现场.jpg"));
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        var exe = await xianghe.PostAsync("/Activities?handler=photo", Photo(entryId, Exe(), "讲座2.jpg"));
        Assert.Equal(HttpStatusCode.BadRequest, exe.StatusCode);
        Assert.Contains("这是程序文件（可执行文件），不能上传", await exe.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await zhongyuan.PostAsync("/Activities?handler=photo", Photo(entryId, photo, "x.jpg"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await daxuelu.PostAsync("/Activities?handler=photo", Photo(entryId, photo, "x.jpg"))).StatusCode);

        // The street reads the log: the kinds in words, the description column, the site, the photo it can open.
        var log = await daxuelu.GetStringAsync("/Activities?from=2026-05-01&to=2026-05-31");
        foreach (var text in new[] { "健康讲座", "五期教育", "传染病防治知识讲座，社区卫生服务中心医生主讲", "地点：祥和社区东门宣传栏", "讲座现场.jpg", "<th>说明</th>" })
            Assert.Contains(text, log, StringComparison.Ordinal);
        Assert.DoesNotContain("讲座2.jpg", log, StringComparison.Ordinal);
        var link = Regex.Match(log, "<a class=\"activity-photo\" href=\"(/Attachments/\\d+)\">讲座现场.jpg</a>").Groups[1].Value;
        var download = await daxuelu.GetAsync(link);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(photo, await download.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await zhongyuan.GetAsync(link)).StatusCode);
        var json = await daxuelu.GetFromJsonAsync<JsonElement>("/api/activities?from=2026-05-12&to=2026-05-12");
        var listed = json.EnumerateArray().Single(e => e.GetProperty("id").GetInt64() == entryId);
        Assert.Equal("讲座现场.jpg", listed.GetProperty("photos")[0].GetProperty("fileName").GetString());
    }

    static MultipartFormDataContent Photo(long entryId, byte[] content, string name) => new()
    {
        { new StringContent(entryId.ToString(System.Globalization.CultureInfo.InvariantCulture)), "entryId" },
        { new StringContent("2026-05-01"), "from" },
        { new StringContent("2026-05-31"), "to" },
        { new ByteArrayContent(content), "upload", name },
    };
}

[Collection(OnSqlite.Name)]
public sealed class ActivitySitesAndPhotosTestsOnSqlite(SqliteApp app) : ActivitySitesAndPhotosTests(app);

[Collection(OnPostgres.Name)]
public sealed class ActivitySitesAndPhotosTestsOnPostgres(PostgresApp app) : ActivitySitesAndPhotosTests(app);
