using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EqualCare.IntegrationTests.Infrastructure;
using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using EqualCare.Web.Domain.Exchange;
using EqualCare.Web.Features.Exchange;
using EqualCare.Web.Web;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace EqualCare.IntegrationTests.Exchange;

/// <summary>
/// Messages between the residence place (祥和社区, 二七区) and the registration place (金水区, the 户籍地 county of the
/// persons these tests register), inside one installation: the 通报 written with the registration, a 协查 answered in time
/// and one overdue on both sides, a 回执 recorded on the registration side, scope, and the audit of every write.
/// </summary>
public abstract class ExchangeTests(AppFixture app)
{
    const string Jinshui = "410105000000";      // 金水区: the registration place of the persons below
    const string JinshuiUser = "jinshui-fp";    // its county office (a district role bound to the county)

    static string NewIdNumber()
    {
        // GB 11643 with area 410105 (金水区) and a birth date no other test uses, so every case here has 金水区 as its 户籍地.
        var first17 = "410105" + "19910203" + (TestData.NextSerial() % 500 * 2).ToString("D3", CultureInfo.InvariantCulture);
        return first17 + IdNumberChecksum.CheckCharacter(first17);
    }

    static async Task<(long PersonId, string IdNumber, string Name)> RegisterAsync(HttpClient xianghe, string? hukou = null)
    {
        var id = NewIdNumber();
        var name = "流" + Guid.NewGuid().ToString("N")[..4];
        var response = await xianghe.PostAsJsonAsync("/api/persons", new
        {
            name, idNumber = id, sex = 2, communityCode = TestData.Xianghe, arrivalDate = "2026-04-01", maritalStatus = 10,
            phone = "13912345678", hukouCountyCode = hukou, hukouAddress = "金水区某街道某号",
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return ((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64(), id, name);
    }

    async Task<HttpClient> RegistrationOfficeAsync()
    {
        await using (var scope = app.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<EqualCareDb>();
            if (!await db.Users.AnyAsync(u => u.UserName == JinshuiUser))
            {
                var user = new User
                {
                    UserName = JinshuiUser, DisplayName = "金水区计生办", Role = Roles.District, OrgCode = Jinshui, PasswordHash = "",
                    SecurityStamp = Guid.NewGuid().ToString("N"), CreatedAt = app.Clock.GetUtcNow().UtcDateTime,
                };
                user.PasswordHash = scope.ServiceProvider.GetRequiredService<IPasswordHasher<User>>().HashPassword(user, TestData.DemoPassword);
                db.Users.Add(user);
                await db.SaveChangesAsync();
            }
        }
        return await app.SignedInAsync(JinshuiUser);
    }

    async Task<List<ExchangeMessage>> MessagesAboutAsync(string idNumber)
    {
        await using var scope = app.Scope();
        return await scope.ServiceProvider.GetRequiredService<EqualCareDb>().Set<ExchangeMessage>().AsNoTracking()
            .Where(m => m.SubjectIdNumber == idNumber).OrderBy(m => m.Id).ToListAsync();
    }

    async Task<List<AuditEntry>> AuditOfAsync(string entityId)
    {
        await using var scope = app.Scope();
        return await scope.ServiceProvider.GetRequiredService<EqualCareDb>().AuditEntries.AsNoTracking()
            .Where(a => a.EntityId == entityId).OrderBy(a => a.Id).ToListAsync();
    }

    static async Task<long> PostFormAsync(HttpClient client, string url, Dictionary<string, string> form)
    {
        var response = await client.PostAsync(url, new FormUrlEncodedContent(form));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.OriginalString;
        Assert.StartsWith("/Exchange/", location, StringComparison.Ordinal);
        return long.Parse(location["/Exchange/".Length..location.IndexOf('?', StringComparison.Ordinal)], CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task A_registration_writes_its_arrival_notice_to_the_registration_county_with_only_the_fields_it_needs()
    {
        var xianghe = await app.SignedInAsync("xianghe");
        var (personId, idNumber, name) = await RegisterAsync(xianghe);

        var notice = Assert.Single(await MessagesAboutAsync(idNumber));
        Assert.Equal(MessageKind.ArrivalNotice, notice.Kind);
        Assert.Equal(TestData.Xianghe, notice.SenderCode);
        Assert.Equal(Jinshui, notice.ReceiverCode);
        Assert.Equal(personId, notice.SubjectPersonId);
        Assert.Null(notice.DueOn);
        Assert.Equal("xianghe", notice.CreatedBy);
        // Minimum necessary: who she is, where and since when she lives here; not her phone, address or health.
        var payload = ExchangePayload.FromJson(notice.Payload);
        Assert.Equal(name, payload.Name);
        Assert.Equal(idNumber, payload.IdNumber);
        Assert.StartsWith("祥和社区", payload.ResidencePlace, StringComparison.Ordinal);
        Assert.Equal(new DateOnly(2026, 4, 1), payload.ArrivalDate);
        Assert.DoesNotContain("13912345678", notice.Payload, StringComparison.Ordinal);
        Assert.DoesNotContain("某号", notice.Payload, StringComparison.Ordinal);
        Assert.DoesNotContain("phone", notice.Payload, StringComparison.OrdinalIgnoreCase);
        // The case and its 通报 were written in one transaction: one commit time for both, and the send audited.
        var send = Assert.Single(await AuditOfAsync(notice.MessageId));
        Assert.Equal((ExchangeService.Actions.Send, "xianghe", AuditOutcome.Success), (send.Action, send.UserName, send.Outcome));

        // The registration county sees it in its inbox, masked; opening it marks it read, audited.
        var jinshui = await RegistrationOfficeAsync();
        var inbox = await jinshui.GetStringAsync("/Exchange?box=Inbox&filter=Open&kind=ArrivalNotice");
        Assert.Contains($"data-message=\"{notice.Id}\"", inbox, StringComparison.Ordinal);
        Assert.Contains(Masking.IdNumber(idNumber), inbox, StringComparison.Ordinal);
        Assert.DoesNotContain(idNumber, inbox, StringComparison.Ordinal);
        Assert.Contains(name, await jinshui.GetStringAsync($"/Exchange/{notice.Id}"), StringComparison.Ordinal);
        var read = (await MessagesAboutAsync(idNumber)).Single();
        Assert.Equal(JinshuiUser, read.ReadBy);
        Assert.Contains(await AuditOfAsync(notice.MessageId), a => a.Action == ExchangeService.Actions.Read && a.UserName == JinshuiUser);
        // The sender opening its own message does not mark it read for the other side.
        await xianghe.GetStringAsync($"/Exchange/{notice.Id}");
        Assert.Equal(JinshuiUser, (await MessagesAboutAsync(idNumber)).Single().ReadBy);
    }

    [Fact]
    public async Task No_notice_is_written_when_the_registration_place_is_the_residence_county_or_outside_the_installation()
    {
        var xianghe = await app.SignedInAsync("xianghe");
        var (_, sameCounty, _) = await RegisterAsync(xianghe, hukou: "410103");   // 二七区 holds 祥和社区 itself
        var (_, elsewhere, _) = await RegisterAsync(xianghe, hukou: "330102");    // 杭州市上城区: not served here
        Assert.Empty(await MessagesAboutAsync(sameCounty));
        Assert.Empty(await MessagesAboutAsync(elsewhere));
    }

    [Fact]
    public async Task A_verification_request_answered_within_its_deadline_counts_as_answered_on_time()
    {
        var xianghe = await app.SignedInAsync("xianghe");
        var (personId, idNumber, _) = await RegisterAsync(xianghe);
        Assert.Contains("send-form", await xianghe.GetStringAsync($"/Exchange/Send?personId={personId}&kind=Verification"), StringComparison.Ordinal);
        var requestId = await PostFormAsync(xianghe, $"/Exchange/Send?personId={personId}&kind=Verification", new()
        {
            ["Kind"] = "Verification", ["Topic"] = ((short)VerificationTopic.Marriage).ToString(CultureInfo.InvariantCulture),
            ["Question"] = "请核实婚姻状况",
        });
        var request = (await MessagesAboutAsync(idNumber)).Single(m => m.Id == requestId);
        Assert.Equal(MessageKind.Verification, request.Kind);
        Assert.Equal(Jinshui, request.ReceiverCode);
        Assert.False(request.Urgent);
        Assert.Equal(app.Clock.Today().AddDays(30), request.DueOn);

        // The sender cannot answer its own request; the registration county answers, ten days later.
        Assert.DoesNotContain("answer-form", await xianghe.GetStringAsync($"/Exchange/{requestId}"), StringComparison.Ordinal);
        var jinshui = await RegistrationOfficeAsync();
        Assert.Contains("answer-form", await jinshui.GetStringAsync($"/Exchange/{requestId}"), StringComparison.Ordinal);
        using (app.Clock.At(app.Clock.GetUtcNow().AddDays(10)))
        {
            var later = await RegistrationOfficeAsync(); // a session of that day (an idle one would have ended)
            // The answer is shown on the request's page.
            Assert.Equal(requestId, await PostFormAsync(later, $"/Exchange/{requestId}?handler=Answer", new()
            {
                ["Result"] = nameof(AnswerResult.Confirmed), ["Note"] = "已核实：未婚",
            }));
        }

        var rows = await MessagesAboutAsync(idNumber);
        var answered = rows.Single(m => m.Id == requestId);
        var answer = rows.Single(m => m.InReplyTo == request.MessageId);
        Assert.Equal(MessageKind.VerificationAnswer, answer.Kind);
        Assert.Equal(request.MessageId, answer.InReplyTo);
        Assert.Equal((Jinshui, TestData.Xianghe), (answer.SenderCode, answer.ReceiverCode));
        Assert.Equal(answer.MessageId, answered.AnswerMessageId);
        Assert.True(ExchangeRules.AnsweredOnTime(answered.DueOn, answered.AnsweredOn));
        Assert.Equal(request.Payload, answered.Payload); // the request's content never changes
        Assert.Contains(await AuditOfAsync(answer.MessageId), a => a.Action == ExchangeService.Actions.Answer && a.UserName == JinshuiUser);

        // A second answer is refused and writes nothing.
        var again = await jinshui.PostAsync($"/Exchange/{requestId}?handler=Answer", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Result"] = nameof(AnswerResult.Differs), ["Note"] = "再次反馈",
        }));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(rows.Count, (await MessagesAboutAsync(idNumber)).Count);

        // Both sides see it answered; the county's rates count it due, answered and on time, and drill down to it.
        Assert.Contains("data-state=\"Answered\"", await xianghe.GetStringAsync($"/Exchange/{requestId}"), StringComparison.Ordinal);
        var due = answered.DueOn!.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var rates = await jinshui.GetStringAsync($"/Exchange/Rates?from={due}&to={due}");
        Assert.Contains("<td class=\"num feedback\">100.0%</td>", rates, StringComparison.Ordinal);
        Assert.Contains("<td class=\"num timely\">100.0%</td>", rates, StringComparison.Ordinal);
        var drill = await jinshui.GetStringAsync($"/Exchange?box=Inbox&filter=OnTime&kind=Verification&unit={Jinshui}&dueFrom={due}&dueTo={due}");
        Assert.Contains($"data-message=\"{requestId}\"", drill, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unanswered_request_past_its_deadline_is_flagged_overdue_on_both_sides_and_lowers_the_feedback_rate()
    {
        var xianghe = await app.SignedInAsync("xianghe");
        var (personId, idNumber, _) = await RegisterAsync(xianghe);
        long requestId;
        // Sent on 1 March, marked urgent (a woman pregnant now): due within 15 days, on 16 March; today is 15 May.
        using (app.Clock.At(new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.FromHours(8))))
            requestId = await PostFormAsync(xianghe, $"/Exchange/Send?personId={personId}&kind=Verification", new()
            {
                ["Kind"] = "Verification", ["Topic"] = ((short)VerificationTopic.Contraception).ToString(CultureInfo.InvariantCulture),
                ["Urgent"] = "true",
            });
        var request = (await MessagesAboutAsync(idNumber)).Single(m => m.Id == requestId);
        Assert.True(request.Urgent);
        Assert.Equal(new DateOnly(2026, 3, 16), request.DueOn);

        var jinshui = await RegistrationOfficeAsync();
        foreach (var (client, box) in new[] { (xianghe, "Outbox"), (jinshui, "Inbox") })
        {
            var list = await client.GetStringAsync($"/Exchange?box={box}&filter=Overdue");
            Assert.Contains($"data-message=\"{requestId}\" data-state=\"Overdue\"", list, StringComparison.Ordinal);
        }
        await using (var scope = app.Scope())
        {
            var queries = scope.ServiceProvider.GetRequiredService<ExchangeQueries>();
            var asker = await queries.CountsAsync(new CurrentUser(0, "xianghe", Roles.Community, OrgCode.Parse(TestData.Xianghe)), default);
            var answerer = await queries.CountsAsync(new CurrentUser(0, JinshuiUser, Roles.District, OrgCode.Parse(Jinshui)), default);
            Assert.True(asker.OutboxOverdue >= 1);
            Assert.True(answerer.InboxOverdue >= 1);

            var rates = await scope.ServiceProvider.GetRequiredService<ExchangeIndicators>().TableAsync(
                new CurrentUser(0, JinshuiUser, Roles.District, OrgCode.Parse(Jinshui)), null, RateSide.Answering,
                new DateOnly(2026, 3, 16), new DateOnly(2026, 3, 16), default);
            Assert.Equal((1, 0, 0), (rates.Value.Total.Due, rates.Value.Total.Answered, rates.Value.Total.OnTime));
            Assert.Equal(0.0, rates.Value.Total.FeedbackRate);
            Assert.Null(rates.Value.Total.TimelyRate);
        }

        // Answered late: no longer overdue, counted answered but not on time.
        await PostFormAsync(jinshui, $"/Exchange/{requestId}?handler=Answer", new() { ["Result"] = nameof(AnswerResult.Confirmed) });
        var late = (await MessagesAboutAsync(idNumber)).Single(m => m.Id == requestId);
        Assert.False(ExchangeRules.AnsweredOnTime(late.DueOn, late.AnsweredOn));
        Assert.DoesNotContain($"data-message=\"{requestId}\"", await xianghe.GetStringAsync("/Exchange?box=Outbox&filter=Overdue"), StringComparison.Ordinal);
        Assert.Contains($"data-message=\"{requestId}\"", await jinshui.GetStringAsync(
            $"/Exchange?box=Inbox&filter=Late&kind=Verification&dueFrom=2026-03-16&dueTo=2026-03-16"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_quarter_s_checkup_receipt_is_recorded_as_a_report_the_registration_side_reads()
    {
        var xianghe = await app.SignedInAsync("xianghe");
        var (personId, idNumber, name) = await RegisterAsync(xianghe);
        var receiptId = await PostFormAsync(xianghe, $"/Exchange/Send?personId={personId}&kind=CheckupReceipt", new()
        {
            ["Kind"] = "CheckupReceipt", ["Quarter"] = "2026Q1", ["CheckedOn"] = "2026-03-12", ["Attended"] = "true",
            ["Pregnant"] = "false", ["IudNormal"] = "true", ["Contraception"] = "Iud",
        });
        var receipt = (await MessagesAboutAsync(idNumber)).Single(m => m.Id == receiptId);
        Assert.Equal(MessageKind.CheckupReceipt, receipt.Kind);

        await using (var scope = app.Scope())
        {
            var report = await scope.ServiceProvider.GetRequiredService<EqualCareDb>().Set<ReceivedReport>().AsNoTracking()
                .SingleAsync(r => r.MessageId == receipt.MessageId);
            Assert.Equal((Jinshui, TestData.Xianghe, idNumber, name, "2026Q1"),
                (report.ReceiverCode, report.SenderCode, report.SubjectIdNumber, report.SubjectName, report.Period));
        }
        Assert.Contains(await AuditOfAsync(receipt.MessageId), a => a.Action == ExchangeService.Actions.Receive);

        var jinshui = await RegistrationOfficeAsync();
        var reports = await jinshui.GetStringAsync($"/Exchange/Reports?idNumber={idNumber}");
        Assert.Contains(name, reports, StringComparison.Ordinal);
        Assert.Contains("2026Q1", reports, StringComparison.Ordinal);
        Assert.Contains("2026-03-12", reports, StringComparison.Ordinal);
        var table = reports[reports.IndexOf("id=\"reports\"", StringComparison.Ordinal)..];
        Assert.Contains(Masking.IdNumber(idNumber), table, StringComparison.Ordinal);
        Assert.DoesNotContain(idNumber, table, StringComparison.Ordinal); // masked in the list (the search box keeps what was typed)
        // The residence side sent it; it is not a report it received.
        Assert.DoesNotContain(name, await xianghe.GetStringAsync($"/Exchange/Reports?idNumber={idNumber}"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_message_outside_the_user_s_scope_is_never_visible()
    {
        var xianghe = await app.SignedInAsync("xianghe");
        var (_, idNumber, name) = await RegisterAsync(xianghe);
        var notice = (await MessagesAboutAsync(idNumber)).Single();

        // 中原社区 (the next community), 东风路街道 (a street inside 金水区, not its county office): neither end is theirs.
        foreach (var user in new[] { "zhongyuan", "dongfenglu" })
        {
            var client = await app.SignedInAsync(user);
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/Exchange/{notice.Id}")).StatusCode);
            foreach (var box in new[] { "Inbox", "Outbox" })
            {
                var list = await client.GetStringAsync($"/Exchange?box={box}&filter=All");
                Assert.DoesNotContain($"data-message=\"{notice.Id}\"", list, StringComparison.Ordinal);
                Assert.DoesNotContain(name, list, StringComparison.Ordinal);
            }
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/Exchange?unit={Jinshui}")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync($"/Exchange/{notice.Id}?handler=Answer",
                new FormUrlEncodedContent(new Dictionary<string, string> { ["Result"] = "Confirmed" }))).StatusCode);
        }
        Assert.Contains(await AuditOfAsync(notice.Id.ToString(CultureInfo.InvariantCulture)),
            a => a.Action == "view" && a.UserName == "dongfenglu" && a.Outcome == AuditOutcome.Refused);
        // The system administrator reads no person data, messages included.
        var admin = await app.SignedInAsync("admin");
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/Exchange/{notice.Id}")).StatusCode);
        Assert.Null((await MessagesAboutAsync(idNumber)).Single().ReadAt);
    }

    [Fact]
    public async Task Messages_and_received_reports_are_append_only()
    {
        var xianghe = await app.SignedInAsync("xianghe");
        var (personId, idNumber, _) = await RegisterAsync(xianghe);
        await PostFormAsync(xianghe, $"/Exchange/Send?personId={personId}&kind=CheckupReceipt", new()
        {
            ["Kind"] = "CheckupReceipt", ["Quarter"] = "2026Q2", ["Attended"] = "true",
        });
        var notice = (await MessagesAboutAsync(idNumber)).First();
        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<EqualCareDb>();
        await Assert.ThrowsAnyAsync<Exception>(() => db.Database.ExecuteSqlRawAsync(
            "UPDATE exchange_messages SET payload = '{}' WHERE id = {0}", notice.Id));
        await Assert.ThrowsAnyAsync<Exception>(() => db.Database.ExecuteSqlRawAsync(
            "DELETE FROM exchange_messages WHERE id = {0}", notice.Id));
        await Assert.ThrowsAnyAsync<Exception>(() => db.Database.ExecuteSqlRawAsync(
            "UPDATE received_reports SET period = '2020Q1' WHERE subject_id_number = {0}", idNumber));
        await Assert.ThrowsAnyAsync<Exception>(() => db.Database.ExecuteSqlRawAsync(
            "DELETE FROM received_reports WHERE subject_id_number = {0}", idNumber));
        Assert.Equal(notice.Payload, (await MessagesAboutAsync(idNumber)).First().Payload);
    }
}

[Collection(OnSqlite.Name)]
public sealed class ExchangeTestsOnSqlite(SqliteApp app) : ExchangeTests(app);

[Collection(OnPostgres.Name)]
public sealed class ExchangeTestsOnPostgres(PostgresApp app) : ExchangeTests(app);
