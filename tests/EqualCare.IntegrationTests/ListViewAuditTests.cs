using System.Globalization;
using System.Net;
using EqualCare.IntegrationTests.Infrastructure;
using EqualCare.IntegrationTests.Registry;
using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static EqualCare.IntegrationTests.Statistics.StatFormApi;

namespace EqualCare.IntegrationTests;

/// <summary>
/// Issue 14 point 18: every list of personal data viewed, the statistics-form download and reading the audit log are
/// audited with the user, the unit and the filter used, one row per request; an ID number or phone appears in no detail
/// except masked.
/// </summary>
public abstract class ListViewAuditTests(AppFixture app)
{
    async Task<long> MarkAsync()
    {
        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<EqualCareDb>();
        return await db.AuditEntries.AsNoTracking().MaxAsync(a => (long?)a.Id) ?? 0;
    }

    /// <summary>The audit rows written since <paramref name="mark"/> by <paramref name="user"/> about <paramref name="entity"/>, oldest first.</summary>
    async Task<List<AuditEntry>> SinceAsync(long mark, string user, string entity)
    {
        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<EqualCareDb>();
        return await db.AuditEntries.AsNoTracking().Where(a => a.Id > mark && a.UserName == user && a.Entity == entity)
            .OrderBy(a => a.Id).ToListAsync();
    }

    static void NoNumber(AuditEntry row, params string[] numbers)
    {
        foreach (var number in numbers)
        {
            Assert.DoesNotContain(number, row.Detail ?? "", StringComparison.Ordinal);
            Assert.DoesNotContain(number, row.EntityId ?? "", StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_persons_list_page_and_api_are_audited_once_a_request_with_user_unit_and_filter()
    {
        var name = RegistryData.UniqueName("名单");
        await app.AddCaseAsync(TestData.Xianghe, name);
        await app.AddCaseAsync(TestData.Xianghe, name + "乙");
        var daxuelu = await app.SignedInAsync("daxuelu");
        var mark = await MarkAsync();

        Assert.Contains(name, await daxuelu.GetStringAsync($"/Persons?community={TestData.Xianghe}&status=Active&q={Uri.EscapeDataString(name)}"),
            StringComparison.Ordinal);
        await daxuelu.GetStringAsync("/api/persons?sex=Female&pageSize=5");

        var rows = await SinceAsync(mark, "daxuelu", "persons");
        Assert.Equal(2, rows.Count);
        Assert.All(rows, r => Assert.Equal((AuditLog.Actions.List, AuditOutcome.Success), (r.Action, r.Outcome)));
        // The page: the community listed is the entry's unit, the user's own unit and the filters are in the detail.
        Assert.Equal(TestData.Xianghe, rows[0].EntityId);
        Assert.StartsWith("unit=410103007000; ", rows[0].Detail, StringComparison.Ordinal);
        Assert.Contains("q=NameFragment", rows[0].Detail, StringComparison.Ordinal);
        Assert.Contains("text=" + name, rows[0].Detail, StringComparison.Ordinal);
        Assert.Contains("community=" + TestData.Xianghe, rows[0].Detail, StringComparison.Ordinal);
        Assert.Contains("status=Active", rows[0].Detail, StringComparison.Ordinal);
        Assert.EndsWith("; rows=2", rows[0].Detail, StringComparison.Ordinal);
        // The API with no unit chosen lists the user's own unit.
        Assert.Equal("410103007000", rows[1].EntityId);
        Assert.Contains("sex=Female", rows[1].Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_search_by_id_number_or_phone_is_audited_with_the_text_masked()
    {
        var phone = "139" + Random.Shared.Next(10_000_000, 99_999_999).ToString(CultureInfo.InvariantCulture);
        var person = await app.AddCaseAsync(TestData.Xianghe, RegistryData.UniqueName("号码"), p => p.Phone = phone);
        var id = person.IdNumber;
        var xianghe = await app.SignedInAsync("xianghe");
        var mark = await MarkAsync();

        await xianghe.GetStringAsync("/api/persons?q=" + id);
        await xianghe.GetStringAsync("/Persons?q=" + id[^6..]);
        await xianghe.GetStringAsync("/api/persons?idNumber=" + id);
        await xianghe.GetStringAsync("/api/persons?q=" + phone);
        await xianghe.GetStringAsync("/api/persons?phone=" + phone);

        var rows = await SinceAsync(mark, "xianghe", "persons");
        Assert.Equal(5, rows.Count);
        Assert.Contains("text=" + Masking.IdNumber(id), rows[0].Detail, StringComparison.Ordinal);
        Assert.Contains("text=**" + id[^4..], rows[1].Detail, StringComparison.Ordinal);
        Assert.Contains("idNumber=" + Masking.IdNumber(id), rows[2].Detail, StringComparison.Ordinal);
        Assert.Contains("text=" + Masking.Phone(phone), rows[3].Detail, StringComparison.Ordinal);
        Assert.Contains("phone=" + Masking.Phone(phone), rows[4].Detail, StringComparison.Ordinal);
        Assert.All(rows, r => NoNumber(r, id, id[^6..], phone, phone[..7]));
        // Each search by the ID number is also a view of the person found (issue 13 point 6), never naming the number.
        var views = await SinceAsync(mark, "xianghe", "person");
        Assert.Equal(3, views.Count(v => v.EntityId == person.Id.ToString(CultureInfo.InvariantCulture) && v.Action == AuditLog.Actions.View));
        Assert.All(views, v => NoNumber(v, id, id[^6..], phone));
    }

    [Fact]
    public async Task The_to_do_list_page_and_api_are_audited_with_unit_and_filter()
    {
        var xianghe = await app.SignedInAsync("xianghe");
        var mark = await MarkAsync();

        Assert.Equal(HttpStatusCode.OK, (await xianghe.GetAsync("/Worklist?view=overdue&group=Checkup&name=" + Uri.EscapeDataString("王"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await xianghe.GetAsync("/api/worklist")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await xianghe.GetAsync("/api/worklist/persons?view=week&page=1&name=13800001234")).StatusCode);

        var rows = await SinceAsync(mark, "xianghe", "worklist");
        Assert.Equal(3, rows.Count);
        Assert.All(rows, r => Assert.Equal((AuditLog.Actions.List, TestData.Xianghe), (r.Action, r.EntityId)));
        Assert.All(rows, r => Assert.StartsWith($"unit={TestData.Xianghe}; ", r.Detail, StringComparison.Ordinal));
        Assert.Contains("view=overdue;group=Checkup;nameText=王;page=1", rows[0].Detail, StringComparison.Ordinal);
        Assert.Contains("page=all", rows[1].Detail, StringComparison.Ordinal);
        Assert.Contains("view=week", rows[2].Detail, StringComparison.Ordinal);
        // A phone typed into the name filter is kept only masked.
        Assert.Contains("nameText=138****1234", rows[2].Detail, StringComparison.Ordinal);
        NoNumber(rows[2], "13800001234");
    }

    [Fact]
    public async Task Data_quality_lists_are_audited_and_a_unit_outside_scope_is_audited_as_refused()
    {
        var xianghe = await app.SignedInAsync("xianghe");
        var mark = await MarkAsync();

        Assert.Equal(HttpStatusCode.OK, (await xianghe.GetAsync("/DataQuality/List?issue=Stale&p=2")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await xianghe.GetAsync($"/api/data-quality/list?issue=PlaceholderId&community={TestData.Xianghe}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await xianghe.GetAsync($"/api/data-quality/list?issue=IdFormat&community={TestData.Zhongyuan}")).StatusCode);

        var rows = await SinceAsync(mark, "xianghe", "data-quality");
        Assert.Equal(3, rows.Count);
        Assert.All(rows, r => Assert.Equal(AuditLog.Actions.List, r.Action));
        Assert.Equal((TestData.Xianghe, AuditOutcome.Success), (rows[0].EntityId, rows[0].Outcome));
        Assert.Contains("issue=Stale;page=2", rows[0].Detail, StringComparison.Ordinal);
        Assert.Contains("issue=PlaceholderId", rows[1].Detail, StringComparison.Ordinal);
        Assert.Equal((TestData.Zhongyuan, AuditOutcome.Refused), (rows[2].EntityId, rows[2].Outcome));
        Assert.Contains("issue=IdFormat", rows[2].Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_duplicate_list_page_and_api_are_audited()
    {
        var name = RegistryData.UniqueName("重复");
        var birth = new DateOnly(1988, 3, 3);
        await app.AddCaseAsync(TestData.Xianghe, name, p => p.BirthDate = birth);
        await app.AddCaseAsync(TestData.Xianghe, name, p => p.BirthDate = birth);
        var xianghe = await app.SignedInAsync("xianghe");
        var mark = await MarkAsync();

        Assert.Equal(HttpStatusCode.OK, (await xianghe.GetAsync("/Duplicates")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await xianghe.GetAsync("/api/duplicates?kind=SamePlaceholderId&page=1")).StatusCode);

        var rows = await SinceAsync(mark, "xianghe", "duplicates");
        Assert.Equal(2, rows.Count);
        Assert.All(rows, r => Assert.Equal((AuditLog.Actions.List, TestData.Xianghe), (r.Action, r.EntityId)));
        Assert.Contains("duplicateKind=NameBirthHukou;page=1", rows[0].Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("; rows=0", rows[0].Detail, StringComparison.Ordinal);
        Assert.Contains("duplicateKind=SamePlaceholderId", rows[1].Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_statistics_form_download_is_audited_and_so_is_a_refused_one()
    {
        var zhongyuan = await app.SignedInAsync("zhongyuan");
        var id = await OpenAsync(zhongyuan, "2024-11-01", "2024-11-30");
        var xianghe = await app.SignedInAsync("xianghe");
        var mark = await MarkAsync();

        Assert.Equal(HttpStatusCode.OK, (await zhongyuan.GetAsync($"/StatForms/{id}/xlsx")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await xianghe.GetAsync($"/StatForms/{id}/xlsx")).StatusCode);

        var entityId = id.ToString(CultureInfo.InvariantCulture);
        var done = Assert.Single(await SinceAsync(mark, "zhongyuan", "statform"));
        Assert.Equal(("export", entityId, AuditOutcome.Success), (done.Action, done.EntityId, done.Outcome));
        Assert.Equal($"unit={TestData.Zhongyuan}; org={TestData.Zhongyuan}; period=2024-11-01..2024-11-30; format=xlsx", done.Detail);
        var refused = Assert.Single(await SinceAsync(mark, "xianghe", "statform"));
        Assert.Equal(("export", entityId, AuditOutcome.Refused), (refused.Action, refused.EntityId, refused.Outcome));
    }

    [Fact]
    public async Task Reading_the_audit_log_is_itself_audited_with_the_filter_used()
    {
        var admin = await app.SignedInAsync("admin");
        var mark = await MarkAsync();

        await admin.GetStringAsync("/Admin/Audit?user=xianghe&entity=persons&entityId=110101199003077777&outcome=Refused&from=2026-01-01");
        await admin.GetStringAsync("/Admin/Audit");

        var rows = await SinceAsync(mark, "admin", "audit");
        Assert.Equal(2, rows.Count);
        Assert.All(rows, r => Assert.Equal((AuditLog.Actions.List, "all"), (r.Action, r.EntityId)));
        Assert.Equal("unit=410100000000; user=xianghe;entity=persons;entityId=110101********7777;outcome=Refused;from=2026-01-01;page=1; rows=0",
            rows[0].Detail);
        Assert.StartsWith("unit=410100000000; page=1; rows=", rows[1].Detail, StringComparison.Ordinal);
        Assert.All(rows, r => NoNumber(r, "110101199003077777"));

        // The next reader sees the reading, in words.
        var next = await admin.GetStringAsync("/Admin/Audit?user=admin&entity=audit");
        Assert.Contains("审计日志", next, StringComparison.Ordinal);
        Assert.Contains("对象编号：110101********7777", next, StringComparison.Ordinal);
    }
}

[Collection(OnSqlite.Name)]
public sealed class ListViewAuditTestsOnSqlite(SqliteApp app) : ListViewAuditTests(app);

[Collection(OnPostgres.Name)]
public sealed class ListViewAuditTestsOnPostgres(PostgresApp app) : ListViewAuditTests(app);
