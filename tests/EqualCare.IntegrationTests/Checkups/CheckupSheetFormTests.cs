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
/// The check-up sheet as a form that does not lose her work (issue 13 point 9): saved only from the day on, a woman left
/// unmarked counted as 未登记 (on the sheet, in the day list and in the quarter's 当日参检率), a wrong mark corrected by a
/// new mark that voids the old one, and a save that is idempotent, also when ten arrive at once. Each test has a community
/// of its own.
/// </summary>
public abstract class CheckupSheetFormTests(AppFixture app)
{
    const string Password = "Checkup2026a";

    DateOnly Today => app.Services.GetRequiredService<TimeProvider>().Today();

    static string Date(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    static string S(long id) => id.ToString(CultureInfo.InvariantCulture);

    async Task<HttpClient> WorkerOfAsync(string community)
    {
        var userName = "cf" + community[^5..];
        await using (var scope = app.Scope())
        {
            var accounts = scope.ServiceProvider.GetRequiredService<UserAccounts>();
            var created = await accounts.CreateAsync(new NewUser(userName, "康检表测试专干", Roles.Community, community, Password), "test",
                CancellationToken.None, mustChangePassword: false);
            Assert.True(created.IsSuccess);
        }
        return await app.SignedInAsync(userName, Password);
    }

    static async Task<long> CreateDayAsync(HttpClient client, DateOnly day)
    {
        var response = await client.PostAsJsonAsync("/api/checkups", new { day = Date(day), place = "社区卫生服务站" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
    }

    static Task<JsonElement> SheetAsync(HttpClient client, long dayId) => client.GetFromJsonAsync<JsonElement>($"/api/checkups/{dayId}");

    static Task<HttpResponseMessage> SaveAsync(HttpClient client, long dayId, params object[] entries) =>
        client.PostAsJsonAsync($"/api/checkups/{dayId}/attendance", new { entries });

    static string StateOf(JsonElement sheet, long personId) =>
        sheet.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("personId").GetInt64() == personId).GetProperty("state").GetString()!;

    async Task<List<CheckupAttendance>> MarksAsync(long dayId)
    {
        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<EqualCareDb>();
        return await db.CheckupAttendance.AsNoTracking().Where(a => a.CheckupDayId == dayId).OrderBy(a => a.Id).ToListAsync();
    }

    async Task<List<ServiceRecord>> ServicesAsync(params long[] personIds)
    {
        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<EqualCareDb>();
        return await db.ServiceRecords.AsNoTracking().Where(s => personIds.Contains(s.PersonId)).OrderBy(s => s.Id).ToListAsync();
    }

    /// <summary>The marks no later mark voids: one per woman, whatever happened before.</summary>
    static List<CheckupAttendance> Current(List<CheckupAttendance> marks)
    {
        var voided = marks.Where(m => m.VoidsAttendanceId is not null).Select(m => m.VoidsAttendanceId!.Value).ToHashSet();
        return [.. marks.Where(m => !voided.Contains(m.Id))];
    }

    [Fact]
    public async Task A_day_still_to_come_says_so_before_she_fills_the_sheet_and_a_save_then_keeps_nothing()
    {
        const string community = "410103006013";
        var worker = await WorkerOfAsync(community);
        var woman = await app.AddPersonAsync(community, "提前甲");
        var planned = await CreateDayAsync(worker, Today.AddDays(3));

        var page = await worker.GetStringAsync($"/Checkups/{planned}");
        var notice = System.Text.RegularExpressions.Regex.Match(page, "<p class=\"warning\" id=\"save-from\">([^<]+)</p>");
        Assert.True(notice.Success, "the page says, before the sheet, that it is saved only from the day on");
        Assert.Contains(Date(Today.AddDays(3)), notice.Groups[1].Value, StringComparison.Ordinal);
        Assert.True(page.IndexOf("id=\"save-from\"", StringComparison.Ordinal) < page.IndexOf("id=\"checkup-sheet\"", StringComparison.Ordinal));

        // The page keeps what she filled in and says in Chinese that nothing was saved; nothing is.
        var token = await Browserless.AntiforgeryTokenAsync(worker, $"/Checkups/{planned}");
        var form = await worker.PostAsync($"/Checkups/{planned}", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Lines[0].PersonId"] = S(woman.Id), ["Lines[0].Came"] = "true", ["Lines[0].Result"] = "Normal", ["Lines[0].Findings"] = "提前填写",
            ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(HttpStatusCode.OK, form.StatusCode);
        var html = await form.Content.ReadAsStringAsync();
        Assert.Contains("本次未保存任何内容", html, StringComparison.Ordinal);
        Assert.Contains("value=\"提前填写\"", html, StringComparison.Ordinal);
        var api = await SaveAsync(worker, planned, new { personId = woman.Id, status = "Came", result = "Normal" });
        Assert.Equal("checkup.save.beforeDay", (await api.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.Empty(await MarksAsync(planned));
        Assert.Empty(await ServicesAsync(woman.Id));

        // On the day itself the same sheet saves, and the page no longer warns.
        var onTheDay = await CreateDayAsync(worker, Today);
        Assert.DoesNotContain("class=\"warning\" id=\"save-from\"", await worker.GetStringAsync($"/Checkups/{onTheDay}"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await SaveAsync(worker, onTheDay, new { personId = woman.Id, status = "Came", result = "Normal" })).StatusCode);
    }

    [Fact]
    public async Task A_woman_left_unmarked_is_counted_as_not_recorded_on_the_sheet_in_the_day_list_and_in_the_quarters_rate()
    {
        const string community = "410103006014";
        var worker = await WorkerOfAsync(community);
        var came = await app.AddPersonAsync(community, "未登记甲");
        var absent = await app.AddPersonAsync(community, "未登记乙");
        var unmarked = await app.AddPersonAsync(community, "未登记丙");
        var dayId = await CreateDayAsync(worker, Today);

        var saved = await SaveAsync(worker, dayId,
            new { personId = came.Id, status = "Came", result = "Normal" }, new { personId = absent.Id, status = "Absent", reason = "Ill" });
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.Equal(1, (await saved.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("notRecorded").GetInt32());

        var sheet = await SheetAsync(worker, dayId);
        Assert.Equal("NotRecorded", StateOf(sheet, unmarked.Id));
        Assert.Equal(1, sheet.GetProperty("notRecorded").GetInt32());
        Assert.Equal("33.3%（1/3）", sheet.GetProperty("rateText").GetString());
        var page = await worker.GetStringAsync($"/Checkups/{dayId}");
        Assert.Contains("<span class=\"card-figure\" id=\"count-none\">1</span>", page, StringComparison.Ordinal);

        var day = (await worker.GetFromJsonAsync<JsonElement>("/api/checkups")).EnumerateArray().Single(d => d.GetProperty("id").GetInt64() == dayId);
        Assert.Equal((1, 1, 1), (day.GetProperty("came").GetInt32(), day.GetProperty("absent").GetInt32(), day.GetProperty("notRecorded").GetInt32()));

        // The quarter's 当日参检率 counts her in its denominator: 1 came of 3 listed, not 1 of 2.
        var table = await worker.GetFromJsonAsync<JsonElement>($"/api/indicators?unit={community}");
        var figure = table.GetProperty("total").GetProperty("figures").EnumerateArray()
            .Single(f => f.GetProperty("indicator").GetString() == "checkup_same_day");
        Assert.Equal((1L, 3L), (figure.GetProperty("numerator").GetInt64(), figure.GetProperty("denominator").GetInt64()));

        // Marked later, her 未登记 mark is voided by the real one: one current mark each, none left unrecorded.
        Assert.Equal(HttpStatusCode.OK, (await SaveAsync(worker, dayId, new { personId = unmarked.Id, status = "Came", result = "Normal" })).StatusCode);
        var marks = await MarksAsync(dayId);
        Assert.Equal(4, marks.Count);
        Assert.Equal(new[] { came.Id, absent.Id, unmarked.Id }.Order(), Current(marks).Select(m => m.PersonId).Order());
        Assert.Equal(0, (await SheetAsync(worker, dayId)).GetProperty("notRecorded").GetInt32());
    }

    [Fact]
    public async Task A_wrong_mark_is_corrected_on_the_sheet_by_a_new_mark_that_voids_the_old_one()
    {
        const string community = "410103006016";
        var worker = await WorkerOfAsync(community);
        var a = await app.AddPersonAsync(community, "更正甲");
        var b = await app.AddPersonAsync(community, "更正乙");
        var dayId = await CreateDayAsync(worker, Today);
        Assert.Equal(HttpStatusCode.OK, (await SaveAsync(worker, dayId,
            new { personId = a.Id, status = "Came", result = "Normal" }, new { personId = b.Id, status = "Came", result = "Normal" })).StatusCode);
        var firstCheckup = Assert.Single(await ServicesAsync(a.Id));

        // Without saying it is a correction a came mark is never overwritten (a stale client cannot undo a 康检).
        Assert.Equal(HttpStatusCode.Conflict, (await SaveAsync(worker, dayId, new { personId = a.Id, status = "Absent", reason = "Pregnant" })).StatusCode);

        // a did not come after all: the page's line says it corrects her mark.
        var token = await Browserless.AntiforgeryTokenAsync(worker, $"/Checkups/{dayId}");
        var form = await worker.PostAsync($"/Checkups/{dayId}", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Lines[0].PersonId"] = S(a.Id), ["Lines[0].Correct"] = "true", ["Lines[0].Reason"] = "Pregnant",
            ["Lines[1].PersonId"] = S(b.Id), ["Lines[1].Correct"] = "true", ["Lines[1].Came"] = "true", ["Lines[1].Result"] = "Abnormal",
            ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(HttpStatusCode.Redirect, form.StatusCode);

        var marks = await MarksAsync(dayId);
        Assert.Equal(4, marks.Count); // nothing updated, nothing deleted
        var aMarks = marks.Where(m => m.PersonId == a.Id).ToList();
        Assert.Equal(2, aMarks.Count);
        Assert.Equal(aMarks[0].Id, aMarks[1].VoidsAttendanceId);
        Assert.Equal((false, (AbsenceReason?)AbsenceReason.Pregnant), (aMarks[1].Attended, aMarks[1].AbsenceReason));
        Assert.Equal(2, Current(marks).Count);

        // Her 康检 of the day is voided as a service record is (a void record naming it); b's result is a new record.
        var aServices = await ServicesAsync(a.Id);
        Assert.Equal(2, aServices.Count);
        Assert.Equal((ServiceKind.Void, (long?)firstCheckup.Id), (aServices[1].Kind, aServices[1].VoidsRecordId));
        var bServices = await ServicesAsync(b.Id);
        Assert.Equal([ServiceKind.WomensCheckup, ServiceKind.Void, ServiceKind.WomensCheckup], bServices.Select(s => s.Kind));
        Assert.Equal(bServices[0].Id, bServices[1].VoidsRecordId);
        Assert.Equal(CheckOutcome.Abnormal, bServices[2].Result);

        var sheet = await SheetAsync(worker, dayId);
        Assert.Equal(("Absent", "Came"), (StateOf(sheet, a.Id), StateOf(sheet, b.Id)));
        Assert.Equal("Abnormal", sheet.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("personId").GetInt64() == b.Id)
            .GetProperty("result").GetString());
        Assert.Equal("50.0%（1/2）", sheet.GetProperty("rateText").GetString());
        // Now absent without a 康检 this quarter, she is on the 补检 list.
        Assert.Contains(a.Id, (await worker.GetFromJsonAsync<JsonElement>("/api/checkups/catch-up")).GetProperty("items").EnumerateArray()
            .Select(i => i.GetProperty("personId").GetInt64()));

        // Posting the corrected sheet again changes nothing.
        token = await Browserless.AntiforgeryTokenAsync(worker, $"/Checkups/{dayId}");
        var again = await worker.PostAsync($"/Checkups/{dayId}", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Lines[0].PersonId"] = S(a.Id), ["Lines[0].Correct"] = "true", ["Lines[0].Reason"] = "Pregnant",
            ["Lines[1].PersonId"] = S(b.Id), ["Lines[1].Correct"] = "true", ["Lines[1].Came"] = "true", ["Lines[1].Result"] = "Abnormal",
            ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        Assert.Equal(4, (await MarksAsync(dayId)).Count);
        Assert.Equal(5, (await ServicesAsync(a.Id, b.Id)).Count);
    }

    [Fact]
    public async Task Saving_the_same_sheet_again_adds_nothing()
    {
        const string community = "410103006017";
        var worker = await WorkerOfAsync(community);
        var a = await app.AddPersonAsync(community, "重复甲");
        var b = await app.AddPersonAsync(community, "重复乙");
        var c = await app.AddPersonAsync(community, "重复丙");
        var dayId = await CreateDayAsync(worker, Today);
        object[] sheet = [new { personId = a.Id, status = "Came", result = "Normal" }, new { personId = b.Id, status = "Absent", reason = "Other", note = "出差" }];

        var first = await (await SaveAsync(worker, dayId, sheet)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((1, 1, 1), (first.GetProperty("came").GetInt32(), first.GetProperty("absent").GetInt32(), first.GetProperty("notRecorded").GetInt32()));
        var second = await SaveAsync(worker, dayId, sheet);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var counts = await second.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((0, 0, 0, 0), (counts.GetProperty("came").GetInt32(), counts.GetProperty("absent").GetInt32(),
            counts.GetProperty("corrected").GetInt32(), counts.GetProperty("notRecorded").GetInt32()));
        Assert.Equal(3, (await MarksAsync(dayId)).Count);
        Assert.Single(await ServicesAsync(a.Id, b.Id, c.Id));
    }

    [Fact]
    public async Task Ten_parallel_saves_of_one_sheet_leave_one_current_mark_per_woman()
    {
        const string community = "410103006018";
        var worker = await WorkerOfAsync(community);
        var women = new List<Person>();
        for (var i = 0; i < 4; i++) women.Add(await app.AddPersonAsync(community, "并发" + "甲乙丙丁"[i]));
        var dayId = await CreateDayAsync(worker, Today);
        object[] sheet =
        [
            new { personId = women[0].Id, status = "Came", result = "Normal" }, new { personId = women[1].Id, status = "Came", result = "Pregnant" },
            new { personId = women[2].Id, status = "Absent", reason = "Ill" },
        ];

        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => SaveAsync(worker, dayId, sheet)));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));

        var marks = await MarksAsync(dayId);
        Assert.Equal(4, marks.Count);
        Assert.Equal(women.Select(w => w.Id).Order(), Current(marks).Select(m => m.PersonId).Order());
        Assert.Equal(2, (await ServicesAsync([.. women.Select(w => w.Id)])).Count);
        Assert.Equal("50.0%（2/4）", (await SheetAsync(worker, dayId)).GetProperty("rateText").GetString());

        // The database itself refuses a second current mark of a woman on the day, whoever writes it.
        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<EqualCareDb>();
        db.CheckupAttendance.Add(new CheckupAttendance
        {
            CheckupDayId = dayId, PersonId = women[3].Id, Attended = true, RecordedAt = DateTime.SpecifyKind(new DateTime(2026, 1, 1), DateTimeKind.Utc),
            RecordedBy = "test",
        });
        await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
    }
}

[Collection(OnSqlite.Name)]
public sealed class CheckupSheetFormTestsOnSqlite(SqliteApp app) : CheckupSheetFormTests(app);

[Collection(OnPostgres.Name)]
public sealed class CheckupSheetFormTestsOnPostgres(PostgresApp app) : CheckupSheetFormTests(app);
