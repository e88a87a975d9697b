using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using EqualCare.IntegrationTests.Infrastructure;
using EqualCare.TestSupport;
using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using EqualCare.Web.Domain.Exchange;
using EqualCare.Web.Features.Exchange;
using EqualCare.Web.Features.Exchange.Federation;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace EqualCare.IntegrationTests.Exchange;

/// <summary>
/// Issue 16 acceptance 2: two real installations talking over real HTTP — 郑州 (prefix 4101, SQLite) as the residence
/// place and 开封 (prefix 4102, PostgreSQL) as the registration place — each the built app started as a process of its
/// own on its own port of 127.0.0.1 (two processes, two databases, two signing keys, the real clock). A 通报 of a new
/// arrival reaches the registration side's outflow list; a 协查 is answered by a 反馈 that travels back within the
/// deadline; a quarter's 回执 is recorded on the outflow side; with the receiver's process killed, messages wait and
/// retry, and after its restart each is applied once and in order; a tampered signature, a replay with another body, a
/// stale timestamp and an unknown sender are refused with nothing written but the audit row.
/// One test, both providers by design (one installation on each), so it has no …OnSqlite/…OnPostgres pair.
/// </summary>
public sealed class BetweenInstallationsTests : IAsyncLifetime
{
    const string ZhengzhouId = "henan-zhengzhou";
    const string KaifengId = "henan-kaifeng";
    const string Longting = "410202000000";      // 开封市龙亭区: the 户籍地 county of the persons below, served by 开封
    const string LongtingUser = "longting-fp";

    readonly string folder = Directory.CreateTempSubdirectory("equalcare-fed-").FullName;
    readonly TimeProvider clock = TimeProvider.System;
    readonly (string Private, string Public) zhengzhouKey = ExchangeSignature.NewKeyPair();
    readonly (string Private, string Public) kaifengKey = ExchangeSignature.NewKeyPair();
    readonly int zhengzhouPort = Installation.FreePort();
    readonly int kaifengPort = Installation.FreePort();
    string postgresDatabase = "";
    string kaifengConnection = "";
    Installation zhengzhou = null!;
    Installation? kaifeng;

    public async Task InitializeAsync()
    {
        postgresDatabase = "eqc_fed_" + Guid.NewGuid().ToString("N")[..12];
        await using (var admin = new NpgsqlConnection(PostgresServer.ConnectionString))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {postgresDatabase}", admin);
            await create.ExecuteNonQueryAsync();
        }
        kaifengConnection = new NpgsqlConnectionStringBuilder(PostgresServer.ConnectionString) { Database = postgresDatabase }.ConnectionString;
        zhengzhou = await new Installation(DatabaseProvider.Sqlite, $"Data Source={Path.Combine(folder, "zhengzhou.db")}", Path.Combine(folder, "zz"),
            zhengzhouPort, Settings(ZhengzhouId, "4101", zhengzhouKey.Private, KaifengId, "4102", kaifengPort, kaifengKey.Public)).StartAsync();
        kaifeng = await StartKaifengAsync();
    }

    Task<Installation> StartKaifengAsync() => new Installation(DatabaseProvider.Postgres, kaifengConnection, Path.Combine(folder, "kf"), kaifengPort,
        Settings(KaifengId, "4102", kaifengKey.Private, ZhengzhouId, "4101", zhengzhouPort, zhengzhouKey.Public)).StartAsync();

    static Dictionary<string, string> Settings(string id, string prefix, string privateKey, string partnerId, string partnerPrefix, int partnerPort,
        string partnerKey) => new()
    {
        ["EqualCare:Federation:InstallationId"] = id,
        ["EqualCare:Federation:Prefixes:0"] = prefix,
        ["EqualCare:Federation:PrivateKey"] = privateKey,
        ["EqualCare:Federation:PollMilliseconds"] = "100",
        ["EqualCare:Federation:RetryBaseMilliseconds"] = "300",
        ["EqualCare:Federation:RetryMaxSeconds"] = "2",
        ["EqualCare:Federation:Partners:0:InstallationId"] = partnerId,
        ["EqualCare:Federation:Partners:0:Name"] = partnerId,
        ["EqualCare:Federation:Partners:0:Prefixes:0"] = partnerPrefix,
        ["EqualCare:Federation:Partners:0:BaseAddress"] = $"http://127.0.0.1:{partnerPort}",
        ["EqualCare:Federation:Partners:0:PublicKey"] = partnerKey,
    };

    public async Task DisposeAsync()
    {
        await zhengzhou.DisposeAsync();
        if (kaifeng is not null) await kaifeng.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        await using (var admin = new NpgsqlConnection(PostgresServer.ConnectionString))
        {
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {postgresDatabase} WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // a temp folder left behind is harmless
        }
    }

    Installation Kaifeng => kaifeng ?? throw new InvalidOperationException("开封 is stopped");

    [Fact]
    public async Task Two_installations_exchange_notices_verifications_and_receipts_exactly_once_and_refuse_forgeries()
    {
        var xianghe = await SignInAsync(zhengzhou, "xianghe");
        await AddUserAsync(Kaifeng, LongtingUser, Roles.District, Longting);
        var longting = await SignInAsync(Kaifeng, LongtingUser);

        // 1. 流入通报: 祥和社区 (郑州) registers a woman whose 户籍地 is 龙亭区 (开封); the 通报 is written with the case and
        // delivered; 龙亭区 sees her on its outflow list (masked), and nothing but the 通报's fields travelled.
        var (personId, idNumber, name) = await RegisterAsync(xianghe);
        var notice = (await MessagesAsync(zhengzhou, idNumber)).Single();
        Assert.Equal((MessageKind.ArrivalNotice, Longting), (notice.Kind, notice.ReceiverCode));
        Assert.Equal(1, await zhengzhou.ReadAsync(db => db.Set<OutboxEntry>().CountAsync(o => o.MessageId == notice.MessageId)));
        await DeliveredAsync(notice.MessageId);
        var outflow = await longting.GetStringAsync("/Outflow");
        Assert.Contains(name, outflow, StringComparison.Ordinal);
        Assert.Contains(Masking.IdNumber(idNumber), outflow, StringComparison.Ordinal);
        Assert.DoesNotContain(idNumber, outflow, StringComparison.Ordinal);
        var received = (await MessagesAsync(Kaifeng, idNumber)).Single();
        Assert.Equal((notice.MessageId, notice.SenderCode, Longting), (received.MessageId, received.SenderCode, received.ReceiverCode));
        Assert.Null(received.SubjectPersonId);
        Assert.DoesNotContain("13912345678", received.Payload, StringComparison.Ordinal);
        Assert.DoesNotContain("某号", received.Payload, StringComparison.Ordinal);
        Assert.Contains(await AuditAsync(Kaifeng, notice.MessageId), a => a.Action == InboundHandler.Action && a.Outcome == AuditOutcome.Success
            && a.UserName == InboundHandler.PartnerUser(ZhengzhouId));
        Assert.Contains(await AuditAsync(zhengzhou, notice.MessageId), a => a.Action == OutboxDelivery.DeliverAction);

        // 2. 协查 → 反馈: 郑州 asks, 龙亭区 answers from its inbox, the 反馈 travels back and closes the request in time.
        var requestRow = await PostFormAsync(xianghe, $"/Exchange/Send?personId={personId}&kind=Verification", new()
        {
            ["Kind"] = "Verification", ["Topic"] = ((short)VerificationTopic.Marriage).ToString(CultureInfo.InvariantCulture), ["Question"] = "请核实婚姻状况",
        });
        var request = (await MessagesAsync(zhengzhou, idNumber)).Single(m => m.Id == requestRow);
        await DeliveredAsync(request.MessageId);
        var there = (await MessagesAsync(Kaifeng, idNumber)).Single(m => m.MessageId == request.MessageId);
        Assert.Equal(request.DueOn, there.DueOn);
        Assert.Contains($"data-message=\"{there.Id}\"", await longting.GetStringAsync("/Exchange?box=Inbox&filter=Open&kind=Verification"), StringComparison.Ordinal);
        await PostFormAsync(longting, $"/Exchange/{there.Id}?handler=Answer", new() { ["Result"] = nameof(AnswerResult.Confirmed), ["Note"] = "已核实：未婚" });
        var answer = (await MessagesAsync(Kaifeng, idNumber)).Single(m => m.InReplyTo == request.MessageId);
        await DeliveredAsync(answer.MessageId, from: Kaifeng);
        var closed = (await MessagesAsync(zhengzhou, idNumber)).Single(m => m.Id == requestRow);
        Assert.Equal(answer.MessageId, closed.AnswerMessageId);
        Assert.True(ExchangeRules.AnsweredOnTime(closed.DueOn, closed.AnsweredOn), "answered within the deadline");
        Assert.Contains("已核实：未婚", await xianghe.GetStringAsync($"/Exchange/{requestRow}"), StringComparison.Ordinal);

        // 3. A quarter's 回执 is recorded on the registration side as a report received for her.
        var receiptRow = await PostFormAsync(xianghe, $"/Exchange/Send?personId={personId}&kind=CheckupReceipt", new()
        {
            ["Kind"] = "CheckupReceipt", ["Quarter"] = "2026Q1", ["CheckedOn"] = "2026-03-12", ["Attended"] = "true", ["Pregnant"] = "false",
            ["IudNormal"] = "true", ["Contraception"] = "Iud",
        });
        var receipt = (await MessagesAsync(zhengzhou, idNumber)).Single(m => m.Id == receiptRow);
        await DeliveredAsync(receipt.MessageId);
        Assert.Empty(await zhengzhou.ReadAsync(db => db.Set<ReceivedReport>().Where(r => r.MessageId == receipt.MessageId).ToListAsync()));
        var report = await Kaifeng.ReadAsync(db => db.Set<ReceivedReport>().SingleAsync(r => r.MessageId == receipt.MessageId));
        Assert.Equal(("2026Q1", Longting, idNumber), (report.Period, report.ReceiverCode, report.SubjectIdNumber));
        Assert.Contains("2026Q1", await longting.GetStringAsync("/Exchange/Reports?idNumber=" + idNumber), StringComparison.Ordinal);

        // 4. 开封's process is killed. 郑州 writes three 回执 about her and a 通报 of a second woman; they wait and are retried.
        await Kaifeng.DisposeAsync();
        kaifeng = null;
        var waiting = new List<string>();
        foreach (var quarter in new[] { "2025Q2", "2025Q3", "2025Q4" })
        {
            var row = await PostFormAsync(xianghe, $"/Exchange/Send?personId={personId}&kind=CheckupReceipt", new()
            {
                ["Kind"] = "CheckupReceipt", ["Quarter"] = quarter, ["Attended"] = "true", ["Contraception"] = "Iud",
            });
            waiting.Add((await MessagesAsync(zhengzhou, idNumber)).Single(m => m.Id == row).MessageId);
        }
        var (_, secondId, _) = await RegisterAsync(xianghe);
        waiting.Add((await MessagesAsync(zhengzhou, secondId)).Single().MessageId);
        await WaitAsync(async () => await zhengzhou.ReadAsync(db => db.Set<OutboxEntry>().CountAsync(o => waiting.Contains(o.MessageId) && o.Attempts >= 2)) >= 2,
            "retries while 开封 is down");
        var pending = await zhengzhou.ReadAsync(db => db.Set<OutboxEntry>().Where(o => waiting.Contains(o.MessageId)).ToListAsync());
        Assert.All(pending, o => Assert.Equal(OutboxState.Pending, o.State));
        Assert.Contains(pending, o => o.LastError is { } e && e.StartsWith("unreachable", StringComparison.Ordinal));
        // One case is delivered in order: the later 回执 of the same woman are not tried before the first is delivered.
        var sameCase = pending.Where(o => o.CaseKey == idNumber).OrderBy(o => o.Id).ToList();
        Assert.True(sameCase[0].Attempts >= 2);
        Assert.All(sameCase.Skip(1), o => Assert.Equal(0, o.Attempts));
        // The operator page shows the retries, masked.
        var operatorPage = await (await SignInAsync(zhengzhou, "admin")).GetStringAsync("/Exchange/Federation");
        Assert.Contains("data-state=\"Pending\"", operatorPage, StringComparison.Ordinal);
        Assert.Contains(Masking.IdNumber(idNumber), operatorPage, StringComparison.Ordinal);
        Assert.DoesNotContain(idNumber, operatorPage, StringComparison.Ordinal);
        Assert.DoesNotContain(name, operatorPage, StringComparison.Ordinal);

        // 开封 restarts on the same database: every waiting message is applied once, the woman's 回执 in the order written.
        kaifeng = await StartKaifengAsync();
        foreach (var id in waiting) await DeliveredAsync(id);
        var inbox = await Kaifeng.ReadAsync(db => db.Set<InboxEntry>().Where(i => waiting.Contains(i.MessageId)).OrderBy(i => i.Id).ToListAsync());
        Assert.Equal(waiting.Count, inbox.Count);
        Assert.Equal(waiting.Take(3), inbox.Select(i => i.MessageId).Where(waiting.Take(3).Contains));
        Assert.Equal(4, await Kaifeng.ReadAsync(db => db.Set<ReceivedReport>().CountAsync(r => r.SubjectIdNumber == idNumber)));
        Assert.Equal(1, await Kaifeng.ReadAsync(db => db.Set<ExchangeMessage>().CountAsync(m => m.SubjectIdNumber == secondId)));

        // 5. Forgeries, against 开封's endpoint directly; each refused with a clear problem and nothing written but the audit row.
        var original = await zhengzhou.ReadAsync(db => db.Set<OutboxEntry>().SingleAsync(o => o.MessageId == notice.MessageId));
        var before = await CountsAsync();
        using var raw = new HttpClient { BaseAddress = new Uri(Kaifeng.BaseAddress) };

        // The same message again (a retry after a lost answer): the original success, nothing new.
        var replay = await SendAsync(raw, original.Body, notice.MessageId, ZhengzhouId, zhengzhouKey.Private);
        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.Equal("applied-before", (await replay.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        // A replay under the same id with another body, properly signed: refused.
        var altered = original.Body.Replace(name, "改" + name[1..], StringComparison.Ordinal);
        await RefusedAsync(await SendAsync(raw, altered, notice.MessageId, ZhengzhouId, zhengzhouKey.Private), HttpStatusCode.Conflict, "exchange.inbound.replayDiffers");
        // A captured request sent again later (its timestamp outside the window): refused.
        await RefusedAsync(await SendAsync(raw, original.Body, notice.MessageId, ZhengzhouId, zhengzhouKey.Private, ageSeconds: 600),
            HttpStatusCode.Forbidden, "exchange.inbound.stale");
        // A new message with a tampered body under a valid signature of the original: refused.
        var fresh = original.Body.Replace(notice.MessageId, Guid.CreateVersion7().ToString(), StringComparison.Ordinal);
        var freshId = JsonDocument.Parse(fresh).RootElement.GetProperty("messageId").GetString()!;
        await RefusedAsync(await SendAsync(raw, fresh, freshId, ZhengzhouId, zhengzhouKey.Private, tamper: b => b.Replace(name, "假" + name[1..], StringComparison.Ordinal)),
            HttpStatusCode.Forbidden, "exchange.inbound.badSignature");
        // An installation not in the directory, signing with its own key: refused.
        await RefusedAsync(await SendAsync(raw, fresh, freshId, "hubei-wuhan", ExchangeSignature.NewKeyPair().PrivatePem),
            HttpStatusCode.Forbidden, "exchange.inbound.unknownSender");
        // A partner speaking for an office outside its own prefixes: refused.
        var outside = fresh.Replace(notice.SenderCode, "420102001001", StringComparison.Ordinal);
        await RefusedAsync(await SendAsync(raw, outside, freshId, ZhengzhouId, zhengzhouKey.Private), HttpStatusCode.BadRequest, "exchange.inbound.outsideArea");
        Assert.Equal(before, await CountsAsync());
        var refusals = await Kaifeng.ReadAsync(db => db.AuditEntries.Where(a => a.Action == InboundHandler.Action && a.Outcome == AuditOutcome.Refused).ToListAsync());
        Assert.Equal(5, refusals.Count);
        Assert.All(refusals, a => Assert.DoesNotContain(idNumber, a.Detail ?? "", StringComparison.Ordinal));
        // The properly signed fresh message is accepted: the refusals were about what was wrong, not the message.
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(raw, fresh, freshId, ZhengzhouId, zhengzhouKey.Private)).StatusCode);
    }

    async Task<(int Messages, int Inbox, int Reports)> CountsAsync() => await Kaifeng.ReadAsync(async db =>
        (await db.Set<ExchangeMessage>().CountAsync(), await db.Set<InboxEntry>().CountAsync(), await db.Set<ReceivedReport>().CountAsync()));

    static async Task RefusedAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        Assert.Equal(status, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(code, problem.GetProperty("code").GetString());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()));
    }

    Task<HttpResponseMessage> SendAsync(HttpClient client, string body, string messageId, string sender, string privateKey, int ageSeconds = 0,
        Func<string, string>? tamper = null)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var timestamp = clock.GetUtcNow().ToUnixTimeSeconds() - ageSeconds;
        using var key = ECDsa.Create();
        key.ImportFromPem(privateKey);
        var signature = ExchangeSignature.Sign(key, messageId, sender, timestamp, bytes);
        var request = new HttpRequestMessage(HttpMethod.Post, ExchangeSignature.Path)
        {
            Content = new ByteArrayContent(Encoding.UTF8.GetBytes(tamper is null ? body : tamper(body))),
        };
        request.Headers.Add(ExchangeSignature.MessageIdHeader, messageId);
        request.Headers.Add(ExchangeSignature.SenderHeader, sender);
        request.Headers.Add(ExchangeSignature.TimestampHeader, timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add(ExchangeSignature.SignatureHeader, signature);
        return client.SendAsync(request);
    }

    async Task DeliveredAsync(string messageId, Installation? from = null)
    {
        var sender = from ?? zhengzhou;
        await WaitAsync(async () => await sender.ReadAsync(db => db.Set<OutboxEntry>().AnyAsync(o => o.MessageId == messageId && o.State == OutboxState.Delivered)),
            "delivery of " + messageId);
    }

    static async Task WaitAsync(Func<Task<bool>> done, string what)
    {
        var watch = Stopwatch.StartNew();
        while (!await done())
        {
            if (watch.Elapsed > TimeSpan.FromSeconds(20)) throw new TimeoutException("waited 20 s for " + what);
            await Task.Delay(50);
        }
    }

    static async Task<List<ExchangeMessage>> MessagesAsync(Installation app, string idNumber) =>
        await app.ReadAsync(db => db.Set<ExchangeMessage>().AsNoTracking().Where(m => m.SubjectIdNumber == idNumber).OrderBy(m => m.Id).ToListAsync());

    static async Task<List<AuditEntry>> AuditAsync(Installation app, string entityId) =>
        await app.ReadAsync(db => db.AuditEntries.AsNoTracking().Where(a => a.EntityId == entityId).ToListAsync());

    static string NewIdNumber()
    {
        // GB 11643 with area 410202 (龙亭区): every woman here has 开封's 龙亭区 as her 户籍地.
        var first17 = "410202" + "19920304" + (TestData.NextSerial() % 500 * 2).ToString("D3", CultureInfo.InvariantCulture);
        return first17 + IdNumberChecksum.CheckCharacter(first17);
    }

    static async Task<(long PersonId, string IdNumber, string Name)> RegisterAsync(HttpClient xianghe)
    {
        var id = NewIdNumber();
        var name = "迁" + Guid.NewGuid().ToString("N")[..4];
        var response = await xianghe.PostAsJsonAsync("/api/persons", new
        {
            name, idNumber = id, sex = 2, communityCode = TestData.Xianghe, arrivalDate = "2026-04-01", maritalStatus = 10,
            phone = "13912345678", hukouCountyCode = "410202", hukouAddress = "龙亭区某街道某号",
        });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return ((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64(), id, name);
    }

    static async Task<long> PostFormAsync(HttpClient client, string url, Dictionary<string, string> form)
    {
        var response = await client.PostAsync(url, new FormUrlEncodedContent(form));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.OriginalString;
        return long.Parse(location["/Exchange/".Length..location.IndexOf('?', StringComparison.Ordinal)], CultureInfo.InvariantCulture);
    }

    static async Task<HttpClient> SignInAsync(Installation app, string userName)
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() })
        {
            BaseAddress = new Uri(app.BaseAddress),
        };
        var login = await client.PostLoginAsync(userName, TestData.DemoPassword);
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        var home = await client.GetStringAsync("/");
        var token = System.Text.RegularExpressions.Regex.Match(home, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"");
        if (token.Success) client.DefaultRequestHeaders.Add(Browserless.TokenHeader, token.Groups[1].Value);
        return client;
    }

    async Task AddUserAsync(Installation app, string userName, string role, string org)
    {
        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<EqualCareDb>();
        var user = new User
        {
            UserName = userName, DisplayName = userName, Role = role, OrgCode = org, PasswordHash = "",
            SecurityStamp = Guid.NewGuid().ToString("N"), CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        // The hasher the app registers (PasswordHasher with its default options), as the app would hash it.
        user.PasswordHash = new PasswordHasher<User>().HashPassword(user, TestData.DemoPassword);
        db.Users.Add(user);
        await db.SaveChangesAsync();
    }
}
