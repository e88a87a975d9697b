using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EqualCare.IntegrationTests.Infrastructure;
using EqualCare.IntegrationTests.Services;
using EqualCare.TestSupport;
using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using EqualCare.Web.Domain.Cases;
using EqualCare.Web.Domain.Services;
using EqualCare.Web.Features.Identity;
using EqualCare.Web.Features.Movements;
using EqualCare.Web.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace EqualCare.IntegrationTests.Movements;

/// <summary>
/// Issue 16 point 1: a community asks any community of the installation (here: another district) for a person's case;
/// the holder accepts (the case, its services and its to-do items follow her, the history records the move) or declines
/// with a reason, by the request's due day; after it the holder's street decides. One open request per person.
/// </summary>
public abstract class MoveRequestTests(AppFixture app)
{
    const string Password = "MoveRequest2026a";

    /// <summary>管城区 南关街街道 (the holders) and 二七区 五里堡街道 (the askers): different streets and districts; no other test uses them.</summary>
    const string HolderStreet = "410104003000";
    const string Holder1 = "410104003001", Holder2 = "410104003002", Holder3 = "410104003003", Holder4 = "410104003004";
    const string Asker1 = "410103006002", Asker2 = "410103006004", Asker3 = "410103006005", Asker4 = "410103006006";
    const string AskerStreet = "410103006000";

    DateOnly Today => app.Services.GetRequiredService<TimeProvider>().Today();

    async Task<HttpClient> UserOfAsync(string org, string role = Roles.Community)
    {
        var userName = "mr" + org[^9..];
        await using (var scope = app.Scope())
        {
            var created = await scope.ServiceProvider.GetRequiredService<UserAccounts>().CreateAsync(
                new NewUser(userName, "迁入测试", role, org, Password), "test", CancellationToken.None, mustChangePassword: false);
            Assert.True(created.IsSuccess || created.Error?.Kind == ErrorKind.Conflict);
        }
        return await app.SignedInAsync(userName, Password);
    }

    async Task<Person> RegisteredAsync(string community, string name)
    {
        var person = await app.AddPersonAsync(community, name);
        await using var scope = app.Scope();
        await scope.ServiceProvider.GetRequiredService<MovementHandler>().RecordArrivalAsync(person, "test", CancellationToken.None);
        return person;
    }

    static string UniqueName(string prefix) => prefix + Random.Shared.Next(100_000, 999_999).ToString(CultureInfo.InvariantCulture);

    static async Task<HttpResponseMessage> PostAsync(HttpClient client, string path, Dictionary<string, string> fields)
    {
        fields["__RequestVerificationToken"] = await Browserless.AntiforgeryTokenAsync(client, "/Movements/Requests");
        return await client.PostAsync(path, new FormUrlEncodedContent(fields));
    }

    static Task<HttpResponseMessage> AskAsync(HttpClient client, Person person) =>
        PostAsync(client, "/Movements/Requests/Create", new() { ["idNumber"] = person.IdNumber });

    static Task<HttpResponseMessage> DecideAsync(HttpClient client, string what, long id, string? reason = null)
    {
        var fields = new Dictionary<string, string> { ["id"] = id.ToString(CultureInfo.InvariantCulture) };
        if (reason is not null) fields["reason"] = reason;
        return PostAsync(client, "/Movements/Requests/" + what, fields);
    }

    async Task<MoveRequest> RequestOfAsync(long personId)
    {
        await using var scope = app.Scope();
        return await scope.ServiceProvider.GetRequiredService<EqualCareDb>().MoveRequests.AsNoTracking()
            .Where(r => r.PersonId == personId).OrderByDescending(r => r.Id).FirstAsync();
    }

    static async Task<string> WorklistAsync(HttpClient client, string unit)
    {
        var response = await client.GetAsync("/api/worklist/persons?org=" + unit);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    [Fact]
    public async Task A_move_between_communities_of_two_districts_is_requested_and_accepted_and_the_case_its_history_and_its_to_do_list_follow()
    {
        var holder = await UserOfAsync(Holder1);
        var asker = await UserOfAsync(Asker1);
        var name = UniqueName("跨区");
        var person = await RegisteredAsync(Holder1, name);
        await using (var scope = app.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<EqualCareDb>();
            db.ServiceRecords.Add(new ServiceRecord
            {
                PersonId = person.Id, CommunityCode = Holder1, Kind = ServiceKind.WomensCheckup, ServiceDate = Today.AddMonths(-4),
                RecordedAt = DateTime.SpecifyKind(new DateTime(2026, 1, 20), DateTimeKind.Utc), RecordedBy = "test",
                Result = CheckOutcome.Normal, ReportSentToHukou = true,
            });
            await db.SaveChangesAsync();
        }
        Assert.Contains(name, await WorklistAsync(holder, Holder1));
        Assert.DoesNotContain(name, await WorklistAsync(asker, Asker1));

        // Registration of the same number in the other district: offered the request; the holder is not named yet.
        var register = new Dictionary<string, string>
        {
            ["Form.Name"] = name, ["Form.IdNumber"] = person.IdNumber, ["Form.Sex"] = "2",
            ["Form.BirthDate"] = person.BirthDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), ["Form.HukouCountyCode"] = person.HukouCountyCode,
            ["Form.CommunityCode"] = Asker1, ["Form.ArrivalDate"] = "2026-04-01", ["Form.MaritalStatus"] = "10",
        };
        register["__RequestVerificationToken"] = await Browserless.AntiforgeryTokenAsync(asker, "/Persons/Register");
        var refused = await (await asker.PostAsync("/Persons/Register", new FormUrlEncodedContent(register))).Content.ReadAsStringAsync();
        Assert.Contains("该身份证号码已在其他辖区登记", refused, StringComparison.Ordinal);
        Assert.Contains("id=\"move-request\"", refused, StringComparison.Ordinal);
        Assert.Contains($"name=\"idNumber\" value=\"{person.IdNumber}\"", refused, StringComparison.Ordinal);
        Assert.DoesNotContain("印刷厂街", refused, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Redirect, (await AskAsync(asker, person)).StatusCode);
        var request = await RequestOfAsync(person.Id);
        Assert.Equal((MoveRequestState.Pending, Holder1, Asker1), (request.State, request.FromCommunityCode, request.ToCommunityCode));
        Assert.Equal(Today.AddDays(MoveRequestRules.DefaultDecideWithinDays), request.DueOn);

        // Both communities see it with its state and deadline; only the holder sees the name.
        var due = "处理期限 " + request.DueOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var askerPage = await asker.GetStringAsync("/Movements/Requests");
        Assert.Contains(Masking.IdNumber(person.IdNumber), askerPage, StringComparison.Ordinal);
        Assert.Contains(due, askerPage, StringComparison.Ordinal);
        Assert.DoesNotContain(name, askerPage, StringComparison.Ordinal);
        var holderPage = await holder.GetStringAsync("/Movements/Requests");
        Assert.Contains(name, holderPage, StringComparison.Ordinal);
        Assert.Contains(due, holderPage, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Redirect, (await DecideAsync(holder, "Accept", request.Id)).StatusCode);

        await using (var scope = app.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<EqualCareDb>();
            Assert.Equal(Asker1, (await db.Persons.AsNoTracking().SingleAsync(p => p.Id == person.Id)).CommunityCode);
            var decided = await db.MoveRequests.AsNoTracking().SingleAsync(r => r.Id == request.Id);
            Assert.Equal((MoveRequestState.Accepted, Holder1), (decided.State, decided.DecidedByOrg));
            var movement = await db.Movements.AsNoTracking().SingleAsync(m => m.Id == decided.MovementId);
            Assert.Equal((MovementKind.MoveWithinArea, Holder1, Asker1), (movement.Kind, movement.FromCommunityCode, movement.ToCommunityCode));
            var entityId = request.Id.ToString(CultureInfo.InvariantCulture);
            var audits = await db.AuditEntries.AsNoTracking().Where(a => a.Entity == "move_request" && a.EntityId == entityId).ToListAsync();
            Assert.Contains(audits, a => a.Action == "create");
            Assert.Contains(audits, a => a.Action == "update" && a.Detail!.Contains("accepted", StringComparison.Ordinal));
        }

        // The history (append-only: the arrival stays, the move is added) and the services are the asker's to read now.
        var history = await asker.GetFromJsonAsync<JsonElement>($"/api/persons/{person.Id}/movements");
        Assert.Equal(["Arrival", "MoveWithinArea"], history.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("kind").GetString()!).ToArray());
        var services = await asker.GetStringAsync($"/api/persons/{person.Id}/services");
        Assert.Contains("WomensCheckup", services, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await holder.GetAsync($"/Persons/{person.Id}")).StatusCode);

        // The kept to-do items were rewritten by the move itself: she is on the asker's list and off the holder's.
        Assert.True(await KeptDueCheck.KeptTodayAsync(app, person.Id));
        Assert.All(await KeptDueCheck.ItemsAsync(app, person.Id), k => Assert.Equal(Asker1, k.CommunityCode));
        await KeptDueCheck.AssertNoDifferencesAsync(app, Holder1);
        await KeptDueCheck.AssertNoDifferencesAsync(app, Asker1);
        Assert.Contains(name, await WorklistAsync(asker, Asker1));
        Assert.DoesNotContain(name, await WorklistAsync(holder, Holder1));
    }

    [Fact]
    public async Task A_declined_move_keeps_its_reason_and_the_case_stays_where_it_was()
    {
        var holder = await UserOfAsync(Holder2);
        var asker = await UserOfAsync(Asker2);
        var name = UniqueName("拒绝");
        var person = await RegisteredAsync(Holder2, name);
        Assert.Equal(HttpStatusCode.Redirect, (await AskAsync(asker, person)).StatusCode);
        var request = await RequestOfAsync(person.Id);

        // A refusal needs its reason.
        var bare = await DecideAsync(holder, "Decline", request.Id, " ");
        Assert.Contains("拒绝时请填写理由", await bare.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(MoveRequestState.Pending, (await RequestOfAsync(person.Id)).State);

        const string reason = "本人仍在本社区居住，经入户核实";
        Assert.Equal(HttpStatusCode.Redirect, (await DecideAsync(holder, "Decline", request.Id, reason)).StatusCode);
        var declined = await RequestOfAsync(person.Id);
        Assert.Equal((MoveRequestState.Declined, reason, Holder2), (declined.State, declined.Reason, declined.DecidedByOrg));
        Assert.Contains("理由：" + reason, await asker.GetStringAsync("/Movements/Requests"), StringComparison.Ordinal);
        await using (var scope = app.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<EqualCareDb>();
            Assert.Equal(Holder2, (await db.Persons.AsNoTracking().SingleAsync(p => p.Id == person.Id)).CommunityCode);
            Assert.False(await db.Movements.AnyAsync(m => m.PersonId == person.Id && m.Kind == MovementKind.MoveWithinArea));
            var entityId = request.Id.ToString(CultureInfo.InvariantCulture);
            var audit = await db.AuditEntries.AsNoTracking().SingleAsync(a => a.Entity == "move_request" && a.EntityId == entityId && a.Action == "update");
            Assert.Contains("declined", audit.Detail!, StringComparison.Ordinal);
            Assert.DoesNotContain(reason, audit.Detail!, StringComparison.Ordinal);
        }
        // Decided once.
        var again = await DecideAsync(holder, "Accept", request.Id);
        Assert.Contains("该申请已处理过", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_request_past_its_deadline_is_flagged_and_decided_by_the_holder_s_street()
    {
        var asker = await UserOfAsync(Asker3);
        var street = await UserOfAsync(HolderStreet, Roles.Street);
        var askerStreet = await UserOfAsync(AskerStreet, Roles.Street);
        var name = UniqueName("逾期");
        var person = await RegisteredAsync(Holder3, name);
        Assert.Equal(HttpStatusCode.Redirect, (await AskAsync(asker, person)).StatusCode);
        var request = await RequestOfAsync(person.Id);

        // Within the deadline the street waits for its community.
        var early = await DecideAsync(street, "Accept", request.Id);
        Assert.Contains("尚未逾期", await early.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(MoveRequestState.Pending, (await RequestOfAsync(person.Id)).State);

        using (app.Clock.At(TestClock.MidQuarter.AddDays(MoveRequestRules.DefaultDecideWithinDays + 1)))
        {
            // Sessions idle that long have ended: sign in again on the later day.
            (asker, street, askerStreet) = (await UserOfAsync(Asker3), await UserOfAsync(HolderStreet, Roles.Street), await UserOfAsync(AskerStreet, Roles.Street));
            var streetPage = await street.GetStringAsync("/Movements/Requests");
            Assert.Contains($"data-request=\"{request.Id}\" data-state=\"Pending\" data-overdue=\"true\"", streetPage, StringComparison.Ordinal);
            Assert.Contains("已逾期，待处理", streetPage, StringComparison.Ordinal);
            Assert.Contains("已逾期，待处理", await asker.GetStringAsync("/Movements/Requests"), StringComparison.Ordinal);

            // The asker's street holds nothing of the case: it cannot decide.
            var notTheirs = await DecideAsync(askerStreet, "Accept", request.Id);
            Assert.Contains("未找到该申请", await notTheirs.Content.ReadAsStringAsync(), StringComparison.Ordinal);

            Assert.Equal(HttpStatusCode.Redirect, (await DecideAsync(street, "Accept", request.Id)).StatusCode);
            var decided = await RequestOfAsync(person.Id);
            Assert.Equal((MoveRequestState.Accepted, HolderStreet), (decided.State, decided.DecidedByOrg));
            await using var scope = app.Scope();
            var db = scope.ServiceProvider.GetRequiredService<EqualCareDb>();
            Assert.Equal(Asker3, (await db.Persons.AsNoTracking().SingleAsync(p => p.Id == person.Id)).CommunityCode);
            var movement = await db.Movements.AsNoTracking().SingleAsync(m => m.Id == decided.MovementId);
            Assert.Equal((Holder3, Asker3), (movement.FromCommunityCode, movement.ToCommunityCode));
            Assert.Contains("逾期后由", await asker.GetStringAsync("/Movements/Requests"), StringComparison.Ordinal);
            await KeptDueCheck.AssertNoDifferencesAsync(app, Asker3);
        }
    }

    [Fact]
    public async Task One_open_request_per_person_whoever_asks_even_at_the_same_instant()
    {
        var asker = await UserOfAsync(Asker4);
        var other = await UserOfAsync(Asker1);
        var person = await RegisteredAsync(Holder4, UniqueName("同时"));

        var tasks = Enumerable.Range(0, 10).Select(i => AskAsync(i % 2 == 0 ? asker : other, person)).ToList();
        await Task.WhenAll(tasks);
        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<EqualCareDb>();
        var open = await db.MoveRequests.AsNoTracking().Where(r => r.PersonId == person.Id && r.State == MoveRequestState.Pending).ToListAsync();
        Assert.Single(open);
        // The loser of the other community is told a request is already open, not given a second one.
        var loser = open[0].ToCommunityCode == Asker4 ? other : asker;
        var answer = await (await AskAsync(loser, person)).Content.ReadAsStringAsync();
        Assert.Contains("已有一份待处理的迁入申请", answer, StringComparison.Ordinal);
        Assert.Equal(1, await db.MoveRequests.CountAsync(r => r.PersonId == person.Id));
    }
}

[Collection(OnSqlite.Name)]
public sealed class MoveRequestTestsOnSqlite(SqliteApp app) : MoveRequestTests(app);

[Collection(OnPostgres.Name)]
public sealed class MoveRequestTestsOnPostgres(PostgresApp app) : MoveRequestTests(app);
