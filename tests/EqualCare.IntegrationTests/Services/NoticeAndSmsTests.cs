using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using EqualCare.IntegrationTests.Infrastructure;
using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using EqualCare.Web.Domain.Services;
using EqualCare.Web.Features.Admin;
using EqualCare.Web.Features.Sms;
using EqualCare.Web.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace EqualCare.IntegrationTests.Services;

/// <summary>
/// Married women of 祥和社区 are due for the next quarter's 康检 on its first day. The reminder queue, run as if it were a
/// given day, queues their reminder only from three days before (never twice, never for a woman without a phone); the
/// sender marks it sent; 中原's worker sees none of it. Notices print for one woman or the list, IDs masked, audited.
/// </summary>
public abstract partial class NoticeAndSmsTests(AppFixture app)
{
    DateOnly Today => app.Services.GetRequiredService<TimeProvider>().Today();

    /// <summary>The first day of the next quarter: the next 康检 falls due then (seed 001: one each quarter).</summary>
    DateOnly NextQuarter => new DateOnly(Today.Year, (Today.Month - 1) / 3 * 3 + 1, 1).AddMonths(3);

    async Task<Person> AddWomanAsync(string name, string? phone)
    {
        var woman = await app.AddPersonAsync(TestData.Xianghe, name);
        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<EqualCareDb>();
        await db.Persons.Where(p => p.Id == woman.Id).ExecuteUpdateAsync(s => s.SetProperty(p => p.Phone, phone));
        return woman;
    }

    async Task<int> QueueAsOfAsync(DateOnly today)
    {
        await using var scope = app.Scope();
        return await scope.ServiceProvider.GetRequiredService<Reminders>().QueueAsync(OrgCode.Parse(TestData.Xianghe), today, CancellationToken.None);
    }

    async Task<List<SmsMessage>> MessagesOfAsync(long personId)
    {
        await using var scope = app.Scope();
        return await scope.ServiceProvider.GetRequiredService<EqualCareDb>().SmsMessages.AsNoTracking()
            .Where(m => m.PersonId == personId).OrderBy(m => m.Id).ToListAsync();
    }

    static string CheckupKey(long personId, DateOnly due) => $"{personId}|WomensCheckup||{due:yyyy-MM-dd}";

    [Fact]
    public async Task Reminders_are_queued_only_within_the_days_before_never_twice_and_the_sender_marks_them_sent()
    {
        var phoned = await AddWomanAsync("短信甲", "13812345678");
        var noPhone = await AddWomanAsync("短信乙", null);
        var phoneLost = await AddWomanAsync("短信丙", "13912345678");
        var due = NextQuarter;

        await QueueAsOfAsync(due.AddDays(-10));
        var early = await MessagesOfAsync(phoned.Id);
        Assert.DoesNotContain(early, m => m.DedupeKey == CheckupKey(phoned.Id, due));
        Assert.All(early, m => Assert.InRange(m.DueDate, due.AddDays(-10), due.AddDays(-7)));

        var asOf = due.AddDays(-3); // the default EqualCare:Care:ReminderDaysBefore
        Assert.True(await QueueAsOfAsync(asOf) >= 2);
        var queued = await MessagesOfAsync(phoned.Id);
        var reminder = Assert.Single(queued, m => m.DedupeKey == CheckupKey(phoned.Id, due));
        Assert.All(queued.Where(m => early.All(e => e.Id != m.Id)), m => Assert.InRange(m.DueDate, asOf, asOf.AddDays(3)));
        Assert.Contains("短信甲", reminder.Body, StringComparison.Ordinal);
        Assert.Contains("康检", reminder.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(phoned.IdNumber, reminder.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("13812345678", reminder.Body, StringComparison.Ordinal);
        Assert.Null(reminder.SentAt);
        Assert.Empty(await MessagesOfAsync(noPhone.Id));
        Assert.Single(await MessagesOfAsync(phoneLost.Id), m => m.DedupeKey == CheckupKey(phoneLost.Id, due));

        Assert.Equal(0, await QueueAsOfAsync(asOf));
        Assert.Equal(0, await QueueAsOfAsync(due));
        Assert.Equal(queued.Count, (await MessagesOfAsync(phoned.Id)).Count);

        // The phone is read at send time: a woman whose number was removed since stays queued and shows "no phone".
        await using (var scope = app.Scope())
            await scope.ServiceProvider.GetRequiredService<EqualCareDb>().Persons.Where(p => p.Id == phoneLost.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(p => p.Phone, (string?)null));
        var xianghe = await app.SignedInAsync("xianghe");
        var run = await xianghe.PostAsync("/api/sms/run", null);
        Assert.Equal(HttpStatusCode.OK, run.StatusCode);
        Assert.True((await run.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("withoutPhone").GetInt32() >= 1);
        var sent = Assert.Single(await MessagesOfAsync(phoned.Id), m => m.Id == reminder.Id);
        Assert.NotNull(sent.SentAt);
        Assert.Equal("outbox", sent.Sender);
        Assert.All(await MessagesOfAsync(phoneLost.Id), m => Assert.Null(m.SentAt));

        var outbox = await xianghe.GetFromJsonAsync<JsonElement>("/api/sms");
        var items = outbox.GetProperty("items").EnumerateArray().ToList();
        Assert.Contains(items, i => i.GetProperty("personId").GetInt64() == phoned.Id && i.GetProperty("phoneMasked").GetString() == "138****5678");
        Assert.Contains(items, i => i.GetProperty("personId").GetInt64() == phoneLost.Id && i.GetProperty("phoneMasked").ValueKind == JsonValueKind.Null);
        var page = await xianghe.GetStringAsync("/Sms");
        Assert.Contains("138****5678", page, StringComparison.Ordinal);
        Assert.Contains("无手机号", page, StringComparison.Ordinal);
        Assert.DoesNotContain("13812345678", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Another_communitys_worker_neither_sees_nor_runs_the_outbox_and_bad_input_changes_nothing()
    {
        var woman = await AddWomanAsync("短信丁", "13712345678");
        await QueueAsOfAsync(NextQuarter.AddDays(-1));
        var before = await MessagesOfAsync(woman.Id);
        Assert.NotEmpty(before);

        var zhongyuan = await app.SignedInAsync("zhongyuan");
        Assert.Equal(HttpStatusCode.NotFound, (await zhongyuan.GetAsync("/api/sms?org=" + TestData.Xianghe)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await zhongyuan.PostAsync("/api/sms/run?org=" + TestData.Xianghe, null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await zhongyuan.GetAsync("/Sms?org=" + TestData.Xianghe)).StatusCode);
        var own = await zhongyuan.GetFromJsonAsync<JsonElement>("/api/sms");
        Assert.DoesNotContain(own.GetProperty("items").EnumerateArray(), i => i.GetProperty("personId").GetInt64() == woman.Id);
        Assert.DoesNotContain("短信丁", await zhongyuan.GetStringAsync("/Sms"), StringComparison.Ordinal);

        var xianghe = await app.SignedInAsync("xianghe");
        var bad = await xianghe.PostAsync("/api/sms/run?org=12345", null);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("sms.org.bad", (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        // The district may look but not send.
        var erqi = await app.SignedInAsync("erqi");
        Assert.Equal(HttpStatusCode.Forbidden, (await erqi.PostAsync("/api/sms/run?org=" + TestData.Xianghe, null)).StatusCode);
        Assert.Equal(before.Select(m => (m.Id, m.SentAt)), (await MessagesOfAsync(woman.Id)).Select(m => (m.Id, m.SentAt)));
    }

    [Fact]
    public async Task The_daily_run_over_every_unit_reminds_each_community_s_women_once()
    {
        var inXianghe = await AddWomanAsync("短信己", "13512345678");
        var inZhongyuan = await app.AddPersonAsync(TestData.Zhongyuan, "短信庚");
        await using (var scope = app.Scope())
            await scope.ServiceProvider.GetRequiredService<EqualCareDb>().Persons.Where(p => p.Id == inZhongyuan.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(p => p.Phone, "13512345679"));
        var asOf = NextQuarter.AddDays(-3);

        async Task<int> QueueEveryUnitAsync()
        {
            await using var scope = app.Scope();
            return await scope.ServiceProvider.GetRequiredService<Reminders>().QueueAsync(null, asOf, CancellationToken.None);
        }

        Assert.True(await QueueEveryUnitAsync() >= 2);
        Assert.Single(await MessagesOfAsync(inXianghe.Id), m => m.DedupeKey == CheckupKey(inXianghe.Id, NextQuarter));
        var zhongyuanMessage = Assert.Single(await MessagesOfAsync(inZhongyuan.Id), m => m.DedupeKey == CheckupKey(inZhongyuan.Id, NextQuarter));
        Assert.Equal(TestData.Zhongyuan, zhongyuanMessage.CommunityCode);
        Assert.Equal(0, await QueueEveryUnitAsync());
    }

    [Fact]
    public async Task The_sms_run_command_sends_what_is_queued_and_refuses_a_bad_unit()
    {
        var woman = await AddWomanAsync("短信戊", "13612345678");
        await QueueAsOfAsync(NextQuarter.AddDays(-2));
        Assert.Contains(await MessagesOfAsync(woman.Id), m => m.SentAt is null);

        var output = new StringWriter();
        Assert.Equal(2, await AdminCommands.Find(["sms", "run", "--org", "4101x"])!.RunAsync(app.Services, output, CancellationToken.None));
        Assert.StartsWith("usage: sms run", output.ToString(), StringComparison.Ordinal);
        Assert.Contains(await MessagesOfAsync(woman.Id), m => m.SentAt is null);

        output = new StringWriter();
        Assert.Equal(0, await AdminCommands.Find(["sms", "run", "--org", TestData.Xianghe])!.RunAsync(app.Services, output, CancellationToken.None));
        Assert.Matches(@"^queued \d+, sent [1-9]\d*, without phone \d+, refused 0$", output.ToString().Trim());
        Assert.All(await MessagesOfAsync(woman.Id), m => Assert.Equal("outbox", m.Sender));
        Assert.DoesNotContain("13612345678", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Notices_print_for_one_person_and_for_a_list_with_masked_ids_and_are_audited()
    {
        var first = await AddWomanAsync("通知甲", null);
        var second = await AddWomanAsync("通知乙", null);
        var xianghe = await app.SignedInAsync("xianghe");

        var one = await xianghe.GetAsync($"/Notices/Person/{first.Id}?item=WomensCheckup");
        Assert.Equal(HttpStatusCode.OK, one.StatusCode);
        var html = await one.Content.ReadAsStringAsync();
        Assert.Contains("通知甲", html, StringComparison.Ordinal);
        Assert.Contains(Masking.IdNumber(first.IdNumber), html, StringComparison.Ordinal);
        Assert.DoesNotContain(first.IdNumber, html, StringComparison.Ordinal);
        Assert.Contains("康检", html, StringComparison.Ordinal);
        Assert.Equal(1, Sheets().Count(html));

        var list = await xianghe.GetAsync($"/Notices?community={TestData.Xianghe}&kind=WomensCheckup&ids={first.Id},{second.Id}");
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        html = await list.Content.ReadAsStringAsync();
        Assert.Equal(2, Sheets().Count(html));
        foreach (var w in new[] { first, second })
        {
            Assert.Contains(w.Name, html, StringComparison.Ordinal);
            Assert.Contains(Masking.IdNumber(w.IdNumber), html, StringComparison.Ordinal);
            Assert.DoesNotContain(w.IdNumber, html, StringComparison.Ordinal);
        }
        var whole = await xianghe.GetStringAsync($"/Notices?community={TestData.Xianghe}&kind=WomensCheckup");
        Assert.Contains("通知甲", whole, StringComparison.Ordinal);
        Assert.Contains("通知乙", whole, StringComparison.Ordinal);

        await using var scope = app.Scope();
        var audit = await scope.ServiceProvider.GetRequiredService<EqualCareDb>().AuditEntries.AsNoTracking()
            .Where(a => a.Entity == "person" && a.Action == "view" && a.Detail == "notice printed kind=WomensCheckup")
            .Select(a => a.EntityId).ToListAsync();
        Assert.Equal(3, audit.Count(id => id == first.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(2, audit.Count(id => id == second.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task Notices_refuse_unknown_persons_other_scopes_and_bad_input_with_a_clear_message()
    {
        var woman = await AddWomanAsync("通知丙", null);
        var xianghe = await app.SignedInAsync("xianghe");
        var zhongyuan = await app.SignedInAsync("zhongyuan");

        Assert.Equal(HttpStatusCode.NotFound, (await xianghe.GetAsync("/Notices/Person/987654321")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await zhongyuan.GetAsync($"/Notices/Person/{woman.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await zhongyuan.GetAsync($"/Notices?community={TestData.Xianghe}&kind=WomensCheckup")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await zhongyuan.GetAsync($"/Notices?ids={woman.Id}")).StatusCode);

        foreach (var (url, message) in new[]
                 {
                     ($"/Notices?community={TestData.Xianghe}&kind=Nonsense", "服务项目不正确"),
                     ($"/Notices?community={TestData.Xianghe}&ids=1,abc", "人员编号应为"),
                     ("/Notices?community=12345", "单位代码应为"),
                     ($"/Notices/Person/{woman.Id}?item=AntenatalBooking", "该人员目前没有这项待办服务"),
                     ($"/Notices/Person/{woman.Id}?day=tomorrow", "日期应为"),
                 })
        {
            var response = await xianghe.GetAsync(url);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var html = await response.Content.ReadAsStringAsync();
            Assert.Contains(message, html, StringComparison.Ordinal);
            Assert.Equal(0, Sheets().Count(html));
        }
    }

    [GeneratedRegex("<article class=\"notice-sheet\"")]
    private static partial Regex Sheets();
}

[Collection(OnSqlite.Name)]
public sealed class NoticeAndSmsTestsOnSqlite(SqliteApp app) : NoticeAndSmsTests(app);

[Collection(OnPostgres.Name)]
public sealed class NoticeAndSmsTestsOnPostgres(PostgresApp app) : NoticeAndSmsTests(app);
