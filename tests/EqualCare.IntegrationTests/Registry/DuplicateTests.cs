using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EqualCare.IntegrationTests.Infrastructure;
using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using EqualCare.Web.Domain.Cases;
using EqualCare.Web.Features.Duplicates;
using EqualCare.Web.Features.Persons;
using EqualCare.Web.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace EqualCare.IntegrationTests.Registry;

/// <summary>人口查重: the entry check, the list of suspected duplicates per scope, and the audited merge that keeps both histories.</summary>
public abstract class DuplicateTests(AppFixture app)
{
    static async Task<List<List<long>>> GroupsAsync(HttpClient client, string kind = "NameBirthHukou")
    {
        var groups = new List<List<long>>();
        for (var page = 1; ; page++)
        {
            var body = await client.GetFromJsonAsync<JsonElement>($"/api/duplicates?kind={kind}&page={page}");
            var items = body.GetProperty("groups").EnumerateArray().ToList();
            groups.AddRange(items.Select(g => g.GetProperty("members").EnumerateArray().Select(m => m.GetProperty("id").GetInt64()).ToList()));
            if (items.Count == 0 || page * DuplicateQueries.GroupsPerPage >= body.GetProperty("totalGroups").GetInt32()) return groups;
        }
    }

    static CurrentUser Xianghe => new(0, "xianghe", Roles.Community, OrgCode.Parse(TestData.Xianghe));

    [Fact]
    public async Task The_list_groups_cases_with_the_same_name_birth_date_and_hukou_county_within_the_scope()
    {
        var name = RegistryData.UniqueName("重");
        var birth = new DateOnly(1988, 8, 8);
        var a = await app.AddCaseAsync(TestData.Xianghe, name, p => p.BirthDate = birth);
        var b = await app.AddCaseAsync(TestData.Xianghe, name, p => p.BirthDate = birth);
        var otherCounty = await app.AddCaseAsync(TestData.Xianghe, name, p => { p.BirthDate = birth; p.HukouCountyCode = "411521"; });
        var inZhongyuan = await app.AddCaseAsync(TestData.Zhongyuan, name, p => p.BirthDate = birth);

        var xiangheGroups = await GroupsAsync(await app.SignedInAsync("xianghe"));
        var streetGroups = await GroupsAsync(await app.SignedInAsync("daxuelu"));

        Assert.Contains(xiangheGroups, g => g.SequenceEqual([a.Id, b.Id]));
        Assert.DoesNotContain(xiangheGroups, g => g.Contains(otherCounty.Id));
        Assert.Contains(streetGroups, g => g.SequenceEqual([a.Id, b.Id, inZhongyuan.Id]));
    }

    [Fact]
    public async Task The_list_groups_cases_sharing_a_placeholder_number_but_not_the_all_zero_one()
    {
        var birth = new DateOnly(2001, 1, 1).AddDays(Random.Shared.Next(0, 5000));
        var placeholder = "000000" + birth.ToString("yyyyMMdd", CultureInfo.InvariantCulture) + "0000";
        void Child(Person p, string id) { p.IdNumber = id; p.IdState = IdState.Placeholder; p.BirthDate = birth; }
        var a = await app.AddCaseAsync(TestData.Xianghe, RegistryData.UniqueName("童"), p => Child(p, placeholder));
        var b = await app.AddCaseAsync(TestData.Xianghe, RegistryData.UniqueName("童"), p => Child(p, placeholder));
        var z1 = await app.AddCaseAsync(TestData.Xianghe, RegistryData.UniqueName("零"), p => Child(p, new string('0', 18)));
        await app.AddCaseAsync(TestData.Xianghe, RegistryData.UniqueName("零"), p => Child(p, new string('0', 18)));

        var groups = await GroupsAsync(await app.SignedInAsync("xianghe"), "SamePlaceholderId");

        Assert.Contains(groups, g => g.SequenceEqual([a.Id, b.Id]));
        Assert.DoesNotContain(groups, g => g.Contains(z1.Id));
    }

    [Fact]
    public async Task A_merge_keeps_both_histories_hides_the_merged_case_and_is_audited()
    {
        var name = RegistryData.UniqueName("合");
        var birth = new DateOnly(1985, 2, 3);
        var survivor = await app.AddCaseAsync(TestData.Xianghe, name, p => p.BirthDate = birth);
        var merged = await app.AddCaseAsync(TestData.Xianghe, name, p => p.BirthDate = birth);
        await using (var scope = app.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<EqualCareDb>();
            db.Movements.Add(new Movement { PersonId = merged.Id, Kind = MovementKind.Arrival, OccurredOn = new DateOnly(2024, 3, 1),
                RecordedAt = DateTime.SpecifyKind(new DateTime(2024, 3, 2), DateTimeKind.Utc), RecordedBy = "xianghe", ToCommunityCode = TestData.Xianghe });
            await db.SaveChangesAsync();
        }
        var xianghe = await app.SignedInAsync("xianghe");

        var response = await xianghe.PostAsJsonAsync("/api/duplicates/merge", new
        {
            survivorId = survivor.Id, survivorVersion = 0, merged = new[] { new { id = merged.Id, version = 0 } }, note = "同一人重复登记",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var list = await xianghe.GetFromJsonAsync<JsonElement>("/api/persons?name=" + Uri.EscapeDataString(name));
        Assert.Equal([survivor.Id], list.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt64()));
        Assert.DoesNotContain(await GroupsAsync(xianghe), g => g.Contains(merged.Id));
        await using var check = app.Scope();
        var dbc = check.ServiceProvider.GetRequiredService<EqualCareDb>();
        var mergedNow = await dbc.Persons.AsNoTracking().SingleAsync(p => p.Id == merged.Id);
        Assert.Equal(survivor.Id, mergedNow.MergedIntoId);
        Assert.Equal(1, mergedNow.Version);
        var movements = await dbc.Movements.AsNoTracking().Where(m => m.PersonId == merged.Id || m.PersonId == survivor.Id).ToListAsync();
        Assert.Contains(movements, m => m.PersonId == merged.Id && m.Kind == MovementKind.Arrival);
        Assert.Contains(movements, m => m.PersonId == merged.Id && m.Kind == MovementKind.MergedDuplicate && m.Note!.Contains("同一人重复登记"));
        Assert.Contains(movements, m => m.PersonId == survivor.Id && m.Kind == MovementKind.MergedDuplicate
            && m.Note!.Contains(merged.Id.ToString(CultureInfo.InvariantCulture)));
        var ids = new[] { survivor.Id, merged.Id }.Select(i => i.ToString(CultureInfo.InvariantCulture)).ToList();
        var audit = await dbc.AuditEntries.AsNoTracking().Where(a => a.Action == "merge" && ids.Contains(a.EntityId!)).ToListAsync();
        Assert.Equal(2, audit.Count);
        Assert.All(audit, a => Assert.Equal("xianghe", a.UserName));

        // The survivor's history shows the merged case's events too, marked as such.
        var history = await xianghe.GetFromJsonAsync<JsonElement>($"/api/persons/{survivor.Id}/movements");
        Assert.Contains(history.GetProperty("items").EnumerateArray(),
            i => i.GetProperty("personId").GetInt64() == merged.Id && i.GetProperty("kind").GetString() == "Arrival");
    }

    [Fact]
    public async Task A_merge_with_a_stale_version_or_of_different_people_changes_nothing()
    {
        var name = RegistryData.UniqueName("旧");
        var birth = new DateOnly(1986, 6, 6);
        var a = await app.AddCaseAsync(TestData.Xianghe, name, p => p.BirthDate = birth);
        var b = await app.AddCaseAsync(TestData.Xianghe, name, p => p.BirthDate = birth);
        var stranger = await app.AddCaseAsync(TestData.Xianghe, RegistryData.UniqueName("陌"));
        var xianghe = await app.SignedInAsync("xianghe");

        var stale = await xianghe.PostAsJsonAsync("/api/duplicates/merge",
            new { survivorId = a.Id, survivorVersion = 0, merged = new[] { new { id = b.Id, version = 3 } } });
        var different = await xianghe.PostAsJsonAsync("/api/duplicates/merge",
            new { survivorId = a.Id, survivorVersion = 0, merged = new[] { new { id = stranger.Id, version = 0 } } });

        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Equal("duplicates.merge.stale", (await stale.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, different.StatusCode);
        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<EqualCareDb>();
        var ids = new[] { a.Id, b.Id, stranger.Id };
        Assert.False(await db.Persons.AnyAsync(p => ids.Contains(p.Id) && (p.MergedIntoId != null || p.Version != 0)));
        Assert.False(await db.Movements.AnyAsync(m => ids.Contains(m.PersonId)));
    }

    [Theory]
    [InlineData("zhongyuan")]
    [InlineData("erqi")]
    [InlineData("admin")]
    public async Task A_merge_is_not_found_outside_scope_and_for_roles_that_do_not_write(string userName)
    {
        var name = RegistryData.UniqueName("外");
        var birth = new DateOnly(1987, 7, 7);
        var a = await app.AddCaseAsync(TestData.Xianghe, name, p => p.BirthDate = birth);
        var b = await app.AddCaseAsync(TestData.Xianghe, name, p => p.BirthDate = birth);
        var client = await app.SignedInAsync(userName);

        var response = await client.PostAsJsonAsync("/api/duplicates/merge",
            new { survivorId = a.Id, survivorVersion = 0, merged = new[] { new { id = b.Id, version = 0 } } });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task The_page_merges_a_group_through_its_form()
    {
        var name = RegistryData.UniqueName("页");
        var birth = new DateOnly(1984, 4, 4);
        var a = await app.AddCaseAsync(TestData.Xianghe, name, p => p.BirthDate = birth);
        var b = await app.AddCaseAsync(TestData.Xianghe, name, p => p.BirthDate = birth);
        var xianghe = await app.SignedInAsync("xianghe");
        var html = await xianghe.GetStringAsync("/Duplicates");
        Assert.Contains("人口查重", html, StringComparison.Ordinal);
        var token = await Browserless.AntiforgeryTokenAsync(xianghe, "/Duplicates");

        var response = await xianghe.PostAsync("/Duplicates?handler=Merge&kind=NameBirthHukou", new FormUrlEncodedContent(
        [
            new("__RequestVerificationToken", token), new("survivor", b.Id.ToString(CultureInfo.InvariantCulture)),
            new("member", $"{a.Id}:0"), new("member", $"{b.Id}:0"), new("note", "页面合并"),
        ]));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<EqualCareDb>();
        Assert.Equal(b.Id, (await db.Persons.AsNoTracking().SingleAsync(p => p.Id == a.Id)).MergedIntoId);
    }

    [Fact]
    public async Task The_entry_check_opens_the_case_with_the_same_number_and_warns_of_same_name_birth_and_county()
    {
        var name = RegistryData.UniqueName("查");
        var existing = await app.AddCaseAsync(TestData.Xianghe, name);
        var elsewhere = await app.AddCaseAsync(TestData.Zhongyuan, name, p => p.BirthDate = existing.BirthDate);
        await using var scope = app.Scope();
        var check = scope.ServiceProvider.GetRequiredService<DuplicateCheck>();

        var byNumber = await check.CheckAsync(Xianghe, existing.IdNumber.ToLowerInvariant(), "别名", new DateOnly(2000, 1, 1), "110101", null, default);
        var byName = await check.CheckAsync(Xianghe, null, name, existing.BirthDate, existing.HukouCountyCode, null, default);
        var self = await check.CheckAsync(Xianghe, existing.IdNumber, name, existing.BirthDate, existing.HukouCountyCode, existing.Id, default);

        Assert.Equal(existing.Id, byNumber.ExistingPersonId);
        Assert.True(byNumber.ExistingInScope);
        Assert.Null(byName.ExistingPersonId);
        Assert.Equal(2, byName.Similar.Count);
        var own = Assert.Single(byName.Similar, c => c.InScope);
        Assert.Equal(existing.Id, own.Id);
        var foreign = Assert.Single(byName.Similar, c => !c.InScope);
        Assert.Null(foreign.Name);
        Assert.Equal(TestData.Zhongyuan, foreign.CommunityCode);
        Assert.False(self.OpensExisting);
        Assert.Equal(elsewhere.CommunityCode, Assert.Single(self.Similar).CommunityCode);
    }

    const string Tiyu = "410105001003"; // 体育社区, another district: outside xianghe's street

    [Fact]
    public async Task The_entry_check_api_names_neither_case_nor_community_outside_the_scope_and_audits_every_check()
    {
        var name = RegistryData.UniqueName("外");
        var far = await app.AddCaseAsync(Tiyu, name);
        await app.AddCaseAsync(TestData.Zhongyuan, name, p => p.BirthDate = far.BirthDate);
        var client = await app.SignedInAsync("xianghe");

        var response = await client.PostAsJsonAsync("/api/duplicates/check",
            new { idNumber = far.IdNumber, name, birthDate = far.BirthDate, hukouCountyCode = far.HukouCountyCode });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        var body = JsonDocument.Parse(text).RootElement;
        Assert.True(body.GetProperty("registeredElsewhere").GetBoolean());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("existingPersonId").ValueKind);
        Assert.DoesNotContain(Tiyu, text);
        Assert.DoesNotContain(TestData.Zhongyuan, text);
        var similar = Assert.Single(body.GetProperty("similar").EnumerateArray());
        Assert.Equal(JsonValueKind.Null, similar.GetProperty("communityCode").ValueKind);
        Assert.Equal(JsonValueKind.Null, similar.GetProperty("id").ValueKind);

        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<EqualCareDb>();
        var row = await db.AuditEntries.AsNoTracking().Where(a => a.Entity == "duplicate_check" && a.UserName == "xianghe")
            .OrderByDescending(a => a.Id).FirstAsync();
        Assert.Contains("unit=" + TestData.Xianghe, row.Detail);
        Assert.Contains("number=elsewhere", row.Detail);
        Assert.DoesNotContain(far.IdNumber, row.Detail!);
    }

    [Fact]
    public async Task The_registration_check_names_a_community_of_the_same_street_only()
    {
        var name = RegistryData.UniqueName("街");
        var far = await app.AddCaseAsync(Tiyu, name);
        await app.AddCaseAsync(TestData.Zhongyuan, name, p => p.BirthDate = far.BirthDate);
        await using var scope = app.Scope();
        var check = scope.ServiceProvider.GetRequiredService<DuplicateCheck>();

        var finding = await check.CheckAsync(Xianghe, null, name, far.BirthDate, far.HukouCountyCode, null, default);

        Assert.Equal(2, finding.Similar.Count);
        Assert.Contains(finding.Similar, c => c.CommunityCode == TestData.Zhongyuan);
        Assert.Contains(finding.Similar, c => c.CommunityCode is null && c.Id is null && c.Name is null);
        Assert.DoesNotContain(finding.Similar, c => c.CommunityCode == Tiyu);
    }
}

[Collection(OnSqlite.Name)]
public sealed class DuplicateTestsOnSqlite(SqliteApp app) : DuplicateTests(app);

[Collection(OnPostgres.Name)]
public sealed class DuplicateTestsOnPostgres(PostgresApp app) : DuplicateTests(app);
