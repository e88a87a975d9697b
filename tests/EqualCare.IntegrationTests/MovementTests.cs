using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EqualCare.IntegrationTests.Infrastructure;
using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using EqualCare.Web.Domain.Cases;
using EqualCare.Web.Features.Movements;
using EqualCare.Web.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace EqualCare.IntegrationTests;

/// <summary>Movement history: events with both times, scope following the person, allowed transitions, optimistic concurrency.</summary>
public abstract class MovementTests(AppFixture app)
{
    const string Tiyu = "410105001003";      // 体育社区, another district: outside 大学路街道
    const string Daxuelu = "410103007000";   // a street, not a community
    const string NoSuchCommunity = "410103007998";

    /// <summary>A registered case: the person row and the arrival event its registration writes.</summary>
    async Task<Person> RegisteredAsync(string community, string? name = null, Sex sex = Sex.Female)
    {
        var person = await app.AddPersonAsync(community, name ?? UniqueName(), sex);
        await using var scope = app.Scope();
        await scope.ServiceProvider.GetRequiredService<MovementHandler>().RecordArrivalAsync(person, "xianghe", CancellationToken.None);
        return person;
    }

    static string UniqueName() => "迁" + Random.Shared.Next(100_000, 999_999).ToString(CultureInfo.InvariantCulture);

    DateOnly Today => app.Services.GetRequiredService<TimeProvider>().Today();

    static string Date(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    async Task<Person> ReloadAsync(long id)
    {
        await using var scope = app.Scope();
        return await scope.ServiceProvider.GetRequiredService<EqualCareDb>().Persons.AsNoTracking().SingleAsync(p => p.Id == id);
    }

    static async Task<JsonElement> HistoryAsync(HttpClient client, long id) =>
        await client.GetFromJsonAsync<JsonElement>($"/api/persons/{id}/movements");

    static List<string> Kinds(JsonElement history) =>
        history.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("kind").GetString()!).ToList();

    static async Task<string?> CodeOf(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString();

    [Fact]
    public async Task A_person_moved_from_xianghe_to_zhongyuan_leaves_the_xianghe_scope_and_appears_in_zhongyuan_with_both_events()
    {
        var name = UniqueName();
        var person = await RegisteredAsync(TestData.Xianghe, name);
        var xianghe = await app.SignedInAsync("xianghe");
        var token = await Browserless.AntiforgeryTokenAsync(xianghe, $"/Persons/{person.Id}/Movements");

        // The community worker hands the person over to another community of its street, through the page.
        var posted = await xianghe.PostAsync($"/Persons/{person.Id}/Movements", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Kind"] = "MoveWithinArea",
            ["Version"] = "0",
            ["OccurredOn"] = Date(Today.AddDays(-3)),
            ["ToCommunityCode"] = TestData.Zhongyuan,
            ["__RequestVerificationToken"] = token,
        }));

        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        Assert.StartsWith("/Movements/HandedOver", posted.Headers.Location?.OriginalString, StringComparison.Ordinal);
        Assert.Contains("中原社区", await xianghe.GetStringAsync(posted.Headers.Location!.OriginalString), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.NotFound, (await xianghe.GetAsync($"/Persons/{person.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await xianghe.GetAsync($"/api/persons/{person.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await xianghe.GetAsync($"/Persons/{person.Id}/Movements")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await xianghe.GetAsync($"/api/persons/{person.Id}/movements")).StatusCode);
        var xiangheList = await xianghe.GetFromJsonAsync<JsonElement>($"/api/persons?name={Uri.EscapeDataString(name)}&pageSize=200");
        Assert.DoesNotContain(xiangheList.GetProperty("items").EnumerateArray(), i => i.GetProperty("id").GetInt64() == person.Id);

        var zhongyuan = await app.SignedInAsync("zhongyuan");
        var zhongyuanList = await zhongyuan.GetFromJsonAsync<JsonElement>($"/api/persons?name={Uri.EscapeDataString(name)}&pageSize=200");
        Assert.Contains(zhongyuanList.GetProperty("items").EnumerateArray(), i => i.GetProperty("id").GetInt64() == person.Id);
        Assert.Equal(HttpStatusCode.OK, (await zhongyuan.GetAsync($"/Persons/{person.Id}")).StatusCode);

        var history = await HistoryAsync(zhongyuan, person.Id);
        Assert.Equal(["Arrival", "MoveWithinArea"], Kinds(history));
        var move = history.GetProperty("items")[1];
        Assert.Equal(TestData.Xianghe, move.GetProperty("fromCommunityCode").GetString());
        Assert.Equal(TestData.Zhongyuan, move.GetProperty("toCommunityCode").GetString());
        Assert.Equal(Date(Today.AddDays(-3)), move.GetProperty("occurredOn").GetString());
        Assert.Equal("xianghe", move.GetProperty("recordedBy").GetString());
        Assert.True(move.GetProperty("recordedAt").GetDateTime() > app.Services.GetRequiredService<TimeProvider>().UtcNow().AddMinutes(-5));
        Assert.Equal(1, history.GetProperty("version").GetInt32());

        var page = await zhongyuan.GetStringAsync($"/Persons/{person.Id}/Movements");
        Assert.Contains("祥和社区", page, StringComparison.Ordinal);
        Assert.Contains("发生日期", page, StringComparison.Ordinal);
        Assert.Contains("登记时间", page, StringComparison.Ordinal);
        Assert.DoesNotContain(person.IdNumber, page, StringComparison.Ordinal);

        var stored = await ReloadAsync(person.Id);
        Assert.Equal(TestData.Zhongyuan, stored.CommunityCode);
        Assert.Equal(1, stored.Version);
    }

    [Fact]
    public async Task A_street_manager_moves_a_person_between_its_communities_through_the_api()
    {
        var person = await RegisteredAsync(TestData.Zhongyuan);
        var daxuelu = await app.SignedInAsync("daxuelu");

        var response = await daxuelu.PostAsJsonAsync($"/api/persons/{person.Id}/movements",
            new { kind = "MoveWithinArea", occurredOn = Date(Today), toCommunityCode = TestData.Xianghe, version = 0 });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(TestData.Xianghe, body.GetProperty("communityCode").GetString());
        Assert.Equal(1, body.GetProperty("version").GetInt32());
        var xianghe = await app.SignedInAsync("xianghe");
        Assert.Equal(["Arrival", "MoveWithinArea"], Kinds(await HistoryAsync(xianghe, person.Id)));
    }

    [Fact]
    public async Task Withdrawal_then_restoration_keeps_every_event_and_reopens_the_case()
    {
        var person = await RegisteredAsync(TestData.Xianghe);
        var xianghe = await app.SignedInAsync("xianghe");

        var withdrawn = await xianghe.PostAsJsonAsync($"/api/persons/{person.Id}/movements",
            new { kind = "Withdrawal", occurredOn = Date(Today.AddDays(-10)), note = "长期联系不上，退档", version = 0 });
        Assert.Equal(HttpStatusCode.Created, withdrawn.StatusCode);
        Assert.Equal("Withdrawn", (await ReloadAsync(person.Id)).Status.ToString());
        var restored = await xianghe.PostAsJsonAsync($"/api/persons/{person.Id}/movements",
            new { kind = "Restoration", occurredOn = Date(Today), note = "本人返回，回档", version = 1 });
        Assert.Equal(HttpStatusCode.Created, restored.StatusCode);

        var history = await HistoryAsync(xianghe, person.Id);
        Assert.Equal(["Arrival", "Withdrawal", "Restoration"], Kinds(history));
        Assert.Equal("长期联系不上，退档", history.GetProperty("items")[1].GetProperty("note").GetString());
        Assert.Equal("Active", history.GetProperty("status").GetString());
        var stored = await ReloadAsync(person.Id);
        Assert.Equal(CaseStatus.Active, stored.Status);
        Assert.Equal(2, stored.Version);

        var again = await xianghe.PostAsJsonAsync($"/api/persons/{person.Id}/movements",
            new { kind = "Restoration", occurredOn = Date(Today), version = 2 });
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.Equal("movement.transition.restoreOnlyClosed", await CodeOf(again));
    }

    [Fact]
    public async Task A_withdrawal_without_a_reason_is_refused_in_chinese_on_the_page_and_changes_nothing()
    {
        var person = await RegisteredAsync(TestData.Xianghe);
        var xianghe = await app.SignedInAsync("xianghe");
        var token = await Browserless.AntiforgeryTokenAsync(xianghe, $"/Persons/{person.Id}/Movements");

        var posted = await xianghe.PostAsync($"/Persons/{person.Id}/Movements", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Kind"] = "Withdrawal", ["Version"] = "0", ["OccurredOn"] = Date(Today), ["Note"] = "",
            ["__RequestVerificationToken"] = token,
        }));

        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        Assert.Contains("请填写退档原因", await posted.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var stored = await ReloadAsync(person.Id);
        Assert.Equal(CaseStatus.Active, stored.Status);
        Assert.Equal(0, stored.Version);
    }

    [Fact]
    public async Task A_stale_version_is_refused_with_409_in_the_api_and_a_chinese_message_on_the_page_and_changes_nothing()
    {
        var person = await RegisteredAsync(TestData.Xianghe);
        var xianghe = await app.SignedInAsync("xianghe");
        var token = await Browserless.AntiforgeryTokenAsync(xianghe, $"/Persons/{person.Id}/Movements");
        var first = await xianghe.PostAsJsonAsync($"/api/persons/{person.Id}/movements",
            new { kind = "Departure", occurredOn = Date(Today), destination = "广东省东莞市", version = 0 });
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);

        var stale = await xianghe.PostAsJsonAsync($"/api/persons/{person.Id}/movements",
            new { kind = "Death", occurredOn = Date(Today), version = 0 });
        var stalePage = await xianghe.PostAsync($"/Persons/{person.Id}/Movements", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Kind"] = "Restoration", ["Version"] = "0", ["OccurredOn"] = Date(Today), ["__RequestVerificationToken"] = token,
        }));

        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Equal("movement.staleVersion", await CodeOf(stale));
        Assert.Equal(HttpStatusCode.OK, stalePage.StatusCode);
        Assert.Contains("该个案已被他人修改", await stalePage.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var stored = await ReloadAsync(person.Id);
        Assert.Equal(CaseStatus.Departed, stored.Status);
        Assert.Equal(1, stored.Version);
        Assert.Equal(["Arrival", "Departure"], Kinds(await HistoryAsync(xianghe, person.Id)));
    }

    [Theory]
    [InlineData(Tiyu, "movement.toCommunity.outsideScope")]
    [InlineData(Daxuelu, "movement.toCommunity.notCommunity")]
    [InlineData(NoSuchCommunity, "movement.toCommunity.notCommunity")]
    [InlineData("4101", "movement.toCommunity.notCommunity")]
    public async Task A_move_outside_the_scope_or_to_something_that_is_not_a_community_is_refused_and_changes_nothing(string target, string code)
    {
        var person = await RegisteredAsync(TestData.Xianghe);
        var xianghe = await app.SignedInAsync("xianghe");

        var response = await xianghe.PostAsJsonAsync($"/api/persons/{person.Id}/movements",
            new { kind = "MoveWithinArea", occurredOn = Date(Today), toCommunityCode = target, version = 0 });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(code, await CodeOf(response));
        var stored = await ReloadAsync(person.Id);
        Assert.Equal(TestData.Xianghe, stored.CommunityCode);
        Assert.Equal(0, stored.Version);
        Assert.Equal(["Arrival"], Kinds(await HistoryAsync(xianghe, person.Id)));
    }

    [Fact]
    public async Task Another_community_gets_404_for_the_history_and_cannot_record_a_movement()
    {
        var person = await RegisteredAsync(TestData.Zhongyuan);
        var xianghe = await app.SignedInAsync("xianghe");

        var post = await xianghe.PostAsJsonAsync($"/api/persons/{person.Id}/movements",
            new { kind = "Death", occurredOn = Date(Today), version = 0 });

        Assert.Equal(HttpStatusCode.NotFound, (await xianghe.GetAsync($"/Persons/{person.Id}/Movements")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await xianghe.GetAsync($"/api/persons/{person.Id}/movements")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
        Assert.Equal("person.notFound", await CodeOf(post));
        Assert.Equal(CaseStatus.Active, (await ReloadAsync(person.Id)).Status);
    }

    [Fact]
    public async Task A_district_reader_sees_the_history_but_may_not_record()
    {
        var person = await RegisteredAsync(TestData.Xianghe);
        var erqi = await app.SignedInAsync("erqi");

        var post = await erqi.PostAsJsonAsync($"/api/persons/{person.Id}/movements",
            new { kind = "Death", occurredOn = Date(Today), version = 0 });

        Assert.Equal(["Arrival"], Kinds(await HistoryAsync(erqi, person.Id)));
        Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
        Assert.Equal("movement.forbidden", await CodeOf(post));
    }

    [Fact]
    public async Task Nothing_follows_a_death_and_future_or_unknown_events_are_refused()
    {
        var person = await RegisteredAsync(TestData.Xianghe);
        var xianghe = await app.SignedInAsync("xianghe");

        var future = await xianghe.PostAsJsonAsync($"/api/persons/{person.Id}/movements",
            new { kind = "Death", occurredOn = Date(Today.AddDays(1)), version = 0 });
        var arrival = await xianghe.PostAsJsonAsync($"/api/persons/{person.Id}/movements",
            new { kind = "Arrival", occurredOn = Date(Today), version = 0 });
        var numeric = await xianghe.PostAsJsonAsync($"/api/persons/{person.Id}/movements",
            new { kind = "7", occurredOn = Date(Today), version = 0 });
        var death = await xianghe.PostAsJsonAsync($"/api/persons/{person.Id}/movements",
            new { kind = "Death", occurredOn = Date(Today), version = 0 });
        var after = await xianghe.PostAsJsonAsync($"/api/persons/{person.Id}/movements",
            new { kind = "Restoration", occurredOn = Date(Today), version = 1 });

        Assert.Equal("movement.occurredOn.future", await CodeOf(future));
        Assert.Equal("movement.transition.arrivalByRegistration", await CodeOf(arrival));
        Assert.Equal("movement.kind.bad", await CodeOf(numeric));
        Assert.Equal(HttpStatusCode.Created, death.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, after.StatusCode);
        Assert.Equal("movement.transition.afterDeath", await CodeOf(after));
        Assert.Equal(["Arrival", "Death"], Kinds(await HistoryAsync(xianghe, person.Id)));
    }

    [Fact]
    public async Task A_woman_past_49_is_flagged_on_her_history_page_and_keeps_her_file()
    {
        var person = await RegisteredAsync(TestData.Xianghe);
        await using (var scope = app.Scope())
            await scope.ServiceProvider.GetRequiredService<EqualCareDb>().Persons.Where(p => p.Id == person.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(p => p.BirthDate, Today.AddYears(-52)));
        var xianghe = await app.SignedInAsync("xianghe");

        var page = await xianghe.GetStringAsync($"/Persons/{person.Id}/Movements");
        var history = await HistoryAsync(xianghe, person.Id);

        Assert.Contains("已超出育龄期（49岁）", page, StringComparison.Ordinal);
        Assert.Equal(Date(Today.AddYears(-2)), history.GetProperty("agedOutOn").GetString());
        Assert.Equal("Active", history.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Recording_a_movement_writes_its_audit_row_and_an_out_of_scope_move_is_audited_as_refused()
    {
        var person = await RegisteredAsync(TestData.Xianghe);
        var xianghe = await app.SignedInAsync("xianghe");

        await xianghe.PostAsJsonAsync($"/api/persons/{person.Id}/movements",
            new { kind = "MoveWithinArea", occurredOn = Date(Today), toCommunityCode = Tiyu, version = 0 });
        await xianghe.PostAsJsonAsync($"/api/persons/{person.Id}/movements",
            new { kind = "ReturnHome", occurredOn = Date(Today), version = 0 });

        var entityId = person.Id.ToString(CultureInfo.InvariantCulture);
        await using var scope = app.Scope();
        var rows = await scope.ServiceProvider.GetRequiredService<EqualCareDb>().AuditEntries
            .Where(a => a.Entity == "person" && a.EntityId == entityId && a.Action == "update").ToListAsync();
        Assert.Contains(rows, r => r.Outcome == AuditOutcome.Refused && r.Detail!.Contains(Tiyu, StringComparison.Ordinal));
        Assert.Contains(rows, r => r.Outcome == AuditOutcome.Success && r.Detail!.Contains("ReturnHome", StringComparison.Ordinal)
                                   && r.UserName == "xianghe");
    }
}

[Collection(OnSqlite.Name)]
public sealed class MovementTestsOnSqlite(SqliteApp app) : MovementTests(app);

[Collection(OnPostgres.Name)]
public sealed class MovementTestsOnPostgres(PostgresApp app) : MovementTests(app);
