using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using EqualCare.IntegrationTests.Infrastructure;
using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace EqualCare.IntegrationTests.Registry;

/// <summary>
/// The one search box of the persons list (issue 13 point 6): a name fragment of 1, 2 or more characters anywhere in the
/// name, the last 4 or 6 characters of the ID number, its masked form, the last 4 digits of a phone; masked results only,
/// nothing outside the user's scope, searches by ID number audited as views.
/// </summary>
public abstract class PersonSearchBoxTests(AppFixture app)
{
    sealed record Row(long Id, string Name, string IdNumberMasked, string PhoneMasked);

    static async Task<List<Row>> SearchAsync(HttpClient client, string q)
    {
        var page = await client.GetFromJsonAsync<JsonElement>("/api/persons?pageSize=200&q=" + Uri.EscapeDataString(q));
        return page.GetProperty("items").EnumerateArray()
            .Select(i => new Row(i.GetProperty("id").GetInt64(), i.GetProperty("name").GetString()!,
                i.GetProperty("idNumberMasked").GetString()!, i.GetProperty("phoneMasked").GetString()!))
            .OrderBy(r => r.Id).ToList();
    }

    static async Task<List<long>> IdsAsync(HttpClient client, string q) => (await SearchAsync(client, q)).Select(r => r.Id).ToList();

    /// <summary>
    /// A character of CJK Extension A that no other test's names use (they draw from the basic block), so that a 1- or
    /// 2-character search returns only this test's persons. Chinese given names do use such characters.
    /// </summary>
    static string Rare() => ((char)(0x3400 + Random.Shared.Next(0, 6500))).ToString();

    [Fact]
    public async Task One_character_finds_every_name_holding_it_at_the_start_middle_or_end_within_scope_only()
    {
        var c = Rare();
        var start = await app.AddCaseAsync(TestData.Xianghe, c + "秀英");
        var middle = await app.AddCaseAsync(TestData.Xianghe, "王" + c + "华");
        var end = await app.AddCaseAsync(TestData.Xianghe, "李丽" + c);
        await app.AddCaseAsync(TestData.Xianghe, "李丽");
        var elsewhere = await app.AddCaseAsync(TestData.Zhongyuan, "赵" + c);

        Assert.Equal([start.Id, middle.Id, end.Id], await IdsAsync(await app.SignedInAsync("xianghe"), c));
        Assert.Equal([start.Id, middle.Id, end.Id, elsewhere.Id], await IdsAsync(await app.SignedInAsync("daxuelu"), c));
        Assert.Equal([elsewhere.Id], await IdsAsync(await app.SignedInAsync("zhongyuan"), c));
        Assert.Empty(await IdsAsync(await app.SignedInAsync("dongfenglu"), c));
    }

    [Fact]
    public async Task Two_characters_find_them_side_by_side_in_that_order_only()
    {
        var (a, b) = (Rare(), Rare());
        var together = await app.AddCaseAsync(TestData.Xianghe, "张" + a + b);
        var alone = await app.AddCaseAsync(TestData.Xianghe, a + b);
        await app.AddCaseAsync(TestData.Xianghe, a + "明" + b);
        await app.AddCaseAsync(TestData.Xianghe, "张" + b + a);
        var xianghe = await app.SignedInAsync("xianghe");

        Assert.Equal([together.Id, alone.Id], await IdsAsync(xianghe, a + b));
        Assert.Equal([together.Id, alone.Id], await IdsAsync(xianghe, " " + a + b + " "));
    }

    [Fact]
    public async Task Three_or_more_characters_find_the_fragment_anywhere_and_like_wildcards_are_plain_characters()
    {
        var (a, b, c) = (Rare(), Rare(), Rare());
        var inside = await app.AddCaseAsync(TestData.Xianghe, "欧阳" + a + b + c + "强");
        var whole = await app.AddCaseAsync(TestData.Xianghe, a + b + c);
        await app.AddCaseAsync(TestData.Xianghe, a + b + "丽" + c);
        var xianghe = await app.SignedInAsync("xianghe");

        Assert.Equal([inside.Id, whole.Id], await IdsAsync(xianghe, a + b + c));
        Assert.Equal([inside.Id], await IdsAsync(xianghe, a + b + c + "强"));
        Assert.Empty(await IdsAsync(xianghe, a + "_" + c));
        Assert.Empty(await IdsAsync(xianghe, a + "%" + c));
        Assert.Empty(await IdsAsync(xianghe, "%%%"));
    }

    [Fact]
    public async Task The_last_4_or_6_characters_of_the_id_number_find_the_person_and_the_list_stays_masked()
    {
        var person = await app.AddCaseAsync(TestData.Xianghe, RegistryData.UniqueName("尾号"));
        var xianghe = await app.SignedInAsync("xianghe");
        var id = person.IdNumber;

        foreach (var q in new[] { id[^4..], id[^6..], id[^6..].ToLowerInvariant(), id[^6..^3] + " " + id[^3..] })
        {
            var rows = await SearchAsync(xianghe, q);
            Assert.Contains(person.Id, rows.Select(r => r.Id));
            var suffix = q.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
            // 4 digits may be a phone's last 4 too; 6 are the ID number's only.
            Assert.All(rows, r => Assert.True(r.IdNumberMasked.EndsWith(suffix[^4..], StringComparison.Ordinal)
                || suffix.Length == 4 && r.PhoneMasked.EndsWith(suffix, StringComparison.Ordinal)));
        }
        var page = await xianghe.GetStringAsync("/api/persons?q=" + id[^6..]);
        Assert.DoesNotContain(id, page, StringComparison.Ordinal);
        var html = await xianghe.GetStringAsync("/Persons?q=" + id[^6..]);
        var table = html[html.IndexOf("<table", StringComparison.Ordinal)..];
        Assert.Contains($"<td class=\"mono\">{Masking.IdNumber(id)}</td>", table, StringComparison.Ordinal);
        Assert.DoesNotContain(id, table, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_masked_form_as_the_list_shows_it_finds_the_person()
    {
        var person = await app.AddCaseAsync(TestData.Xianghe, RegistryData.UniqueName("脱敏"));
        var xianghe = await app.SignedInAsync("xianghe");
        var masked = Masking.IdNumber(person.IdNumber);

        var rows = await SearchAsync(xianghe, masked);
        Assert.Contains(person.Id, rows.Select(r => r.Id));
        Assert.All(rows, r => Assert.Equal(masked, r.IdNumberMasked));
        // Another first 6 with the same last 4 is another person.
        var otherPrefix = (person.IdNumber[0] == '1' ? "2" : "1") + masked[1..];
        Assert.DoesNotContain(person.Id, await IdsAsync(xianghe, otherPrefix));
    }

    [Fact]
    public async Task The_last_4_digits_of_a_phone_or_its_masked_form_find_the_person()
    {
        var phone = "139" + Random.Shared.Next(10_000_000, 99_999_999).ToString(CultureInfo.InvariantCulture);
        var person = await app.AddCaseAsync(TestData.Xianghe, RegistryData.UniqueName("手机"), p => p.Phone = phone);
        var xianghe = await app.SignedInAsync("xianghe");

        var rows = await SearchAsync(xianghe, phone[^4..]);
        Assert.Contains(person.Id, rows.Select(r => r.Id));
        Assert.All(rows, r => Assert.True(r.PhoneMasked.EndsWith(phone[^4..], StringComparison.Ordinal)
            || r.IdNumberMasked.EndsWith(phone[^4..], StringComparison.Ordinal)));
        Assert.Contains(person.Id, await IdsAsync(xianghe, Masking.Phone(phone)));
        Assert.Equal([person.Id], await IdsAsync(xianghe, phone[..3] + "-" + phone[3..7] + "-" + phone[7..]));
        Assert.DoesNotContain(phone, await xianghe.GetStringAsync("/api/persons?q=" + phone[^4..]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_suffix_search_finds_nothing_outside_the_users_scope()
    {
        var person = await app.AddCaseAsync(TestData.Xianghe, RegistryData.UniqueName("辖外"), p =>
            p.Phone = "137" + Random.Shared.Next(10_000_000, 99_999_999).ToString(CultureInfo.InvariantCulture));
        var masked = Masking.IdNumber(person.IdNumber);

        foreach (var user in new[] { "zhongyuan", "dongfenglu" })
        {
            var client = await app.SignedInAsync(user);
            foreach (var q in new[] { person.IdNumber[^4..], person.IdNumber[^6..], masked, person.Phone![^4..], person.IdNumber })
                Assert.DoesNotContain(person.Id, await IdsAsync(client, q));
        }
        Assert.Contains(person.Id, await IdsAsync(await app.SignedInAsync("daxuelu"), masked));
    }

    [Fact]
    public async Task A_search_by_id_number_is_audited_as_a_view_of_each_person_found_and_a_name_search_is_not()
    {
        var name = RegistryData.UniqueName("审计");
        var person = await app.AddCaseAsync(TestData.Xianghe, name);
        var xianghe = await app.SignedInAsync("xianghe");
        var id = person.Id.ToString(CultureInfo.InvariantCulture);

        await IdsAsync(xianghe, name);
        await IdsAsync(xianghe, person.IdNumber[^6..]);
        await IdsAsync(xianghe, Masking.IdNumber(person.IdNumber));
        await xianghe.GetStringAsync("/api/persons?idNumber=" + person.IdNumber);

        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<EqualCareDb>();
        var views = await db.AuditEntries.Where(a => a.Action == "view" && a.Entity == "person" && a.EntityId == id).ToListAsync();
        Assert.Equal(["search=IdLast6", "search=IdMasked", "search=idNumber"], views.Select(v => v.Detail).Order(StringComparer.Ordinal));
        Assert.All(views, v => Assert.Equal("xianghe", v.UserName));
        Assert.All(views, v => Assert.DoesNotContain(person.IdNumber[^6..], v.Detail ?? "", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Digits_in_no_known_form_find_nobody_and_the_page_says_what_can_be_typed()
    {
        var xianghe = await app.SignedInAsync("xianghe");

        Assert.Empty(await IdsAsync(xianghe, "123"));
        var html = await xianghe.GetStringAsync("/Persons?q=12345");
        Assert.Contains("id=\"q-unrecognised\"", html, StringComparison.Ordinal);
        Assert.Contains("共 0 条", html, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"q-unrecognised\"", await xianghe.GetStringAsync("/Persons?q=" + Uri.EscapeDataString("王")), StringComparison.Ordinal);
    }
}

[Collection(OnSqlite.Name)]
public sealed class PersonSearchBoxTestsOnSqlite(SqliteApp app) : PersonSearchBoxTests(app);

[Collection(OnPostgres.Name)]
public sealed class PersonSearchBoxTestsOnPostgres(PostgresApp app) : PersonSearchBoxTests(app);
