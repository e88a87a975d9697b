using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EqualCare.IntegrationTests.Infrastructure;
using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using EqualCare.Web.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace EqualCare.IntegrationTests.Services;

/// <summary>
/// A married woman of 祥和社区 who arrived in March 2024: due for this quarter's 康检, overdue for her health record and her
/// 婚育证明. The API lists the items with their dates, the to-do list of 祥和 shows them, and recording the service (or a
/// worker's decision) takes the item off both.
/// </summary>
public abstract class DueAndWorklistTests(AppFixture app)
{
    DateOnly Today => app.Services.GetRequiredService<TimeProvider>().Today();

    static string Date(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    static DateOnly QuarterStart(DateOnly d) => new(d.Year, (d.Month - 1) / 3 * 3 + 1, 1);

    static async Task<JsonElement> DueAsync(HttpClient client, long id) =>
        await client.GetFromJsonAsync<JsonElement>($"/api/persons/{id}/due");

    static List<JsonElement> Items(JsonElement due, string list, string kind) =>
        due.GetProperty(list).EnumerateArray().Where(i => i.GetProperty("kind").GetString() == kind).ToList();

    static async Task<List<JsonElement>> WorklistAsync(HttpClient client, long personId)
    {
        var list = await client.GetFromJsonAsync<JsonElement>("/api/worklist?org=" + TestData.Xianghe);
        return list.GetProperty("items").EnumerateArray().Where(i => i.GetProperty("personId").GetInt64() == personId).ToList();
    }

    static string? KindOf(JsonElement item) => item.GetProperty("kind").GetString();

    [Fact]
    public async Task Due_items_come_with_dates_show_on_the_xianghe_worklist_and_leave_both_when_the_service_is_recorded()
    {
        var woman = await app.AddPersonAsync(TestData.Xianghe, "待办甲");
        var xianghe = await app.SignedInAsync("xianghe");
        var quarter = QuarterStart(Today);

        var due = await DueAsync(xianghe, woman.Id);
        var checkup = Assert.Single(Items(due, "due", "WomensCheckup"), i => i.GetProperty("windowStart").GetString() == Date(quarter));
        Assert.Equal(Date(quarter.AddMonths(3).AddDays(-1)), checkup.GetProperty("windowEnd").GetString());
        Assert.False(checkup.GetProperty("overdue").GetBoolean());
        // Arrived 2024-03-01: the health record fell due six months later and is 30 days past its window.
        var record = Assert.Single(Items(due, "due", "HealthRecord"));
        Assert.Equal(("2024-09-01", "2024-10-01", true), (record.GetProperty("due").GetString(), record.GetProperty("windowEnd").GetString(),
            record.GetProperty("overdue").GetBoolean()));
        Assert.True(Assert.Single(Items(due, "due", "MarriageCertificate")).GetProperty("overdue").GetBoolean());

        var listed = await WorklistAsync(xianghe, woman.Id);
        Assert.Contains(listed, i => KindOf(i) == "WomensCheckup" && i.GetProperty("windowStart").GetString() == Date(quarter));
        Assert.Contains(listed, i => KindOf(i) == "HealthRecord" && i.GetProperty("overdue").GetBoolean());
        Assert.All(listed, i => Assert.Equal(Masking.IdNumber(woman.IdNumber), i.GetProperty("idNumberMasked").GetString()));
        var page = await xianghe.GetStringAsync("/Worklist?name=" + Uri.EscapeDataString("待办甲"));
        Assert.Contains("待办甲", page, StringComparison.Ordinal);
        Assert.Contains(Masking.IdNumber(woman.IdNumber), page, StringComparison.Ordinal);
        Assert.DoesNotContain(woman.IdNumber, page, StringComparison.Ordinal);

        var checkedUp = await xianghe.PostAsJsonAsync($"/api/persons/{woman.Id}/services",
            new { kind = "WomensCheckup", date = Date(Today), result = "Normal", reportSentToHukou = true, place = "祥和社区卫生服务站" });
        Assert.Equal(HttpStatusCode.Created, checkedUp.StatusCode);
        var opened = await xianghe.PostAsJsonAsync($"/api/persons/{woman.Id}/services",
            new { kind = "HealthRecord", date = Date(Today), recordNumber = "41010300700100123", findings = "无" });
        Assert.Equal(HttpStatusCode.Created, opened.StatusCode);

        due = await DueAsync(xianghe, woman.Id);
        Assert.DoesNotContain(Items(due, "due", "WomensCheckup"), i => i.GetProperty("windowStart").GetString() == Date(quarter));
        Assert.Empty(Items(due, "due", "HealthRecord"));
        listed = await WorklistAsync(xianghe, woman.Id);
        Assert.DoesNotContain(listed, i => KindOf(i) == "HealthRecord");
        Assert.DoesNotContain(listed, i => KindOf(i) == "WomensCheckup" && i.GetProperty("windowStart").GetString() == Date(quarter));
        Assert.Contains(listed, i => KindOf(i) == "MarriageCertificate");
    }

    [Fact]
    public async Task A_worker_marks_an_item_unreachable_in_one_step_and_a_voided_record_brings_its_item_back()
    {
        var woman = await app.AddPersonAsync(TestData.Xianghe, "待办乙");
        var xianghe = await app.SignedInAsync("xianghe");

        var gyn = Assert.Single(Items(await DueAsync(xianghe, woman.Id), "due", "GynaecologicalScreening"));
        var decided = await xianghe.PostAsJsonAsync($"/api/persons/{woman.Id}/decisions",
            new { kind = "GynaecologicalScreening", windowStart = gyn.GetProperty("windowStart").GetString(), reason = "Unreachable" });
        Assert.Equal(HttpStatusCode.Created, decided.StatusCode);
        var due = await DueAsync(xianghe, woman.Id);
        Assert.Empty(Items(due, "due", "GynaecologicalScreening"));
        Assert.Equal("Unreachable", Assert.Single(Items(due, "exempt", "GynaecologicalScreening")).GetProperty("reason").GetString());

        var opened = await xianghe.PostAsJsonAsync($"/api/persons/{woman.Id}/services",
            new { kind = "HealthRecord", date = Date(Today), recordNumber = "41010300700100124" });
        var recordId = (await opened.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        Assert.Empty(Items(await DueAsync(xianghe, woman.Id), "due", "HealthRecord"));
        var voided = await xianghe.PostAsJsonAsync($"/api/persons/{woman.Id}/services/{recordId}/void", new { reason = "录错人" });
        Assert.Equal(HttpStatusCode.Created, voided.StatusCode);
        Assert.Single(Items(await DueAsync(xianghe, woman.Id), "due", "HealthRecord"));
        var services = await xianghe.GetFromJsonAsync<JsonElement>($"/api/persons/{woman.Id}/services");
        Assert.True(services.EnumerateArray().Single(s => s.GetProperty("id").GetInt64() == recordId).GetProperty("voided").GetBoolean());
    }

    [Fact]
    public async Task Bad_services_and_decisions_are_refused_with_a_reason_and_change_nothing_and_other_communities_get_404()
    {
        var woman = await app.AddPersonAsync(TestData.Xianghe, "待办丙");
        var xianghe = await app.SignedInAsync("xianghe");
        var before = await CountServicesAsync(woman.Id);

        var cases = new object[]
        {
            new { kind = "WomensCheckup", date = Date(Today.AddDays(1)), result = "Normal" },
            new { kind = "WomensCheckup", date = Date(Today) },
            new { kind = "HealthRecord", date = Date(Today), recordNumber = "1234" },
            new { kind = "HealthRecord", date = Date(Today), recordNumber = "11010300700100124" },
            new { kind = "ChildVisit", date = Date(Today), fulfils = "AntenatalBooking" },
            new { kind = "Void", date = Date(Today) },
            new { kind = "Contraceptives", date = Date(Today), item = "避孕套", quantity = 0 },
        };
        foreach (var body in cases)
        {
            var response = await xianghe.PostAsJsonAsync($"/api/persons/{woman.Id}/services", body);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            var code = problem.GetProperty("code").GetString()!;
            Assert.StartsWith("service.", code, StringComparison.Ordinal);
            // The title is the message in words, not the code: a missing UI string would show the key itself.
            Assert.NotEqual(code, problem.GetProperty("title").GetString());
        }
        var forged = await xianghe.PostAsJsonAsync($"/api/persons/{woman.Id}/decisions",
            new { kind = "AntenatalBooking", windowStart = Date(Today), reason = "Pregnant" });
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);

        var zhongyuan = await app.SignedInAsync("zhongyuan");
        Assert.Equal(HttpStatusCode.NotFound, (await zhongyuan.GetAsync($"/api/persons/{woman.Id}/due")).StatusCode);
        var outside = await zhongyuan.PostAsJsonAsync($"/api/persons/{woman.Id}/services", new { kind = "WomensCheckup", date = Date(Today), result = "Normal" });
        Assert.Equal(HttpStatusCode.NotFound, outside.StatusCode);
        Assert.Equal(before, await CountServicesAsync(woman.Id));
        Assert.Equal(0, before);
    }

    [Fact]
    public async Task A_child_missing_doses_is_on_the_worklist_and_a_recorded_dose_leaves_it()
    {
        var child = await app.AddPersonAsync(TestData.Xianghe, "待办丁", Sex.Male);
        var born = Today.AddMonths(-3);
        await using (var scope = app.Scope())
            await scope.ServiceProvider.GetRequiredService<EqualCareDb>().Persons.Where(p => p.Id == child.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(p => p.BirthDate, born).SetProperty(p => p.MaritalStatus, MaritalStatus.Unmarried)
                    .SetProperty(p => p.ArrivalDate, born));
        var xianghe = await app.SignedInAsync("xianghe");

        // HepB 1, missed at birth, is in the child's one overdue catch-up plan (issue 13 point 2; before, a row of its own).
        var doses = Items(await DueAsync(xianghe, child.Id), "due", "Immunisation");
        Assert.True(Assert.Single(doses, d => Plans(d, "HepB", 1)).GetProperty("overdue").GetBoolean());
        Assert.DoesNotContain(doses, d => d.GetProperty("itemKey").GetString() == "HepB-1");
        var listed = await WorklistAsync(xianghe, child.Id);
        Assert.Contains(listed, i => i.GetProperty("itemKey").GetString() == "catch-up" && Plans(i, "HepB", 1)
                                     && i.GetProperty("group").GetString() == "Immunisation");
        var worklist = await xianghe.GetFromJsonAsync<JsonElement>("/api/worklist?org=" + TestData.Xianghe);
        Assert.True(worklist.GetProperty("counts").GetProperty("childrenMissingDoses").GetInt32() >= 1);

        var given = await xianghe.PostAsJsonAsync($"/api/persons/{child.Id}/services",
            new { kind = "Immunisation", date = Date(Today), vaccine = "HepB", doseNumber = 1, batchNumber = "202601A", injectionSite = "右上臂" });
        Assert.Equal(HttpStatusCode.Created, given.StatusCode);
        Assert.DoesNotContain(Items(await DueAsync(xianghe, child.Id), "due", "Immunisation"),
            d => d.GetProperty("itemKey").GetString() == "HepB-1" || Plans(d, "HepB", 1));
        Assert.DoesNotContain(await WorklistAsync(xianghe, child.Id), i => i.GetProperty("itemKey").GetString() == "HepB-1" || Plans(i, "HepB", 1));

        var unknown = await xianghe.PostAsJsonAsync($"/api/persons/{child.Id}/services",
            new { kind = "Immunisation", date = Date(Today), vaccine = "XYZ", doseNumber = 1 });
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
    }

    /// <summary>Whether the item is a catch-up plan that lists this dose.</summary>
    static bool Plans(JsonElement item, string vaccine, int dose) =>
        item.TryGetProperty("plan", out var plan) && plan.ValueKind == JsonValueKind.Array
        && plan.EnumerateArray().Any(p => p.GetProperty("vaccine").GetString() == vaccine && p.GetProperty("dose").GetInt32() == dose);

    /// <summary>
    /// 逾期 means past its window, today: a child of two whose HepB 1 was given four weeks ago may have HepB 2 from today
    /// (past its age limit, but its window ends today), and a new arrival of 30 days ago has until today to be completed.
    /// Neither is overdue, and no item the list returns is overdue while its window or its due day is today or later.
    /// </summary>
    [Fact]
    public async Task The_worklist_never_marks_overdue_an_item_whose_window_ends_today_or_later()
    {
        var child = await app.AddPersonAsync(TestData.Xianghe, "逾期甲", Sex.Male);
        var arrival = await app.AddPersonAsync(TestData.Xianghe, "逾期乙");
        await using (var scope = app.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<EqualCareDb>();
            var born = Today.AddYears(-2);
            await db.Persons.Where(p => p.Id == child.Id).ExecuteUpdateAsync(s => s.SetProperty(p => p.BirthDate, born)
                .SetProperty(p => p.MaritalStatus, MaritalStatus.Unmarried).SetProperty(p => p.ArrivalDate, born));
            await db.Persons.Where(p => p.Id == arrival.Id).ExecuteUpdateAsync(s => s.SetProperty(p => p.ArrivalDate, Today.AddDays(-30))
                .SetProperty(p => p.Phone, (string?)null));
        }
        var xianghe = await app.SignedInAsync("xianghe");
        var given = await xianghe.PostAsJsonAsync($"/api/persons/{child.Id}/services",
            new { kind = "Immunisation", date = Date(Today.AddDays(-28)), vaccine = "HepB", doseNumber = 1, batchNumber = "202601A", injectionSite = "右上臂" });
        Assert.Equal(HttpStatusCode.Created, given.StatusCode);

        var list = await xianghe.GetFromJsonAsync<JsonElement>("/api/worklist?org=" + TestData.Xianghe);
        var items = list.GetProperty("items").EnumerateArray().ToList();
        var today = Date(Today);
        Assert.All(items.Where(i => i.GetProperty("overdue").GetBoolean()), i =>
        {
            Assert.True(string.CompareOrdinal(i.GetProperty("windowEnd").GetString(), today) < 0, i.ToString());
            Assert.True(string.CompareOrdinal(i.GetProperty("due").GetString(), today) < 0, i.ToString());
        });
        var hepB2 = Assert.Single(items, i => i.GetProperty("personId").GetInt64() == child.Id && i.GetProperty("itemKey").GetString() == "HepB-2");
        Assert.Equal((today, false), (hepB2.GetProperty("windowEnd").GetString(), hepB2.GetProperty("overdue").GetBoolean()));
        var incomplete = Assert.Single(items, i => i.GetProperty("personId").GetInt64() == arrival.Id && i.GetProperty("group").GetString() == "NewArrival");
        Assert.Equal((today, false), (incomplete.GetProperty("windowEnd").GetString(), incomplete.GetProperty("overdue").GetBoolean()));
    }

    [Fact]
    public async Task The_worklist_page_names_the_unit_not_its_code()
    {
        string name;
        await using (var scope = app.Scope())
            name = await scope.ServiceProvider.GetRequiredService<EqualCareDb>().OrgUnits.Where(o => o.Code == TestData.Xianghe)
                .Select(o => o.Name).SingleAsync();
        var page = await (await app.SignedInAsync("xianghe")).GetStringAsync("/Worklist");
        var lead = System.Text.RegularExpressions.Regex.Match(page, "<p class=\"lead\">(.*?)</p>", System.Text.RegularExpressions.RegexOptions.Singleline);
        Assert.True(lead.Success);
        // The register names the committee (祥和社区居民委员会); the page names the community as workers say it (issue 13: "祥和社区").
        Assert.Equal("祥和社区居民委员会", name);
        Assert.Contains("祥和社区", lead.Groups[1].Value, StringComparison.Ordinal);
        Assert.DoesNotContain("居民委员会", lead.Groups[1].Value, StringComparison.Ordinal);
        Assert.DoesNotContain(TestData.Xianghe, lead.Groups[1].Value, StringComparison.Ordinal);
    }

    async Task<int> CountServicesAsync(long personId)
    {
        await using var scope = app.Scope();
        return scope.ServiceProvider.GetRequiredService<EqualCareDb>().ServiceRecords.Count(s => s.PersonId == personId);
    }
}

[Collection(OnSqlite.Name)]
public sealed class DueAndWorklistTestsOnSqlite(SqliteApp app) : DueAndWorklistTests(app);

[Collection(OnPostgres.Name)]
public sealed class DueAndWorklistTestsOnPostgres(PostgresApp app) : DueAndWorklistTests(app);
