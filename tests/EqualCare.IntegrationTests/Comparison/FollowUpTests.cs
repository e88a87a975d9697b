using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using EqualCare.IntegrationTests.Infrastructure;
using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using EqualCare.Web.Domain.Exchange;
using EqualCare.Web.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace EqualCare.IntegrationTests.Comparison;

/// <summary>
/// The to-do list's section 需要处理的比对结果与协查 (issue 17 point 3, issue 16 point 3): an unresolved comparison result shows
/// on its community's list and leaves it when resolved; an overdue 协查 shows on the asking and on the answering side's list
/// and leaves both when answered; another community's never shows. Read as the workers read it: the page and its API.
/// </summary>
public abstract class FollowUpTests(AppFixture app)
{
    const string Dongfenglu = "410105010002";

    sealed record Section(Dictionary<string, int> Findings, int ToAnswer, int Awaited, Dictionary<string, string> Links);

    static async Task<Section> SectionAsync(HttpClient client)
    {
        var json = await client.GetFromJsonAsync<JsonElement>("/api/worklist/follow-ups");
        var findings = json.GetProperty("findings").EnumerateArray()
            .ToDictionary(f => f.GetProperty("kind").GetString()!, f => f.GetProperty("open").GetInt32());
        var links = json.GetProperty("findings").EnumerateArray()
            .ToDictionary(f => f.GetProperty("kind").GetString()!, f => f.GetProperty("link").GetString()!);
        return new(findings, json.GetProperty("requestsToAnswer").GetInt32(), json.GetProperty("requestsAwaited").GetInt32(), links);
    }

    static int Missing(Section s) => s.Findings.GetValueOrDefault("Missing");

    async Task<long> ResultIdAsync(string name)
    {
        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<EqualCareDb>();
        await using var connection = await scope.ServiceProvider.GetRequiredService<DbConnectionFactory>().OpenAsync();
        return await Dapper.SqlMapper.ExecuteScalarAsync<long>(connection,
            "SELECT c.id FROM comparison_results c JOIN agency_list_rows r ON r.id = c.row_id WHERE r.name = @name", new { name });
    }

    async Task<ExchangeMessage> RequestAsync(string sender, string receiver, DateOnly dueOn)
    {
        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<EqualCareDb>();
        var message = new ExchangeMessage
        {
            MessageId = Guid.CreateVersion7().ToString(), Kind = MessageKind.Verification, SenderCode = sender, ReceiverCode = receiver,
            SubjectIdNumber = TestData.NewIdNumber(Sex.Female, new DateOnly(1990, 5, 5)), Payload = "{\"name\":\"协查对象\"}",
            CreatedAt = app.Clock.GetUtcNow().UtcDateTime.AddDays(-40), CreatedBy = "test", DueOn = dueOn,
        };
        db.Add(message);
        await db.SaveChangesAsync();
        return message;
    }

    [Fact]
    public async Task Open_results_and_overdue_requests_show_on_their_units_lists_and_leave_them_when_dealt_with()
    {
        var xianghe = await app.SignedInAsync("xianghe");
        var zhongyuan = await app.SignedInAsync("zhongyuan");
        var dongfeng = await app.SignedInAsync("dongfenglu");
        var street = await app.SignedInAsync("daxuelu");
        var (x0, z0, d0, s0) = (await SectionAsync(xianghe), await SectionAsync(zhongyuan), await SectionAsync(dongfeng), await SectionAsync(street));

        // A 公安 list with one unregistered person in each of two communities of the street.
        var tag = TestData.NextSerial().ToString("D4", CultureInfo.InvariantCulture);
        var csv = new StringBuilder("姓名,性别,公民身份号码,社区\r\n");
        csv.Append(CultureInfo.InvariantCulture, $"待办祥和{tag},男,{TestData.NewIdNumber(Sex.Male, new DateOnly(1990, 1, 2))},{TestData.Xianghe}\r\n");
        csv.Append(CultureInfo.InvariantCulture, $"待办中原{tag},女,{TestData.NewIdNumber(Sex.Female, new DateOnly(1991, 3, 4))},{TestData.Zhongyuan}\r\n");
        var upload = await ComparisonTests.UploadAsync(street, ComparisonTests.Gbk(csv.ToString()), "公安.csv", "待办测试派出所");
        Assert.Equal(HttpStatusCode.Redirect, upload.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await ComparisonTests.MapAsync(street, upload.Headers.Location!.OriginalString)).StatusCode);

        var x1 = await SectionAsync(xianghe);
        Assert.Equal(Missing(x0) + 1, Missing(x1));
        Assert.Equal(Missing(z0) + 1, Missing(await SectionAsync(zhongyuan)));
        Assert.Equal(Missing(s0) + 2, Missing(await SectionAsync(street)));
        Assert.Equal(Missing(d0), Missing(await SectionAsync(dongfeng)));
        Assert.Equal($"/Comparison/Results?kind=Missing&community={TestData.Xianghe}&open=true", x1.Links["Missing"]);
        var page = await xianghe.GetStringAsync("/Worklist");
        Assert.Contains("id=\"worklist-followups\"", page, StringComparison.Ordinal);
        Assert.Contains($"href=\"/Comparison/Results?kind=Missing&amp;community={TestData.Xianghe}&amp;open=true\"", page, StringComparison.Ordinal);
        // The link lists the community's own open row, never the other community's.
        var linked = await xianghe.GetStringAsync(x1.Links["Missing"]);
        Assert.Contains("待办祥和" + tag, linked, StringComparison.Ordinal);
        Assert.DoesNotContain("待办中原" + tag, linked, StringComparison.Ordinal);
        var api = await xianghe.GetFromJsonAsync<JsonElement>($"/api/comparison/results?kind=Missing&community={TestData.Zhongyuan}&open=true");
        Assert.DoesNotContain(api.GetProperty("rows").EnumerateArray(), r => r.GetProperty("name").GetString() == "待办中原" + tag);

        // Resolved through the API: gone from 祥和's list, still on 中原's.
        var resolved = await xianghe.PostAsJsonAsync($"/api/comparison/results/{await ResultIdAsync("待办祥和" + tag)}/resolution",
            new { reason = "NotResident", note = "已搬走" });
        Assert.Equal(HttpStatusCode.Created, resolved.StatusCode);
        Assert.Equal(Missing(x0), Missing(await SectionAsync(xianghe)));
        Assert.Equal(Missing(z0) + 1, Missing(await SectionAsync(zhongyuan)));
        // 中原's row is not 祥和's to resolve.
        var foreign = await xianghe.PostAsJsonAsync($"/api/comparison/results/{await ResultIdAsync("待办中原" + tag)}/resolution", new { reason = "Left" });
        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);

        // 协查: 祥和 asked 东风路 (overdue since yesterday), 中原 asked 东风路 (overdue), 祥和 asked again (still in time).
        var today = app.Clock.Today();
        var asked = await RequestAsync(TestData.Xianghe, Dongfenglu, today.AddDays(-1));
        await RequestAsync(TestData.Zhongyuan, Dongfenglu, today.AddDays(-3));
        await RequestAsync(TestData.Xianghe, Dongfenglu, today.AddDays(3));
        var x2 = await SectionAsync(xianghe);
        var d2 = await SectionAsync(dongfeng);
        Assert.Equal((x0.Awaited + 1, x0.ToAnswer), (x2.Awaited, x2.ToAnswer));
        Assert.Equal((d0.ToAnswer + 2, d0.Awaited), (d2.ToAnswer, d2.Awaited));
        Assert.Equal(z0.Awaited + 1, (await SectionAsync(zhongyuan)).Awaited);
        Assert.Contains("id=\"followup-awaited\"", await xianghe.GetStringAsync("/Worklist"), StringComparison.Ordinal);
        var answering = await dongfeng.GetStringAsync("/Worklist");
        Assert.Contains("id=\"followup-to-answer\"", answering, StringComparison.Ordinal);
        Assert.Equal("/Exchange?box=Inbox&filter=Overdue&unit=410105010000", (await dongfeng.GetFromJsonAsync<JsonElement>("/api/worklist/follow-ups")).GetProperty("toAnswerLink").GetString());

        // (东风路 signs in as its street office, 410105010: the section is its unit's.)
        // Answered: off both sides' lists; 中原's stays on 东风路's.
        await using (var scope = app.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<EqualCareDb>();
            var row = await db.Set<ExchangeMessage>().SingleAsync(m => m.Id == asked.Id);
            row.AnsweredAt = app.Clock.GetUtcNow().UtcDateTime;
            row.AnsweredOn = today;
            await db.SaveChangesAsync();
        }
        Assert.Equal(x0.Awaited, (await SectionAsync(xianghe)).Awaited);
        Assert.Equal(d0.ToAnswer + 1, (await SectionAsync(dongfeng)).ToAnswer);

        // Another unit's section is not to be had: 404, as for any unit outside the scope.
        Assert.Equal(HttpStatusCode.NotFound, (await xianghe.GetAsync($"/api/worklist/follow-ups?org={TestData.Zhongyuan}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await street.GetAsync($"/api/worklist/follow-ups?org={TestData.Zhongyuan}")).StatusCode);
    }
}

[Collection(OnSqlite.Name)]
public sealed class FollowUpTestsOnSqlite(SqliteApp app) : FollowUpTests(app);

[Collection(OnPostgres.Name)]
public sealed class FollowUpTestsOnPostgres(PostgresApp app) : FollowUpTests(app);
