using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using EqualCare.IntegrationTests.Infrastructure;
using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using EqualCare.Web.Features.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace EqualCare.IntegrationTests.Assignments;

/// <summary>
/// 分片包干 (issue 13 point 5) and the list of one row per person (point 4): 大学路街道 gives 祥和's persons, one by one or a
/// building at a time, to 祥和's community workers; a worker's list (page, API, home page) shows her own persons by default
/// and the whole community on request; a reassignment ends the old row and keeps it; every change is audited; nothing is
/// assigned outside the street's scope or to a worker of another community.
/// </summary>
public abstract partial class WorkerAssignmentTests(AppFixture app)
{
    const string Password = "Assign2026a";

    async Task<(long Id, string UserName)> WorkerAsync(string community = TestData.Xianghe)
    {
        var userName = "wa" + TestData.NextSerial().ToString(CultureInfo.InvariantCulture);
        await using var scope = app.Scope();
        var created = await scope.ServiceProvider.GetRequiredService<UserAccounts>().CreateAsync(
            new NewUser(userName, "包片专干" + userName, Roles.Community, community, Password), "test", CancellationToken.None, mustChangePassword: false);
        Assert.True(created.IsSuccess);
        return (created.Value.Id, userName);
    }

    static Task<HttpResponseMessage> AssignAsync(HttpClient street, long worker, params long[] persons) =>
        street.PostAsJsonAsync("/api/worklist/assignments", new { community = TestData.Xianghe, workerId = worker, personIds = persons });

    static async Task<HashSet<long>> PersonsOnListAsync(HttpClient client, string query = "")
    {
        var list = await client.GetFromJsonAsync<JsonElement>("/api/worklist" + query);
        return list.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("personId").GetInt64()).ToHashSet();
    }

    async Task<List<WorkerAssignment>> RowsAsync(long personId)
    {
        await using var scope = app.Scope();
        return await scope.ServiceProvider.GetRequiredService<EqualCareDb>().WorkerAssignments.AsNoTracking()
            .Where(a => a.PersonId == personId).OrderBy(a => a.Id).ToListAsync();
    }

    async Task<List<AuditEntry>> AuditAsync(long personId)
    {
        await using var scope = app.Scope();
        var id = personId.ToString(CultureInfo.InvariantCulture);
        return await scope.ServiceProvider.GetRequiredService<EqualCareDb>().AuditEntries.AsNoTracking()
            .Where(a => a.Entity == "person" && a.EntityId == id && a.Detail != null && a.Detail.StartsWith("assign")).OrderBy(a => a.Id).ToListAsync();
    }

    [Fact]
    public async Task A_worker_sees_her_assigned_persons_by_default_and_the_whole_community_on_request()
    {
        var mine = await app.AddPersonAsync(TestData.Xianghe, "包片甲");
        var other = await app.AddPersonAsync(TestData.Xianghe, "包片乙");
        var (workerId, userName) = await WorkerAsync();
        var worker = await app.SignedInAsync(userName, Password);

        // No one assigned to her yet: she works the whole community, and the page offers no switch.
        Assert.Superset(new HashSet<long> { mine.Id, other.Id }, await PersonsOnListAsync(worker));
        Assert.DoesNotContain("id=\"worklist-scope\"", await worker.GetStringAsync("/Worklist"), StringComparison.Ordinal);

        var street = await app.SignedInAsync("daxuelu");
        var response = await AssignAsync(street, workerId, mine.Id);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((1, 0, 0), (result.GetProperty("assigned").GetInt32(), result.GetProperty("reassigned").GetInt32(), result.GetProperty("unchanged").GetInt32()));

        Assert.Equal(new HashSet<long> { mine.Id }, await PersonsOnListAsync(worker));
        Assert.Superset(new HashSet<long> { mine.Id, other.Id }, await PersonsOnListAsync(worker, "?scope=all"));

        var rows = await worker.GetFromJsonAsync<JsonElement>("/api/worklist/persons");
        Assert.True(rows.GetProperty("mine").GetBoolean());
        Assert.Equal(1, rows.GetProperty("assignedToMe").GetInt32());
        var row = Assert.Single(rows.GetProperty("rows").EnumerateArray());
        Assert.Equal((mine.Id, Masking.IdNumber(mine.IdNumber)), (row.GetProperty("personId").GetInt64(), row.GetProperty("idNumberMasked").GetString()));
        Assert.True(row.GetProperty("items").GetArrayLength() > 0);
        var all = await worker.GetFromJsonAsync<JsonElement>("/api/worklist/persons?scope=all&pageSize=500");
        Assert.False(all.GetProperty("mine").GetBoolean());
        Assert.Contains(all.GetProperty("rows").EnumerateArray(), r => r.GetProperty("personId").GetInt64() == other.Id);

        var page = await worker.GetStringAsync("/Worklist");
        Assert.Contains("id=\"worklist-scope\"", page, StringComparison.Ordinal);
        Assert.Contains("包片甲", page, StringComparison.Ordinal);
        Assert.DoesNotContain("包片乙", page, StringComparison.Ordinal);
        Assert.Contains("包片乙", await worker.GetStringAsync("/Worklist?scope=all&name=" + Uri.EscapeDataString("包片乙")), StringComparison.Ordinal);

        var audit = Assert.Single(await AuditAsync(mine.Id));
        Assert.Equal(("daxuelu", AuditLog.Actions.Update), (audit.UserName, audit.Action));
        Assert.Contains("worker=" + workerId.ToString(CultureInfo.InvariantCulture), audit.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_reassignment_ends_the_old_row_keeps_it_and_audits_both()
    {
        var person = await app.AddPersonAsync(TestData.Xianghe, "改分甲");
        var (first, firstName) = await WorkerAsync();
        var (second, _) = await WorkerAsync();
        var street = await app.SignedInAsync("daxuelu");
        Assert.Equal(HttpStatusCode.OK, (await AssignAsync(street, first, person.Id)).StatusCode);
        var again = await (await AssignAsync(street, first, person.Id)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((0, 1), (again.GetProperty("assigned").GetInt32(), again.GetProperty("unchanged").GetInt32()));

        var moved = await (await AssignAsync(street, second, person.Id)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((1, 1), (moved.GetProperty("assigned").GetInt32(), moved.GetProperty("reassigned").GetInt32()));

        var rows = await RowsAsync(person.Id);
        Assert.Equal(2, rows.Count);
        Assert.Equal((first, "daxuelu"), (rows[0].WorkerId, rows[0].EndedBy));
        Assert.NotNull(rows[0].EndedAt);
        Assert.Equal((second, (DateTime?)null), (rows[1].WorkerId, rows[1].EndedAt));
        var audit = await AuditAsync(person.Id);
        Assert.Equal(2, audit.Count);
        Assert.Contains("from=" + first.ToString(CultureInfo.InvariantCulture), audit[1].Detail, StringComparison.Ordinal);

        // The first worker has no one left: her list is the whole community again, without the switch.
        var firstWorker = await app.SignedInAsync(firstName, Password);
        var view = await firstWorker.GetFromJsonAsync<JsonElement>("/api/worklist/persons?name=" + Uri.EscapeDataString("改分甲"));
        Assert.Equal((false, 0), (view.GetProperty("mine").GetBoolean(), view.GetProperty("assignedToMe").GetInt32()));
        Assert.Single(view.GetProperty("rows").EnumerateArray());
    }

    [Fact]
    public async Task A_building_is_assigned_whole_and_only_that_building()
    {
        var a = await app.AddPersonAsync(TestData.Xianghe, "楼栋甲");
        var b = await app.AddPersonAsync(TestData.Xianghe, "楼栋乙");
        var c = await app.AddPersonAsync(TestData.Xianghe, "楼栋丙");
        var road = "包片路" + TestData.NextSerial().ToString(CultureInfo.InvariantCulture) + "号院";
        await using (var scope = app.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<EqualCareDb>();
            await db.Persons.Where(p => p.Id == a.Id).ExecuteUpdateAsync(s => s.SetProperty(p => p.ResidenceAddress, road + "7号楼1单元101"));
            await db.Persons.Where(p => p.Id == b.Id).ExecuteUpdateAsync(s => s.SetProperty(p => p.ResidenceAddress, road + "7号楼3单元502"));
            await db.Persons.Where(p => p.Id == c.Id).ExecuteUpdateAsync(s => s.SetProperty(p => p.ResidenceAddress, road + "17号楼1单元101"));
        }
        var (worker, _) = await WorkerAsync();
        var street = await app.SignedInAsync("daxuelu");
        var board = await street.GetFromJsonAsync<JsonElement>($"/api/worklist/assignments?community={TestData.Xianghe}&building={Uri.EscapeDataString(road + "7号楼")}");
        Assert.Equal([a.Id, b.Id], board.GetProperty("persons").EnumerateArray().Select(p => p.GetProperty("personId").GetInt64()).Order());
        Assert.Contains(board.GetProperty("workers").EnumerateArray(), w => w.GetProperty("id").GetInt64() == worker);
        Assert.Contains(board.GetProperty("buildings").EnumerateArray(), x => x.GetProperty("building").GetString() == road + "17号楼");

        var response = await street.PostAsJsonAsync("/api/worklist/assignments", new { community = TestData.Xianghe, workerId = worker, building = road + "7号楼" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("assigned").GetInt32());
        Assert.Equal((road + "7号楼", worker), ((await RowsAsync(a.Id)).Single().Building, (await RowsAsync(b.Id)).Single().WorkerId));
        Assert.Empty(await RowsAsync(c.Id));
    }

    [Fact]
    public async Task Assignment_outside_the_street_s_scope_or_by_another_role_is_refused_and_writes_nothing()
    {
        var person = await app.AddPersonAsync(TestData.Xianghe, "越权甲");
        var elsewhere = await app.AddPersonAsync(TestData.Zhongyuan, "越权乙");
        var (worker, workerName) = await WorkerAsync();
        var (zhongyuanWorker, _) = await WorkerAsync(TestData.Zhongyuan);

        // Another street: 祥和 is outside its scope, so it does not exist for it (404, as every record outside scope).
        Assert.Equal(HttpStatusCode.NotFound, (await AssignAsync(await app.SignedInAsync("dongfenglu"), worker, person.Id)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound,
            (await (await app.SignedInAsync("dongfenglu")).GetAsync($"/api/worklist/assignments?community={TestData.Xianghe}")).StatusCode);
        // The system administrator sees no persons at all (separation of duties): 404 as well.
        Assert.Equal(HttpStatusCode.NotFound, (await AssignAsync(await app.SignedInAsync("admin"), worker, person.Id)).StatusCode);
        // In scope but not the street's role: a community worker, or the district, may not assign (403).
        Assert.Equal(HttpStatusCode.Forbidden, (await AssignAsync(await app.SignedInAsync(workerName, Password), worker, person.Id)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await AssignAsync(await app.SignedInAsync("erqi"), worker, person.Id)).StatusCode);

        var street = await app.SignedInAsync("daxuelu");
        // A person of another community in the request: the whole request is refused.
        Assert.Equal(HttpStatusCode.NotFound, (await AssignAsync(street, worker, person.Id, elsewhere.Id)).StatusCode);
        // A worker of another community is not a worker of this one.
        var wrongWorker = await AssignAsync(street, zhongyuanWorker, person.Id);
        Assert.Equal(HttpStatusCode.BadRequest, wrongWorker.StatusCode);
        Assert.Equal("assign.worker.notInCommunity", (await wrongWorker.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());

        Assert.Empty(await RowsAsync(person.Id));
        Assert.Empty(await RowsAsync(elsewhere.Id));
        Assert.Empty(await AuditAsync(person.Id));

        // The page too: another street's user gets the not-found page, a worker is forbidden.
        Assert.Equal(HttpStatusCode.NotFound, (await (await app.SignedInAsync("dongfenglu")).GetAsync($"/Worklist/Assign?community={TestData.Xianghe}")).StatusCode);
    }

    [Fact]
    public async Task The_street_assigns_ticked_persons_on_the_assignment_page()
    {
        var person = await app.AddPersonAsync(TestData.Xianghe, "页面包片甲");
        var (worker, _) = await WorkerAsync();
        var street = await app.SignedInAsync("daxuelu");
        var page = await street.GetStringAsync($"/Worklist/Assign?community={TestData.Xianghe}&unassigned=true");
        Assert.Contains("祥和社区", page, StringComparison.Ordinal);
        Assert.DoesNotContain(person.IdNumber, page, StringComparison.Ordinal);
        var token = await Browserless.AntiforgeryTokenAsync(street, $"/Worklist/Assign?community={TestData.Xianghe}");
        var posted = await street.PostAsync("/Worklist/Assign", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["community"] = TestData.Xianghe, ["worker"] = worker.ToString(CultureInfo.InvariantCulture),
            ["PersonIds"] = person.Id.ToString(CultureInfo.InvariantCulture), ["whole"] = "false",
        }));
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        Assert.Equal(worker, Assert.Single(await RowsAsync(person.Id)).WorkerId);
    }

    [GeneratedRegex("""id="home-worklist">\s*<span class="card-figure">([\d,]+)</span>""")]
    private static partial Regex HomeAll();

    [GeneratedRegex("""href="/Worklist\?view=week">\s*<span class="card-figure">([\d,]+)</span>""")]
    private static partial Regex HomeWeek();

    static int Figure(Regex regex, string html)
    {
        var m = regex.Match(html);
        Assert.True(m.Success, "the home page shows no to-do figure");
        return int.Parse(m.Groups[1].Value.Replace(",", "", StringComparison.Ordinal), CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task The_home_page_s_to_do_figures_are_the_list_s_for_the_same_user()
    {
        await app.AddPersonAsync(TestData.Xianghe, "首页待办甲");
        var assigned = await app.AddPersonAsync(TestData.Xianghe, "首页待办乙");
        var (workerId, userName) = await WorkerAsync();
        var worker = await app.SignedInAsync(userName, Password);
        Assert.Equal(HttpStatusCode.OK, (await AssignAsync(await app.SignedInAsync("daxuelu"), workerId, assigned.Id)).StatusCode);

        foreach (var client in new[] { await app.SignedInAsync("xianghe"), worker, await app.SignedInAsync("daxuelu") })
        {
            var counts = (await client.GetFromJsonAsync<JsonElement>("/api/worklist")).GetProperty("counts");
            var home = await client.GetStringAsync("/");
            Assert.Equal(counts.GetProperty("all").GetInt32(), Figure(HomeAll(), home));
            Assert.Equal(counts.GetProperty("dueThisWeek").GetInt32(), Figure(HomeWeek(), home));
            var rows = await client.GetFromJsonAsync<JsonElement>("/api/worklist/persons");
            Assert.Equal(counts.GetProperty("all").GetInt32(), rows.GetProperty("counts").GetProperty("all").GetInt32());
        }
        // The worker's figures are her own persons' (her list's default), not the community's.
        var own = (await worker.GetFromJsonAsync<JsonElement>("/api/worklist")).GetProperty("items").EnumerateArray().ToList();
        Assert.All(own, i => Assert.Equal(assigned.Id, i.GetProperty("personId").GetInt64()));
        Assert.Equal(own.Count, Figure(HomeAll(), await worker.GetStringAsync("/")));
    }

    [Fact]
    public async Task Rows_are_one_per_person_ordered_by_the_most_urgent_item_and_the_heading_names_the_unit()
    {
        await app.AddPersonAsync(TestData.Xianghe, "排序甲");
        var xianghe = await app.SignedInAsync("xianghe");
        var flat = await xianghe.GetFromJsonAsync<JsonElement>("/api/worklist?scope=all");
        var byPerson = await xianghe.GetFromJsonAsync<JsonElement>("/api/worklist/persons?scope=all&pageSize=500");
        var rows = byPerson.GetProperty("rows").EnumerateArray().ToList();
        var persons = flat.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("personId").GetInt64()).Distinct().Count();
        Assert.Equal(persons, byPerson.GetProperty("persons").GetInt32());
        Assert.Equal(flat.GetProperty("items").GetArrayLength(), byPerson.GetProperty("items").GetInt32());
        Assert.Equal(rows.Count, rows.Select(r => r.GetProperty("personId").GetInt64()).Distinct().Count());
        for (var i = 1; i < rows.Count; i++)
        {
            var (a, b) = (rows[i - 1], rows[i]);
            var key = (Overdue: a.GetProperty("overdue").GetBoolean(), Due: a.GetProperty("firstDue").GetString()!);
            var next = (Overdue: b.GetProperty("overdue").GetBoolean(), Due: b.GetProperty("firstDue").GetString()!);
            Assert.True(key.Overdue && !next.Overdue || key.Overdue == next.Overdue && string.CompareOrdinal(key.Due, next.Due) <= 0,
                $"row {i} ({next}) is before row {i - 1} ({key})");
        }
        Assert.Equal("祥和社区", byPerson.GetProperty("unitName").GetString());
        var page = await xianghe.GetStringAsync("/Worklist");
        var heading = Regex.Match(page, "<h1>(.*?)</h1>", RegexOptions.Singleline).Groups[1].Value;
        Assert.Contains("祥和社区", heading, StringComparison.Ordinal);
        Assert.DoesNotContain(TestData.Xianghe, heading, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_history_of_assignments_cannot_be_rewritten_or_deleted()
    {
        var person = await app.AddPersonAsync(TestData.Xianghe, "留档甲");
        var (worker, _) = await WorkerAsync();
        Assert.Equal(HttpStatusCode.OK, (await AssignAsync(await app.SignedInAsync("daxuelu"), worker, person.Id)).StatusCode);
        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<EqualCareDb>();
        var id = (await RowsAsync(person.Id)).Single().Id;
        await Assert.ThrowsAnyAsync<Exception>(() => db.WorkerAssignments.Where(a => a.Id == id).ExecuteUpdateAsync(s => s.SetProperty(a => a.WorkerId, 1L)));
        await Assert.ThrowsAnyAsync<Exception>(() => db.WorkerAssignments.Where(a => a.Id == id).ExecuteDeleteAsync());
        Assert.Equal(worker, (await RowsAsync(person.Id)).Single().WorkerId);
    }
}

[Collection(OnSqlite.Name)]
public sealed class WorkerAssignmentTestsOnSqlite(SqliteApp app) : WorkerAssignmentTests(app);

[Collection(OnPostgres.Name)]
public sealed class WorkerAssignmentTestsOnPostgres(PostgresApp app) : WorkerAssignmentTests(app);
