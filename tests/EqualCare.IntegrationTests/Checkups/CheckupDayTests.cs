using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EqualCare.IntegrationTests.Infrastructure;
using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using EqualCare.Web.Domain.Services;
using EqualCare.Web.Features.Identity;
using EqualCare.Web.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace EqualCare.IntegrationTests.Checkups;

/// <summary>
/// 集中康检 of a community (seed 004 四(三)): the sheet lists the married women due a 康检 this quarter, one save records
/// who came (each a 康检 service record) and who was absent with her reason, and the day reports its 当日参检率, its
/// absentees and the 补检 list. Each test works in a community of its own, with a worker account made for it, so that
/// the women of one test are never due on another test's sheet.
/// </summary>
public abstract class CheckupDayTests(AppFixture app)
{
    const string Password = "Checkup2026a";

    DateOnly Today => app.Services.GetRequiredService<TimeProvider>().Today();

    static string Date(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    async Task<HttpClient> WorkerOfAsync(string community)
    {
        var userName = "ck" + community[^3..];
        await using (var scope = app.Scope())
        {
            var accounts = scope.ServiceProvider.GetRequiredService<UserAccounts>();
            var created = await accounts.CreateAsync(new NewUser(userName, "康检测试专干", Roles.Community, community, Password), "test",
                CancellationToken.None, mustChangePassword: false);
            Assert.True(created.IsSuccess);
        }
        return await app.SignedInAsync(userName, Password);
    }

    static async Task<long> CreateDayAsync(HttpClient client, DateOnly day, string place = "社区卫生服务站")
    {
        var response = await client.PostAsJsonAsync("/api/checkups", new { day = Date(day), place });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
    }

    static Task<JsonElement> SheetAsync(HttpClient client, long dayId) => client.GetFromJsonAsync<JsonElement>($"/api/checkups/{dayId}");

    static List<long> Ids(JsonElement sheet, string list) =>
        [.. sheet.GetProperty(list).EnumerateArray().Select(r => r.GetProperty("personId").GetInt64()).Order()];

    static Task<HttpResponseMessage> SaveAsync(HttpClient client, long dayId, params object[] entries) =>
        client.PostAsJsonAsync($"/api/checkups/{dayId}/attendance", new { entries });

    async Task<(int Attendance, int Services)> CountsAsync(params long[] personIds)
    {
        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<EqualCareDb>();
        return (await db.CheckupAttendance.CountAsync(a => personIds.Contains(a.PersonId)),
            await db.ServiceRecords.CountAsync(s => personIds.Contains(s.PersonId)));
    }

    [Fact]
    public async Task A_day_lists_the_women_due_records_came_and_absent_in_one_save_and_reports_rate_absentees_and_catch_up()
    {
        const string community = "410103007007";
        var worker = await WorkerOfAsync(community);
        var came1 = await app.AddPersonAsync(community, "康检甲");
        var came2 = await app.AddPersonAsync(community, "康检乙");
        var absent = await app.AddPersonAsync(community, "康检丙");
        var man = await app.AddPersonAsync(community, "康检丁", Sex.Male);
        var checkedBefore = await app.AddPersonAsync(community, "康检戊");
        var earlier = await worker.PostAsJsonAsync($"/api/persons/{checkedBefore.Id}/services",
            new { kind = "WomensCheckup", date = Date(Today), result = "Normal" });
        Assert.Equal(HttpStatusCode.Created, earlier.StatusCode);

        var dayId = await CreateDayAsync(worker, Today);
        var sheet = await SheetAsync(worker, dayId);
        // Due this quarter: the three married women; not the man, not the woman whose 康检 of the quarter is on record.
        Assert.Equal(new[] { came1.Id, came2.Id, absent.Id }.Order(), Ids(sheet, "rows"));
        Assert.Equal("0.0%（0/3）", sheet.GetProperty("rateText").GetString());
        var json = sheet.GetRawText();
        Assert.Contains(Masking.IdNumber(came1.IdNumber), json, StringComparison.Ordinal);
        Assert.DoesNotContain(came1.IdNumber, json, StringComparison.Ordinal);
        Assert.DoesNotContain(man.Name, json, StringComparison.Ordinal);

        var saved = await SaveAsync(worker, dayId,
            new { personId = came1.Id, status = "Came", result = "Normal", reportSentToHukou = true },
            new { personId = came2.Id, status = "Came", result = "IudProblem", findings = "宫颈炎" },
            new { personId = absent.Id, status = "Absent", reason = "Pregnant" });
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        var counts = await saved.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((2, 1), (counts.GetProperty("came").GetInt32(), counts.GetProperty("absent").GetInt32()));

        await using (var scope = app.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<EqualCareDb>();
            var records = await db.ServiceRecords.Where(s => s.PersonId == came1.Id || s.PersonId == came2.Id || s.PersonId == absent.Id)
                .OrderBy(s => s.PersonId).ToListAsync();
            Assert.Equal([came1.Id, came2.Id], records.Select(r => r.PersonId));
            Assert.All(records, r => Assert.Equal((ServiceKind.WomensCheckup, Today, "社区卫生服务站"), (r.Kind, r.ServiceDate, r.Place)));
            Assert.Equal([CheckOutcome.Normal, CheckOutcome.IudProblem], records.Select(r => r.Result!.Value));
            Assert.Equal([true, false], records.Select(r => r.ReportSentToHukou == true));
            var marks = await db.CheckupAttendance.Where(a => a.CheckupDayId == dayId).OrderBy(a => a.PersonId).ToListAsync();
            Assert.Equal([(came1.Id, true, (AbsenceReason?)null), (came2.Id, true, null), (absent.Id, false, AbsenceReason.Pregnant)],
                marks.Select(m => (m.PersonId, m.Attended, m.AbsenceReason)));
        }

        sheet = await SheetAsync(worker, dayId);
        Assert.Equal(new[] { came1.Id, came2.Id, absent.Id }.Order(), Ids(sheet, "rows"));
        Assert.Equal("66.7%（2/3）", sheet.GetProperty("rateText").GetString());
        var absentee = Assert.Single(sheet.GetProperty("absentees").EnumerateArray());
        Assert.Equal((absent.Id, "现孕"), (absentee.GetProperty("personId").GetInt64(), absentee.GetProperty("reasonName").GetString()));
        Assert.Equal([absent.Id], Ids(sheet, "catchUp"));

        var catchUp = await worker.GetFromJsonAsync<JsonElement>("/api/checkups/catch-up");
        Assert.Equal([absent.Id], Ids(catchUp, "items"));
        Assert.Equal("Pregnant", catchUp.GetProperty("items")[0].GetProperty("reason").GetString());
        // The to-do list still asks for the absentee's 康检 and no longer for those who came.
        var worklist = await worker.GetFromJsonAsync<JsonElement>("/api/worklist");
        var checkupsDue = worklist.GetProperty("items").EnumerateArray()
            .Where(i => i.GetProperty("kind").GetString() == "WomensCheckup" && !i.GetProperty("overdue").GetBoolean())
            .Select(i => i.GetProperty("personId").GetInt64()).ToList();
        Assert.Contains(absent.Id, checkupsDue);
        Assert.DoesNotContain(came1.Id, checkupsDue);
        var absentItem = worklist.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("personId").GetInt64() == absent.Id
            && i.GetProperty("kind").GetString() == "WomensCheckup" && !i.GetProperty("overdue").GetBoolean());
        Assert.EndsWith("（补检）", absentItem.GetProperty("itemName").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(worklist.GetProperty("items").EnumerateArray(),
            i => i.GetProperty("personId").GetInt64() != absent.Id && i.GetProperty("itemName").GetString()!.Contains("补检", StringComparison.Ordinal));

        // Saving the same sheet again adds nothing: her 康检 of the day is recorded once.
        var again = await SaveAsync(worker, dayId,
            new { personId = came1.Id, status = "Came", result = "Normal" }, new { personId = absent.Id, status = "Absent", reason = "Pregnant" });
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal((3, 2), await CountsAsync(came1.Id, came2.Id, absent.Id));

        // Her 康检 done later (补检) takes her off the catch-up list; she stays an absentee of the day.
        var caughtUp = await worker.PostAsJsonAsync($"/api/persons/{absent.Id}/services",
            new { kind = "WomensCheckup", date = Date(Today), result = "Pregnant" });
        Assert.Equal(HttpStatusCode.Created, caughtUp.StatusCode);
        sheet = await SheetAsync(worker, dayId);
        Assert.Empty(Ids(sheet, "catchUp"));
        Assert.Equal([absent.Id], Ids(sheet, "absentees"));
        Assert.Empty(Ids(await worker.GetFromJsonAsync<JsonElement>("/api/checkups/catch-up"), "items"));

        var page = await worker.GetStringAsync($"/Checkups/{dayId}");
        Assert.Contains("66.7%（2/3）", page, StringComparison.Ordinal);
        Assert.Contains("现孕", page, StringComparison.Ordinal);
        Assert.DoesNotContain(absent.IdNumber, page, StringComparison.Ordinal);
        // Notices (通知单) are printed for the women who have not come: here only the absentee, with the day on it.
        var link = System.Text.RegularExpressions.Regex.Match(page, "id=\"print-notices\" href=\"([^\"]+)\"").Groups[1].Value.Replace("&amp;", "&", StringComparison.Ordinal);
        Assert.Contains("ids=" + absent.Id.ToString(CultureInfo.InvariantCulture) + "&", link, StringComparison.Ordinal);
        var notices = await worker.GetStringAsync(link);
        Assert.Contains(absent.Name, notices, StringComparison.Ordinal);
        Assert.DoesNotContain(absent.IdNumber, notices, StringComparison.Ordinal);
        await using (var scope = app.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<EqualCareDb>();
            var entityId = dayId.ToString(CultureInfo.InvariantCulture);
            var views = await db.AuditEntries.Where(a => a.Entity == "checkup_day" && a.EntityId == entityId && a.Action == "view").ToListAsync();
            Assert.Contains(views, v => v.Detail!.Contains(absent.Id.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal));
            Assert.DoesNotContain(views, v => v.Detail!.Contains(absent.Name, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task A_bad_line_refuses_the_whole_sheet_with_a_clear_message_and_saves_nothing()
    {
        const string community = "410103007008";
        var worker = await WorkerOfAsync(community);
        var a = await app.AddPersonAsync(community, "缺检甲");
        var b = await app.AddPersonAsync(community, "缺检乙");
        var man = await app.AddPersonAsync(community, "缺检丙", Sex.Male);
        var elsewhere = await app.AddPersonAsync(TestData.Xianghe, "缺检丁");
        var dayId = await CreateDayAsync(worker, Today);
        var good = new { personId = a.Id, status = "Came", result = "Normal" };

        var cases = new (string Code, object[] Entries)[]
        {
            ("checkup.person.unknown", [good, new { personId = 987654321L, status = "Came", result = "Normal" }]),
            ("checkup.person.unknown", [good, new { personId = elsewhere.Id, status = "Absent", reason = "Divorced" }]),
            ("checkup.person.notDue", [good, new { personId = man.Id, status = "Came", result = "Normal" }]),
            ("checkup.result.required", [good, new { personId = b.Id, status = "Came" }]),
            ("checkup.reason.required", [good, new { personId = b.Id, status = "Absent", reason = "Busy" }]),
            ("checkup.reason.noteRequired", [good, new { personId = b.Id, status = "Absent", reason = "Other" }]),
            ("checkup.status.bad", [good, new { personId = b.Id, status = "Maybe" }]),
            ("checkup.person.twice", [good, new { personId = a.Id, status = "Absent", reason = "Ill" }]),
            ("checkup.save.empty", []),
        };
        foreach (var (code, entries) in cases)
        {
            var response = await SaveAsync(worker, dayId, entries);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(code, problem.GetProperty("code").GetString());
            Assert.NotEqual(code, problem.GetProperty("title").GetString());
        }
        // The page says the same in Chinese and names the woman whose line refused the sheet.
        var token = await Browserless.AntiforgeryTokenAsync(worker, $"/Checkups/{dayId}");
        var form = await worker.PostAsync($"/Checkups/{dayId}", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Lines[0].PersonId"] = a.Id.ToString(CultureInfo.InvariantCulture), ["Lines[0].Came"] = "true", ["Lines[0].Result"] = "Normal",
            ["Lines[1].PersonId"] = b.Id.ToString(CultureInfo.InvariantCulture), ["Lines[1].Came"] = "true",
            ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(HttpStatusCode.OK, form.StatusCode);
        Assert.Contains("缺检乙：已到检，请选择查环查孕结果。", await form.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal((0, 0), await CountsAsync(a.Id, b.Id, man.Id, elsewhere.Id));
        Assert.Equal("0.0%（0/2）", (await SheetAsync(worker, dayId)).GetProperty("rateText").GetString());

        // Once she came, her 康检 is on record: turning her into an absentee is refused, not silently kept.
        Assert.Equal(HttpStatusCode.OK, (await SaveAsync(worker, dayId, good)).StatusCode);
        var turned = await SaveAsync(worker, dayId, new { personId = a.Id, status = "Absent", reason = "Divorced" });
        Assert.Equal(HttpStatusCode.Conflict, turned.StatusCode);
        Assert.Equal((1, 1), await CountsAsync(a.Id));

        // A day still to come cannot be recorded; days are refused without a date, too far out, or twice on one date.
        var planned = await CreateDayAsync(worker, Today.AddDays(7));
        var early = await SaveAsync(worker, planned, new { personId = b.Id, status = "Absent", reason = "Pregnant" });
        Assert.Equal("checkup.save.beforeDay", (await early.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        // Nothing of the early save: b's only mark is the 未登记 the first day's save gave her (listed, left unmarked).
        Assert.Equal((1, 0), await CountsAsync(b.Id));
        await using (var scope = app.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<EqualCareDb>();
            var mark = await db.CheckupAttendance.SingleAsync(m => m.PersonId == b.Id);
            Assert.Equal((dayId, false, (AbsenceReason?)null), (mark.CheckupDayId, mark.Attended, mark.AbsenceReason));
        }
        foreach (var (body, status, code) in new (object, HttpStatusCode, string)[]
                 {
                     (new { place = "无日期" }, HttpStatusCode.BadRequest, "checkup.day.required"),
                     (new { day = Date(Today.AddYears(2)) }, HttpStatusCode.BadRequest, "checkup.day.range"),
                     (new { day = Date(Today.AddYears(-1)) }, HttpStatusCode.BadRequest, "checkup.day.range"),
                     (new { day = Date(Today), place = new string('站', 101) }, HttpStatusCode.BadRequest, "checkup.place.tooLong"),
                     (new { day = Date(Today) }, HttpStatusCode.Conflict, "checkup.day.exists"),
                 })
        {
            var response = await worker.PostAsJsonAsync("/api/checkups", body);
            Assert.Equal(status, response.StatusCode);
            Assert.Equal(code, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        }
        Assert.Equal(2, (await worker.GetFromJsonAsync<JsonElement>("/api/checkups")).GetArrayLength());
    }

    [Fact]
    public async Task Another_community_gets_404_the_street_and_district_read_but_cannot_record()
    {
        const string community = "410103007009";
        var worker = await WorkerOfAsync(community);
        var woman = await app.AddPersonAsync(community, "范围甲");
        var dayId = await CreateDayAsync(worker, Today);
        var line = new { personId = woman.Id, status = "Absent", reason = "Widowed" };

        var zhongyuan = await app.SignedInAsync("zhongyuan");
        Assert.Equal(HttpStatusCode.NotFound, (await zhongyuan.GetAsync($"/api/checkups/{dayId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await zhongyuan.GetAsync($"/Checkups/{dayId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await SaveAsync(zhongyuan, dayId, line)).StatusCode);
        Assert.DoesNotContain(dayId, (await zhongyuan.GetFromJsonAsync<JsonElement>("/api/checkups")).EnumerateArray()
            .Select(d => d.GetProperty("id").GetInt64()));

        foreach (var reader in new[] { "daxuelu", "erqi" })
        {
            var office = await app.SignedInAsync(reader);
            Assert.Equal([woman.Id], Ids(await SheetAsync(office, dayId), "rows"));
            Assert.Contains(dayId, (await office.GetFromJsonAsync<JsonElement>("/api/checkups?org=" + community)).EnumerateArray()
                .Select(d => d.GetProperty("id").GetInt64()));
            Assert.Equal(HttpStatusCode.Forbidden, (await SaveAsync(office, dayId, line)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await office.PostAsJsonAsync("/api/checkups", new { day = Date(Today) })).StatusCode);
        }
        Assert.Equal((0, 0), await CountsAsync(woman.Id));

        Assert.Equal(HttpStatusCode.OK, (await SaveAsync(worker, dayId, line)).StatusCode);
        Assert.Equal([woman.Id], Ids(await SheetAsync(worker, dayId), "absentees"));
    }
}

[Collection(OnSqlite.Name)]
public sealed class CheckupDayTestsOnSqlite(SqliteApp app) : CheckupDayTests(app);

[Collection(OnPostgres.Name)]
public sealed class CheckupDayTestsOnPostgres(PostgresApp app) : CheckupDayTests(app);
