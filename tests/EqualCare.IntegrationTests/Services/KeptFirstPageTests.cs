using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EqualCare.IntegrationTests.Infrastructure;
using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using EqualCare.Web.Domain.Cases;
using CheckupAbsentees = EqualCare.Web.Features.Checkups.CheckupAbsentees;
using EqualCare.Web.Features.Identity;
using EqualCare.Web.Features.Worklist;
using EqualCare.Web.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EqualCare.IntegrationTests.Services;

/// <summary>
/// Issue 15: a community's first page of the whole to-do list is kept ready (<see cref="FirstPages"/>). A read with
/// nothing changed is served from it (the same rows, not read again); every kind of write that changes what the page shows
/// (a service, a case edit through the app, a 补检 absence, a write by hand, a new person, a new day) is seen by the next
/// read, which then equals the whole list computed from the schedules. A write in another community leaves it kept.
/// The test works in a community of its own, so no other test's persons are on its page.
/// </summary>
public abstract class KeptFirstPageTests(AppFixture app)
{
    const string Community = "410103006012";
    const string Password = "FirstPage2026a";

    DateOnly Today => app.Services.GetRequiredService<TimeProvider>().Today();

    static string Date(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    static CurrentUser Worker => new(1, "test", Roles.Community, OrgCode.Parse(Community));

    async Task<WorklistPersonsPage> FirstPageAsync()
    {
        await using var scope = app.Scope();
        return await scope.ServiceProvider.GetRequiredService<WorkerWorklist>()
            .PageAsync(Worker, null, null, null, null, null, 1, IndexModel.PageSize, CancellationToken.None);
    }

    /// <summary>The first page is the whole computed list's first page, row for row and item for item (names, ages, 补检 marks).</summary>
    async Task<WorklistPersonsPage> AssertCurrentAsync()
    {
        var page = await FirstPageAsync();
        await using var scope = app.Scope();
        var worklist = scope.ServiceProvider.GetRequiredService<WorkerWorklist>();
        var whole = WorkerWorklist.Page(await worklist.ForAsync(Worker, null, null, CancellationToken.None), null, null, null, 1, IndexModel.PageSize);
        Assert.True(whole.Persons > 0);
        Assert.Equal((whole.Counts, whole.Persons, whole.Items), (page.Counts, page.Persons, page.Items));
        Assert.Equal(whole.Rows.Select(r => (r.PersonId, r.Name, r.Age, r.Overdue, r.FirstDue)), page.Rows.Select(r => (r.PersonId, r.Name, r.Age, r.Overdue, r.FirstDue)));
        Assert.Equal(whole.Rows.SelectMany(r => r.Items), page.Rows.SelectMany(r => r.Items));
        return page;
    }

    /// <summary>The next read is served from the kept page: the very rows of <paramref name="before"/>.</summary>
    async Task AssertKeptAsync(WorklistPersonsPage before) => Assert.Same(before.Rows, (await FirstPageAsync()).Rows);

    async Task<HttpClient> WorkerClientAsync(string userName)
    {
        await using (var scope = app.Scope())
        {
            var created = await scope.ServiceProvider.GetRequiredService<UserAccounts>().CreateAsync(
                new NewUser(userName, "首页测试专干", Roles.Community, Community, Password), "test", CancellationToken.None, mustChangePassword: false);
            Assert.True(created.IsSuccess);
        }
        return await app.SignedInAsync(userName, Password);
    }

    /// <summary>The list's first page as the API answers it, decoded from the encoding asked for (none: plain JSON).</summary>
    static async Task<string> ApiPageAsync(HttpClient client, string? encoding, string query = "")
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/worklist/persons" + query);
        if (encoding is not null) request.Headers.AcceptEncoding.ParseAdd(encoding);
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        if (encoding is null)
        {
            Assert.Empty(response.Content.Headers.ContentEncoding);
            return Encoding.UTF8.GetString(bytes);
        }
        Assert.Equal([encoding], response.Content.Headers.ContentEncoding);
        Assert.Contains("Accept-Encoding", response.Headers.Vary);
        await using Stream decoded = encoding == "br"
            ? new BrotliStream(new MemoryStream(bytes), CompressionMode.Decompress)
            : new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
        using var reader = new StreamReader(decoded, Encoding.UTF8);
        return await reader.ReadToEndAsync();
    }

    /// <summary>The page the API would serialise for the user, with the app's JSON options.</summary>
    async Task<string> SerialisedAsync(string userName, string? listScope = null)
    {
        await using var scope = app.Scope();
        var id = await scope.ServiceProvider.GetRequiredService<EqualCareDb>().Users.Where(u => u.UserName == userName).Select(u => u.Id).SingleAsync();
        var page = await scope.ServiceProvider.GetRequiredService<WorkerWorklist>().PageAsync(
            new CurrentUser(id, userName, Roles.Community, OrgCode.Parse(Community)), null, listScope, null, null, null, 1, IndexModel.PageSize, CancellationToken.None);
        return JsonSerializer.Serialize(page, app.Services.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions);
    }

    async Task RenameAsync(long personId, string name)
    {
        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<EqualCareDb>();
        (await db.Persons.SingleAsync(p => p.Id == personId)).Name = name;
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task The_first_page_is_kept_until_a_write_changes_it_and_then_equals_the_whole_list()
    {
        var worker = await WorkerClientAsync("fp012a");
        var absent = await app.AddPersonAsync(Community, "首页甲");
        var renamed = await app.AddPersonAsync(Community, "首页乙");
        var child = await app.AddChildAsync(Community, "首页丙", Today.AddMonths(-3));

        var page = await AssertCurrentAsync();
        await AssertKeptAsync(page);

        // A write in another community leaves this one's page kept.
        await app.AddPersonAsync(TestData.Xianghe, "首页他社区");
        await AssertKeptAsync(page);

        // A service recorded through the API.
        var given = await worker.PostAsJsonAsync($"/api/persons/{child.Id}/services",
            new { kind = "Immunisation", date = Date(Today), vaccine = "HepB", doseNumber = 1, batchNumber = "202612F", injectionSite = "右上臂" });
        Assert.Equal(HttpStatusCode.Created, given.StatusCode);
        page = await AssertCurrentAsync();
        await AssertKeptAsync(page);

        // A case edit through the app's save: the row shows the new name.
        await RenameAsync(renamed.Id, "首页乙改");
        page = await AssertCurrentAsync();
        Assert.Contains(page.Rows, r => r.PersonId == renamed.Id && r.Name == "首页乙改");
        await AssertKeptAsync(page);

        // A woman absent from the community's check-up day: her 康检 gets the 补检 mark (no item of hers changes).
        var day = await worker.PostAsJsonAsync("/api/checkups", new { day = Date(Today), place = "社区卫生服务站" });
        Assert.Equal(HttpStatusCode.Created, day.StatusCode);
        var dayId = (await day.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        var saved = await worker.PostAsJsonAsync($"/api/checkups/{dayId}/attendance",
            new { entries = new object[] { new { personId = absent.Id, status = "Absent", reason = "Ill" } } });
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        page = await AssertCurrentAsync();
        Assert.Contains(page.Rows.Single(r => r.PersonId == absent.Id).Items, i => i.ItemName.EndsWith(CheckupAbsentees.CatchUpMark, StringComparison.Ordinal));
        await AssertKeptAsync(page);

        // A write outside the app's save (by hand): the database forgets the person's items, the next read keeps them again.
        await using (var scope = app.Scope())
            await scope.ServiceProvider.GetRequiredService<EqualCareDb>().Persons.Where(p => p.Id == renamed.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(p => p.Name, "首页乙手改"));
        page = await AssertCurrentAsync();
        Assert.Contains(page.Rows, r => r.PersonId == renamed.Id && r.Name == "首页乙手改");

        // A new person registered through the app.
        var added = await app.AddPersonAsync(Community, "首页丁");
        page = await AssertCurrentAsync();
        Assert.Contains(page.Rows, r => r.PersonId == added.Id);
        await AssertKeptAsync(page);

        // A new day: the page is of that day (its 逾期, its ages), not yesterday's.
        var today = Today;
        using (app.Clock.At(app.Clock.GetUtcNow().AddDays(40)))
        {
            var later = await AssertCurrentAsync();
            Assert.NotSame(page.Rows, later.Rows);
            Assert.Equal(today.AddDays(40), later.Today);
        }
    }

    /// <summary>
    /// The API writes the kept page from a body serialised and compressed once: in each encoding it is the JSON the page
    /// would serialise to, and after a write it is the new page's.
    /// </summary>
    [Fact]
    public async Task The_api_answers_the_kept_page_with_the_json_it_would_serialise_in_every_encoding()
    {
        const string userName = "fp012b";
        var worker = await WorkerClientAsync(userName);
        var renamed = await app.AddPersonAsync(Community, "首页己");

        var plain = await ApiPageAsync(worker, null);
        Assert.Equal(await SerialisedAsync(userName), plain);
        foreach (var encoding in new string?[] { null, "br", "gzip", "br", "gzip" }) Assert.Equal(plain, await ApiPageAsync(worker, encoding));

        // The same kept rows for a worker with a person of her own who asks for the whole community: her figure differs.
        await using (var scope = app.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<EqualCareDb>();
            var id = await db.Users.Where(u => u.UserName == userName).Select(u => u.Id).SingleAsync();
            db.WorkerAssignments.Add(new WorkerAssignment
            {
                PersonId = renamed.Id, CommunityCode = Community, WorkerId = id, AssignedAt = app.Clock.GetUtcNow().UtcDateTime, AssignedBy = "test",
            });
            await db.SaveChangesAsync();
        }
        var whole = await ApiPageAsync(worker, "br", "?scope=all");
        Assert.Contains("\"assignedToMe\":1", whole, StringComparison.Ordinal);
        Assert.Equal(await SerialisedAsync(userName, "all"), whole);

        await RenameAsync(renamed.Id, "首页己改");
        var after = await ApiPageAsync(worker, "br");
        Assert.NotEqual(plain, after);
        Assert.Contains("首页己改", after, StringComparison.Ordinal);
        Assert.Equal(await SerialisedAsync(userName), after);
        Assert.Equal(after, await ApiPageAsync(worker, "gzip"));
    }

    /// <summary>A community nobody was ever kept in: its empty first page is kept, and its first person is on the next read.</summary>
    [Fact]
    public async Task The_first_person_of_a_community_never_kept_before_is_on_its_next_page()
    {
        const string empty = "410103006010";
        var user = new CurrentUser(1, "test", Roles.Community, OrgCode.Parse(empty));
        async Task<WorklistPersonsPage> PageAsync()
        {
            await using var scope = app.Scope();
            return await scope.ServiceProvider.GetRequiredService<WorkerWorklist>()
                .PageAsync(user, null, null, null, null, null, 1, IndexModel.PageSize, CancellationToken.None);
        }
        var before = await PageAsync();
        Assert.Equal(0, before.Persons);
        Assert.Same(before.Rows, (await PageAsync()).Rows);

        var first = await app.AddPersonAsync(empty, "首页庚");
        var after = await PageAsync();
        Assert.Equal(1, after.Persons);
        Assert.Equal([first.Id], after.Rows.Select(r => r.PersonId));
    }

    /// <summary>A filtered list, another page or another size is read each time: only the default first page is kept.</summary>
    [Fact]
    public async Task Only_the_whole_list_s_default_first_page_is_kept()
    {
        await app.AddPersonAsync(Community, "首页戊");
        await using var scope = app.Scope();
        var worklist = scope.ServiceProvider.GetRequiredService<WorkerWorklist>();
        foreach (var (view, size) in new[] { ("overdue", IndexModel.PageSize), ("all", 20) })
        {
            var first = await worklist.PageAsync(Worker, null, null, null, view, null, 1, size, CancellationToken.None);
            var second = await worklist.PageAsync(Worker, null, null, null, view, null, 1, size, CancellationToken.None);
            Assert.NotSame(first.Rows, second.Rows);
            Assert.Equal(first.Rows.SelectMany(r => r.Items), second.Rows.SelectMany(r => r.Items));
        }
    }
}

[Collection(OnSqlite.Name)]
public sealed class KeptFirstPageTestsOnSqlite(SqliteApp app) : KeptFirstPageTests(app);

[Collection(OnPostgres.Name)]
public sealed class KeptFirstPageTestsOnPostgres(PostgresApp app) : KeptFirstPageTests(app);
