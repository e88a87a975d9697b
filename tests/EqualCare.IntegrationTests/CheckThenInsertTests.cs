using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EqualCare.IntegrationTests.Infrastructure;
using EqualCare.IntegrationTests.Statistics;
using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using EqualCare.Web.Domain.Statistics;
using EqualCare.Web.Features.Identity;
using EqualCare.Web.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace EqualCare.IntegrationTests;

/// <summary>
/// Every "check, then insert" has a unique key behind it (issue 14 point 15): ten identical requests at once keep one row,
/// and the others get the answer the check gives a request that comes a moment later, never a 500 and never a second row.
/// The check-up sheet's own ten-at-once test is in CheckupSheetFormTests.
/// </summary>
public abstract class CheckThenInsertTests(AppFixture app)
{
    const int Parallel = 10;

    DateOnly Today => app.Services.GetRequiredService<TimeProvider>().Today();

    static string Date(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    static async Task<HttpResponseMessage[]> AtOnceAsync(Func<Task<HttpResponseMessage>> request) =>
        await Task.WhenAll(Enumerable.Range(0, Parallel).Select(_ => Task.Run(request)));

    /// <summary>One success with <paramref name="created"/>, the others refused with one of <paramref name="codes"/> (so no 500).</summary>
    static async Task OneKeptAsync(HttpResponseMessage[] responses, HttpStatusCode created, HttpStatusCode refused, params string[] codes)
    {
        Assert.Single(responses, r => r.StatusCode == created);
        foreach (var r in responses.Where(r => r.StatusCode != created))
            Assert.Contains(await StatFormApi.RefusalAsync(r, refused), codes);
    }

    async Task<T> DbAsync<T>(Func<EqualCareDb, Task<T>> query)
    {
        await using var scope = app.Scope();
        return await query(scope.ServiceProvider.GetRequiredService<EqualCareDb>());
    }

    [Fact]
    public async Task Ten_registrations_of_one_id_number_at_once_keep_one_case()
    {
        var xianghe = await app.SignedInAsync("xianghe");
        var id = TestData.NewIdNumber(Sex.Female, new DateOnly(1993, 5, 6));
        var responses = await AtOnceAsync(() => xianghe.PostAsJsonAsync("/api/persons", new
        {
            name = "并发登记", idNumber = id, sex = 2, communityCode = TestData.Xianghe, arrivalDate = "2025-06-01", maritalStatus = 10,
            phone = "13912345678", hukouAddress = "河南省光山县某村",
        }));

        // A request whose number check ran just before the first case committed, and its name check just after, is told of a
        // similar case (same name, birth date and origin) instead: also a refusal that writes nothing.
        await OneKeptAsync(responses, HttpStatusCode.Created, HttpStatusCode.Conflict, "case.id.alreadyRegistered", "case.similarFound");
        Assert.Equal(1, await DbAsync(db => db.Persons.CountAsync(p => p.IdNumber == id)));
    }

    [Fact]
    public async Task Ten_voids_of_one_service_record_at_once_keep_one_void()
    {
        var woman = await app.AddPersonAsync(TestData.Xianghe, "并发作废");
        var xianghe = await app.SignedInAsync("xianghe");
        var recorded = await xianghe.PostAsJsonAsync($"/api/persons/{woman.Id}/services",
            new { kind = "HealthRecord", date = Date(Today), recordNumber = "41010300700100901" });
        Assert.Equal(HttpStatusCode.Created, recorded.StatusCode);
        var recordId = (await recorded.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();

        var responses = await AtOnceAsync(() => xianghe.PostAsJsonAsync($"/api/persons/{woman.Id}/services/{recordId}/void", new { reason = "录错人" }));

        await OneKeptAsync(responses, HttpStatusCode.Created, HttpStatusCode.Conflict, "service.void.already");
        Assert.Equal(1, await DbAsync(db => db.ServiceRecords.CountAsync(s => s.VoidsRecordId == recordId)));
    }

    [Fact]
    public async Task Ten_decisions_on_one_due_item_at_once_keep_one_decision()
    {
        var woman = await app.AddPersonAsync(TestData.Xianghe, "并发决定");
        var xianghe = await app.SignedInAsync("xianghe");
        var due = await xianghe.GetFromJsonAsync<JsonElement>($"/api/persons/{woman.Id}/due");
        var gyn = due.GetProperty("due").EnumerateArray().First(i => i.GetProperty("kind").GetString() == "GynaecologicalScreening");
        var windowStart = gyn.GetProperty("windowStart").GetString();

        var responses = await AtOnceAsync(() => xianghe.PostAsJsonAsync($"/api/persons/{woman.Id}/decisions",
            new { kind = "GynaecologicalScreening", windowStart, reason = "Unreachable" }));

        await OneKeptAsync(responses, HttpStatusCode.Created, HttpStatusCode.BadRequest, "decision.item.notDue");
        Assert.Equal(1, await DbAsync(db => db.CareExemptions.CountAsync(e => e.PersonId == woman.Id)));
    }

    [Fact]
    public async Task Ten_check_up_days_of_one_community_and_day_at_once_keep_one_day()
    {
        const string community = "410103006019";
        const string password = "Checkup2026a";
        await using (var scope = app.Scope())
        {
            var created = await scope.ServiceProvider.GetRequiredService<UserAccounts>().CreateAsync(
                new NewUser("ci06019", "并发康检日专干", Roles.Community, community, password), "test", CancellationToken.None, mustChangePassword: false);
            Assert.True(created.IsSuccess);
        }
        var worker = await app.SignedInAsync("ci06019", password);
        var day = Today.AddDays(3);

        var responses = await AtOnceAsync(() => worker.PostAsJsonAsync("/api/checkups", new { day = Date(day), place = "社区卫生服务站" }));

        await OneKeptAsync(responses, HttpStatusCode.Created, HttpStatusCode.Conflict, "checkup.day.exists");
        Assert.Equal(1, await DbAsync(db => db.CheckupDays.CountAsync(d => d.CommunityCode == community && d.Day == day)));
    }

    [Fact]
    public async Task Ten_corrections_of_one_activity_entry_at_once_keep_one_correction()
    {
        var xianghe = await app.SignedInAsync("xianghe");
        var entry = await StatFormApi.ActivityAsync(xianghe, Date(Today.AddDays(-1)), "Publicity", new { publicity = 3 });

        var responses = await AtOnceAsync(() => xianghe.PostAsJsonAsync("/api/activities", new
        {
            date = Date(Today.AddDays(-1)), place = "祥和社区广场", kind = "Publicity", quantities = new { publicity = 4 }, correctsEntryId = entry,
            reason = "点错了",
        }));

        await OneKeptAsync(responses, HttpStatusCode.Created, HttpStatusCode.Conflict, "activity.alreadyCorrected");
        Assert.Equal(1, await DbAsync(db => db.Set<ActivityEntry>().CountAsync(e => e.CorrectsEntryId == entry)));
    }
}

[Collection(OnSqlite.Name)]
public sealed class CheckThenInsertTestsOnSqlite(SqliteApp app) : CheckThenInsertTests(app);

[Collection(OnPostgres.Name)]
public sealed class CheckThenInsertTestsOnPostgres(PostgresApp app) : CheckThenInsertTests(app);
