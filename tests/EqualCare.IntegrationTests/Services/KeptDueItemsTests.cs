using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EqualCare.IntegrationTests.Infrastructure;
using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using EqualCare.Web.Domain.Cases;
using EqualCare.Web.Features.Worklist;
using EqualCare.Web.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace EqualCare.IntegrationTests.Services;

/// <summary>The consistency check as the tests run it after a write: the unit's kept items equal a full recomputation.</summary>
public static class KeptDueCheck
{
    public static async Task<DueCheck> AssertNoDifferencesAsync(AppFixture app, string unit)
    {
        await using var scope = app.Scope();
        var check = await scope.ServiceProvider.GetRequiredService<DueConsistency>().CheckAsync(OrgCode.Parse(unit), CancellationToken.None);
        Assert.True(check.Differences.Count == 0,
            string.Join("\n", check.Differences.Take(10).Select(d => $"person {d.PersonId}: {d.What}")));
        return check;
    }

    /// <summary>Whether the person's items are kept for today, i.e. were rewritten by the write itself (no list was read).</summary>
    public static async Task<bool> KeptTodayAsync(AppFixture app, long personId)
    {
        await using var scope = app.Scope();
        var today = scope.ServiceProvider.GetRequiredService<TimeProvider>().Today();
        return await scope.ServiceProvider.GetRequiredService<EqualCareDb>().KeptDuePersons.AnyAsync(k => k.PersonId == personId && k.ComputedOn == today);
    }

    public static async Task<List<KeptDueItem>> ItemsAsync(AppFixture app, long personId)
    {
        await using var scope = app.Scope();
        return await scope.ServiceProvider.GetRequiredService<EqualCareDb>().KeptDueItems.AsNoTracking().Where(k => k.PersonId == personId)
            .OrderBy(k => k.Ordinal).ToListAsync();
    }
}

/// <summary>
/// Issue 15 point 1: each kind of write rewrites the kept to-do items of the persons it touches in its own transaction, so
/// that right after it, without any list being read, the person's items are kept for today and the unit's kept items
/// equal a full recomputation (the consistency check); the list's page and counts come from the database and equal those
/// of the whole computed list; the API's JSON is compressed.
/// </summary>
public abstract class KeptDueItemsTests(AppFixture app)
{
    DateOnly Today => app.Services.GetRequiredService<TimeProvider>().Today();

    static string Date(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>The write kept the person's items, and the unit's kept items equal the recomputation.</summary>
    async Task AssertKeptAsync(long personId, params string[] units)
    {
        Assert.True(await KeptDueCheck.KeptTodayAsync(app, personId), $"person {personId}: items not rewritten by the write");
        foreach (var unit in units) await KeptDueCheck.AssertNoDifferencesAsync(app, unit);
    }

    /// <summary>Reads the unit's list, which keeps the items of every person not yet kept.</summary>
    static async Task ReadListAsync(HttpClient client, string unit) =>
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/worklist/persons?org=" + unit)).StatusCode);

    [Fact]
    public async Task A_recorded_dose_and_its_void_rewrite_the_child_s_kept_items_in_their_own_transaction()
    {
        var child = await app.AddChildAsync(TestData.Xianghe, "保留甲", Today.AddMonths(-3));
        var xianghe = await app.SignedInAsync("xianghe");
        await ReadListAsync(xianghe, TestData.Xianghe);
        Assert.Contains(await KeptDueCheck.ItemsAsync(app, child.Id), k => k.ItemKey == "catch-up" && k.Plan!.Contains("\"HepB\"", StringComparison.Ordinal));

        var given = await xianghe.PostAsJsonAsync($"/api/persons/{child.Id}/services",
            new { kind = "Immunisation", date = Date(Today), vaccine = "HepB", doseNumber = 1, batchNumber = "202601A", injectionSite = "右上臂" });
        Assert.Equal(HttpStatusCode.Created, given.StatusCode);
        await AssertKeptAsync(child.Id, TestData.Xianghe);
        var recordId = (await given.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        var afterDose = await KeptDueCheck.ItemsAsync(app, child.Id);

        var voided = await xianghe.PostAsJsonAsync($"/api/persons/{child.Id}/services/{recordId}/void", new { reason = "录错人" });
        Assert.Equal(HttpStatusCode.Created, voided.StatusCode);
        await AssertKeptAsync(child.Id, TestData.Xianghe);
        Assert.NotEqual(afterDose.Select(k => (k.ItemKey, k.Plan)), (await KeptDueCheck.ItemsAsync(app, child.Id)).Select(k => (k.ItemKey, k.Plan)));
    }

    [Fact]
    public async Task A_decision_a_certificate_a_case_edit_and_a_move_each_keep_the_woman_s_items_current()
    {
        var woman = await app.AddPersonAsync(TestData.Xianghe, "保留乙");
        var xianghe = await app.SignedInAsync("xianghe");
        await ReadListAsync(xianghe, TestData.Xianghe);

        var due = await xianghe.GetFromJsonAsync<JsonElement>($"/api/persons/{woman.Id}/due");
        var record = due.GetProperty("due").EnumerateArray().First(i => i.GetProperty("kind").GetString() == "HealthRecord");
        var decided = await xianghe.PostAsJsonAsync($"/api/persons/{woman.Id}/decisions",
            new { kind = "HealthRecord", windowStart = record.GetProperty("windowStart").GetString(), reason = "Unreachable" });
        Assert.Equal(HttpStatusCode.Created, decided.StatusCode);
        await AssertKeptAsync(woman.Id, TestData.Xianghe);
        Assert.DoesNotContain(await KeptDueCheck.ItemsAsync(app, woman.Id), k => k.Kind == EqualCare.Web.Domain.Schedules.CareKind.HealthRecord);

        var certificate = await xianghe.PostAsJsonAsync($"/api/persons/{woman.Id}/certificates", new
        {
            kind = "MarriageAndChildbearing", form = "Paper", number = "豫婚育2026-0099", issuingOffice = "固始县卫生健康委员会",
            issueDate = Date(Today.AddYears(-1)), validUntil = Date(Today.AddDays(20)),
        });
        Assert.Equal(HttpStatusCode.Created, certificate.StatusCode);
        await AssertKeptAsync(woman.Id, TestData.Xianghe);
        Assert.Contains(await KeptDueCheck.ItemsAsync(app, woman.Id), k => k.ItemKey == "expiring");

        // The case edited through the app's own save (the registration form's path: one SaveChanges of the tracked case).
        await using (var scope = app.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<EqualCareDb>();
            var tracked = await db.Persons.SingleAsync(p => p.Id == woman.Id);
            (tracked.ArrivalDate, tracked.Phone) = (Today.AddDays(-10), null);
            await db.SaveChangesAsync();
        }
        await AssertKeptAsync(woman.Id, TestData.Xianghe);
        Assert.Contains(await KeptDueCheck.ItemsAsync(app, woman.Id), k => k.ItemKey == "incomplete");

        var street = await app.SignedInAsync("daxuelu");
        await ReadListAsync(street, TestData.Zhongyuan);
        var moved = await street.PostAsJsonAsync($"/api/persons/{woman.Id}/movements",
            new { kind = "MoveWithinArea", occurredOn = Date(Today), toCommunityCode = TestData.Zhongyuan, version = 0 });
        Assert.Equal(HttpStatusCode.Created, moved.StatusCode);
        await AssertKeptAsync(woman.Id, TestData.Xianghe, TestData.Zhongyuan);
        Assert.All(await KeptDueCheck.ItemsAsync(app, woman.Id), k => Assert.Equal(TestData.Zhongyuan, k.CommunityCode));
    }

    [Fact]
    public async Task A_check_up_sheet_keeps_the_items_of_the_women_it_marks()
    {
        var came = await app.AddPersonAsync(TestData.Xianghe, "保留丙");
        var xianghe = await app.SignedInAsync("xianghe");
        await ReadListAsync(xianghe, TestData.Xianghe);
        Assert.Contains(await KeptDueCheck.ItemsAsync(app, came.Id), k => k.Kind == EqualCare.Web.Domain.Schedules.CareKind.WomensCheckup);

        var day = await xianghe.PostAsJsonAsync("/api/checkups", new { day = Date(Today), place = "社区卫生服务站" });
        Assert.Equal(HttpStatusCode.Created, day.StatusCode);
        var dayId = (await day.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        var saved = await xianghe.PostAsJsonAsync($"/api/checkups/{dayId}/attendance",
            new { entries = new object[] { new { personId = came.Id, status = "Came", result = "Normal" } } });
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        await AssertKeptAsync(came.Id, TestData.Xianghe);
        Assert.DoesNotContain(await KeptDueCheck.ItemsAsync(app, came.Id),
            k => k.Kind == EqualCare.Web.Domain.Schedules.CareKind.WomensCheckup && k.WindowStart <= Today && k.WindowEnd >= Today);
    }

    /// <summary>
    /// A write that bypasses the app's save (a bulk load, an UPDATE by hand) makes the database forget the person's kept
    /// items (a trigger), so the next reading of her unit's list computes them: never silently stale.
    /// </summary>
    [Fact]
    public async Task A_write_outside_the_app_s_save_is_computed_when_the_list_is_next_read()
    {
        var person = await app.AddPersonAsync(TestData.Xianghe, "保留丁");
        var xianghe = await app.SignedInAsync("xianghe");
        await ReadListAsync(xianghe, TestData.Xianghe);
        Assert.True(await KeptDueCheck.KeptTodayAsync(app, person.Id));
        await using (var scope = app.Scope())
            await scope.ServiceProvider.GetRequiredService<EqualCareDb>().Persons.Where(p => p.Id == person.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(p => p.Phone, (string?)null).SetProperty(p => p.ArrivalDate, Today.AddDays(-5)));
        Assert.False(await KeptDueCheck.KeptTodayAsync(app, person.Id));
        await ReadListAsync(xianghe, TestData.Xianghe);
        var check = await KeptDueCheck.AssertNoDifferencesAsync(app, TestData.Xianghe);
        Assert.Equal(0, check.ToCompute);
        Assert.Contains(await KeptDueCheck.ItemsAsync(app, person.Id), k => k.ItemKey == "incomplete");
    }

    /// <summary>The page, its counts and its order, computed by the database, equal the whole computed list's (the old path).</summary>
    [Theory]
    [InlineData(null, "all", null, 1, 3)]
    [InlineData(null, "overdue", null, 1, 2)]
    [InlineData(null, "week", null, 2, 2)]
    [InlineData(null, "month", null, 1, 50)]
    [InlineData(WorkGroup.Checkup, "all", null, 1, 4)]
    [InlineData(null, "all", "保留", 1, 50)]
    public async Task The_page_and_counts_from_the_database_equal_those_of_the_whole_list(WorkGroup? group, string view, string? name, int page, int size)
    {
        await app.AddPersonAsync(TestData.Xianghe, "保留戊");
        await app.AddChildAsync(TestData.Xianghe, "保留己", Today.AddMonths(-5));
        var user = new CurrentUser(1, "test", Roles.Community, OrgCode.Parse(TestData.Xianghe));
        await using var scope = app.Scope();
        var worklist = scope.ServiceProvider.GetRequiredService<WorkerWorklist>();
        var fromDatabase = await worklist.PageAsync(user, null, null, group, view, name, page, size, CancellationToken.None);
        var whole = WorkerWorklist.Page(await worklist.ForAsync(user, null, null, CancellationToken.None), group, view, name, page, size);

        Assert.True(whole.Persons > 0);
        Assert.Equal(whole.Counts, fromDatabase.Counts);
        Assert.Equal((whole.Persons, whole.Items, whole.Page, whole.PageCount), (fromDatabase.Persons, fromDatabase.Items, fromDatabase.Page, fromDatabase.PageCount));
        Assert.Equal(whole.Rows.Select(r => (r.PersonId, r.Overdue, r.FirstDue)), fromDatabase.Rows.Select(r => (r.PersonId, r.Overdue, r.FirstDue)));
        Assert.Equal(whole.Rows.SelectMany(r => r.Items), fromDatabase.Rows.SelectMany(r => r.Items));
    }

    /// <summary>Whether the unit's marker is valid (DueUnits): its next reading looks only at persons added since.</summary>
    async Task<bool> MarkedAsync(string unit)
    {
        await using var scope = app.Scope();
        return await scope.ServiceProvider.GetRequiredService<DueUnits>().IsCurrentAsync(OrgCode.Parse(unit), Today, CancellationToken.None);
    }

    /// <summary>The unfiltered first page from the database (kept keys and counts) against the whole computed list.</summary>
    async Task AssertFirstPageEqualsTheWholeListAsync(string unit)
    {
        var user = new CurrentUser(1, "test", Roles.Community, OrgCode.Parse(unit));
        await using var scope = app.Scope();
        var worklist = scope.ServiceProvider.GetRequiredService<WorkerWorklist>();
        var fromDatabase = await worklist.PageAsync(user, null, null, null, null, null, 1, 50, CancellationToken.None);
        var whole = WorkerWorklist.Page(await worklist.ForAsync(user, null, null, CancellationToken.None), null, null, null, 1, 50);
        Assert.Equal(whole.Counts, fromDatabase.Counts);
        Assert.Equal((whole.Persons, whole.Items, whole.PageCount), (fromDatabase.Persons, fromDatabase.Items, fromDatabase.PageCount));
        Assert.Equal(whole.Rows.Select(r => (r.PersonId, r.Overdue, r.FirstDue)), fromDatabase.Rows.Select(r => (r.PersonId, r.Overdue, r.FirstDue)));
        await KeptDueCheck.AssertNoDifferencesAsync(app, unit);
    }

    /// <summary>
    /// A write through the app changes its community's kept counts by delta in its own transaction and leaves the unit's
    /// marker valid (it kept the person itself): the next reading is index lookups, and its counts are still the list's.
    /// </summary>
    [Fact]
    public async Task A_write_through_the_app_changes_the_kept_counts_by_delta_and_leaves_the_unit_marked()
    {
        var child = await app.AddChildAsync(TestData.Xianghe, "保留庚", Today.AddMonths(-4));
        var xianghe = await app.SignedInAsync("xianghe");
        await ReadListAsync(xianghe, TestData.Xianghe);
        Assert.True(await MarkedAsync(TestData.Xianghe));
        await AssertFirstPageEqualsTheWholeListAsync(TestData.Xianghe);

        var given = await xianghe.PostAsJsonAsync($"/api/persons/{child.Id}/services",
            new { kind = "Immunisation", date = Date(Today), vaccine = "HepB", doseNumber = 1, batchNumber = "202601B", injectionSite = "右上臂" });
        Assert.Equal(HttpStatusCode.Created, given.StatusCode);
        Assert.True(await MarkedAsync(TestData.Xianghe), "a write through the app must not make the unit's marker invalid");
        // The counts were changed by the write (the check compares the rows counted for today with a recomputation).
        await KeptDueCheck.AssertNoDifferencesAsync(app, TestData.Xianghe);
        await AssertFirstPageEqualsTheWholeListAsync(TestData.Xianghe);
    }

    /// <summary>
    /// A write outside the app's save makes every unit's marker invalid (the forget generation moves on), so the next
    /// reading looks at the whole unit again: a person moved out of the unit by hand takes her items and counts with her.
    /// </summary>
    [Fact]
    public async Task A_write_outside_the_app_s_save_makes_the_marker_invalid_and_a_person_moved_by_hand_leaves_the_unit_s_counts()
    {
        var person = await app.AddPersonAsync(TestData.Xianghe, "保留辛");
        var xianghe = await app.SignedInAsync("xianghe");
        await ReadListAsync(xianghe, TestData.Xianghe);
        Assert.True(await MarkedAsync(TestData.Xianghe));
        Assert.NotEmpty(await KeptDueCheck.ItemsAsync(app, person.Id));

        await using (var scope = app.Scope())
            await scope.ServiceProvider.GetRequiredService<EqualCareDb>().Persons.Where(p => p.Id == person.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(p => p.CommunityCode, TestData.Zhongyuan));
        Assert.False(await MarkedAsync(TestData.Xianghe));
        await ReadListAsync(xianghe, TestData.Xianghe);
        Assert.True(await MarkedAsync(TestData.Xianghe));
        Assert.All(await KeptDueCheck.ItemsAsync(app, person.Id), k => Assert.Equal(TestData.Zhongyuan, k.CommunityCode));
        await AssertFirstPageEqualsTheWholeListAsync(TestData.Xianghe);
        await AssertFirstPageEqualsTheWholeListAsync(TestData.Zhongyuan);
    }

    /// <summary>A new day: the marker is of yesterday, the counts and keys are rebuilt for the day's 逾期 and weeks.</summary>
    [Fact]
    public async Task A_new_day_keeps_the_unit_again_with_the_day_s_counts_and_order()
    {
        await app.AddPersonAsync(TestData.Xianghe, "保留壬");
        await app.AddChildAsync(TestData.Xianghe, "保留癸", Today.AddMonths(-2).AddDays(-20));
        var xianghe = await app.SignedInAsync("xianghe");
        await ReadListAsync(xianghe, TestData.Xianghe);
        Assert.True(await MarkedAsync(TestData.Xianghe));
        using (app.Clock.At(app.Clock.GetUtcNow().AddDays(12)))
        {
            Assert.False(await MarkedAsync(TestData.Xianghe));
            await ReadListAsync(await app.SignedInAsync("xianghe"), TestData.Xianghe); // signed in again: the session of 12 days ago has expired
            Assert.True(await MarkedAsync(TestData.Xianghe));
            await AssertFirstPageEqualsTheWholeListAsync(TestData.Xianghe);
        }
    }

    [Theory]
    [InlineData("br")]
    [InlineData("gzip")]
    public async Task The_to_do_list_s_json_is_compressed(string encoding)
    {
        var xianghe = await app.SignedInAsync("xianghe");
        foreach (var url in new[] { "/api/worklist/persons?org=" + TestData.Xianghe, "/api/worklist?org=" + TestData.Xianghe })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.AcceptEncoding.ParseAdd(encoding);
            using var response = await xianghe.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal([encoding], response.Content.Headers.ContentEncoding);
        }
        // A page is not compressed: it carries the antiforgery token beside what the request chose (BREACH).
        using var page = new HttpRequestMessage(HttpMethod.Get, "/Worklist");
        page.Headers.AcceptEncoding.ParseAdd(encoding);
        using var html = await xianghe.SendAsync(page);
        Assert.Empty(html.Content.Headers.ContentEncoding);
    }
}

[Collection(OnSqlite.Name)]
public sealed class KeptDueItemsTestsOnSqlite(SqliteApp app) : KeptDueItemsTests(app);

[Collection(OnPostgres.Name)]
public sealed class KeptDueItemsTestsOnPostgres(PostgresApp app) : KeptDueItemsTests(app);
