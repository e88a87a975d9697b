using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EqualCare.IntegrationTests.Infrastructure;
using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using EqualCare.Web.Domain.Cases;
using EqualCare.Web.Domain.IdNumbers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace EqualCare.IntegrationTests.Registry;

/// <summary>The persons list: every filter, paging, masking, merged cases hidden, and the audited full reveal.</summary>
public abstract class PersonSearchTests(AppFixture app)
{
    static async Task<List<long>> IdsAsync(HttpClient client, string query)
    {
        var page = await client.GetFromJsonAsync<JsonElement>("/api/persons?pageSize=200&" + query);
        return page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt64()).Order().ToList();
    }

    static string Q(string text) => Uri.EscapeDataString(text);

    [Fact]
    public async Task The_id_number_filter_normalises_and_upgrades_a_15_digit_number_and_matches_exactly()
    {
        var upgraded = IdNumberValidator.UpgradeFrom15("410102900517123");
        var old = await app.AddCaseAsync(TestData.Xianghe, RegistryData.UniqueName("旧号"), p =>
        {
            p.IdNumber = upgraded;
            p.BirthDate = new DateOnly(1990, 5, 17);
        });
        var other = await app.AddCaseAsync(TestData.Xianghe, RegistryData.UniqueName("新号"));
        var xianghe = await app.SignedInAsync("xianghe");

        Assert.Equal([old.Id], await IdsAsync(xianghe, "idNumber=410102900517123"));
        var spaced = string.Join(' ', other.IdNumber[..6], other.IdNumber[6..14], other.IdNumber[14..].ToLowerInvariant());
        Assert.Equal([other.Id], await IdsAsync(xianghe, "idNumber=" + Q(spaced)));
        Assert.Empty(await IdsAsync(xianghe, "idNumber=" + other.IdNumber[..17]));
    }

    [Fact]
    public async Task The_name_filter_matches_a_prefix_or_the_exact_name()
    {
        var name = RegistryData.UniqueName("名");
        var exact = await app.AddCaseAsync(TestData.Xianghe, name);
        var longer = await app.AddCaseAsync(TestData.Xianghe, name + "明");
        var xianghe = await app.SignedInAsync("xianghe");

        Assert.Equal([exact.Id, longer.Id], await IdsAsync(xianghe, "name=" + Q(name)));
        Assert.Equal([exact.Id], await IdsAsync(xianghe, "nameExact=true&name=" + Q(name)));
    }

    [Fact]
    public async Task The_phone_filter_ignores_separators_and_the_list_masks_the_phone()
    {
        var phone = "139" + Random.Shared.Next(10_000_000, 99_999_999).ToString(CultureInfo.InvariantCulture);
        var person = await app.AddCaseAsync(TestData.Xianghe, RegistryData.UniqueName("电话"), p => p.Phone = phone);
        var xianghe = await app.SignedInAsync("xianghe");

        var page = await xianghe.GetFromJsonAsync<JsonElement>($"/api/persons?phone={phone[..3]}-{phone[3..7]}-{phone[7..]}");
        var row = Assert.Single(page.GetProperty("items").EnumerateArray());
        Assert.Equal(person.Id, row.GetProperty("id").GetInt64());
        Assert.Equal(phone[..3] + "****" + phone[7..], row.GetProperty("phoneMasked").GetString());
        Assert.DoesNotContain(phone, page.GetRawText(), StringComparison.Ordinal);
        var html = await xianghe.GetStringAsync("/Persons?phone=" + phone);
        // The number the user typed comes back in the search box; the table shows it masked only.
        var table = html[html.IndexOf("<table", StringComparison.Ordinal)..];
        Assert.Contains($"<td class=\"mono\">{Masking.Phone(phone)}</td>", table, StringComparison.Ordinal);
        Assert.DoesNotContain(phone, table, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_community_status_sex_and_flow_filters_select_only_matching_cases()
    {
        var name = RegistryData.UniqueName("筛");
        var plain = await app.AddCaseAsync(TestData.Xianghe, name);
        var inZhongyuan = await app.AddCaseAsync(TestData.Zhongyuan, name);
        var departed = await app.AddCaseAsync(TestData.Xianghe, name, p => p.Status = CaseStatus.Departed);
        var man = await app.AddCaseAsync(TestData.Xianghe, name, p => p.Sex = Sex.Male);
        var outflow = await app.AddCaseAsync(TestData.Xianghe, name, p => p.FlowDirection = FlowDirection.Outflow);
        var daxuelu = await app.SignedInAsync("daxuelu");
        var n = "name=" + Q(name);

        Assert.Equal([inZhongyuan.Id], await IdsAsync(daxuelu, n + "&community=" + TestData.Zhongyuan));
        Assert.Equal([departed.Id], await IdsAsync(daxuelu, n + "&status=Departed"));
        Assert.Equal([man.Id], await IdsAsync(daxuelu, n + "&sex=Male"));
        Assert.Equal([outflow.Id], await IdsAsync(daxuelu, n + "&flow=Outflow"));
        Assert.Contains(plain.Id, await IdsAsync(daxuelu, n + "&flow=Inflow&sex=Female&status=Active&community=" + TestData.Xianghe));
    }

    [Fact]
    public async Task The_age_band_and_arrival_period_filters_use_todays_date_and_inclusive_bounds()
    {
        var name = RegistryData.UniqueName("龄");
        var today = app.Today();
        var child = await app.AddCaseAsync(TestData.Xianghe, name, p => p.BirthDate = today.AddYears(-6)); // 6 today: still 0–6
        var seven = await app.AddCaseAsync(TestData.Xianghe, name, p => p.BirthDate = today.AddYears(-7));
        var fifty = await app.AddCaseAsync(TestData.Xianghe, name, p => p.BirthDate = today.AddYears(-50));
        var almostFifty = await app.AddCaseAsync(TestData.Xianghe, name, p =>
        {
            p.BirthDate = today.AddYears(-50).AddDays(1);
            p.ArrivalDate = new DateOnly(2025, 6, 30);
        });
        var xianghe = await app.SignedInAsync("xianghe");
        var n = "name=" + Q(name);

        Assert.Equal([child.Id], await IdsAsync(xianghe, n + "&ageBand=Age0To6"));
        Assert.Equal([seven.Id], await IdsAsync(xianghe, n + "&ageBand=Age7To14"));
        Assert.Equal([almostFifty.Id], await IdsAsync(xianghe, n + "&ageBand=Age15To49"));
        Assert.Equal([fifty.Id], await IdsAsync(xianghe, n + "&ageBand=Age50Plus"));
        Assert.Equal([almostFifty.Id], await IdsAsync(xianghe, n + "&arrivedFrom=2025-06-30&arrivedTo=2025-06-30"));
        Assert.Equal(4, (await IdsAsync(xianghe, n + "&arrivedTo=2025-06-30")).Count);
        Assert.Equal([child.Id, seven.Id, fifty.Id], await IdsAsync(xianghe, n + "&arrivedTo=2025-06-29"));
    }

    [Fact]
    public async Task Paging_keeps_the_total_and_returns_the_rest_on_the_last_page()
    {
        var name = RegistryData.UniqueName("页");
        for (var i = 0; i < 5; i++) await app.AddCaseAsync(TestData.Xianghe, name);
        var xianghe = await app.SignedInAsync("xianghe");

        var page2 = await xianghe.GetFromJsonAsync<JsonElement>($"/api/persons?name={Q(name)}&pageSize=2&page=3");
        Assert.Equal(5, page2.GetProperty("total").GetInt32());
        Assert.Single(page2.GetProperty("items").EnumerateArray());
        var beyond = await xianghe.GetFromJsonAsync<JsonElement>($"/api/persons?name={Q(name)}&pageSize=2&page=9");
        Assert.Equal(5, beyond.GetProperty("total").GetInt32());
        Assert.Empty(beyond.GetProperty("items").EnumerateArray());
        var html = await xianghe.GetStringAsync($"/Persons?name={Q(name)}&p=2");
        Assert.Contains("共 5 条", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_merged_duplicate_is_hidden_from_the_list()
    {
        var name = RegistryData.UniqueName("并");
        var survivor = await app.AddCaseAsync(TestData.Xianghe, name);
        await app.AddCaseAsync(TestData.Xianghe, name, p => p.MergedIntoId = survivor.Id);
        var xianghe = await app.SignedInAsync("xianghe");

        Assert.Equal([survivor.Id], await IdsAsync(xianghe, "name=" + Q(name)));
    }

    [Fact]
    public async Task A_community_worker_reveals_the_full_number_of_an_own_case_and_the_reveal_is_audited()
    {
        var person = await app.AddCaseAsync(TestData.Xianghe, RegistryData.UniqueName("显"));
        var xianghe = await app.SignedInAsync("xianghe");

        var api = await xianghe.PostAsync($"/api/persons/{person.Id}/reveal", null);
        Assert.Equal(HttpStatusCode.OK, api.StatusCode);
        var body = await api.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(person.IdNumber, body.GetProperty("idNumber").GetString());
        Assert.Equal(person.Phone, body.GetProperty("phone").GetString());

        var token = await Browserless.AntiforgeryTokenAsync(xianghe, "/Persons");
        var page = await xianghe.PostAsync($"/Persons/{person.Id}/Reveal",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains(person.IdNumber, await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var id = person.Id.ToString(CultureInfo.InvariantCulture);
        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<EqualCareDb>();
        var rows = await db.AuditEntries.Where(a => a.Action == "reveal" && a.Entity == "person" && a.EntityId == id).ToListAsync();
        Assert.Equal(2, rows.Count(r => r.Outcome == AuditOutcome.Success && r.UserName == "xianghe"));
        Assert.All(rows, r => Assert.DoesNotContain(person.IdNumber, r.Detail ?? "", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("zhongyuan")]
    [InlineData("dongfenglu")]
    [InlineData("erqi")]
    [InlineData("admin")]
    public async Task Reveal_is_not_found_outside_scope_and_for_district_and_sysadmin_roles(string userName)
    {
        var person = await app.AddCaseAsync(TestData.Xianghe, RegistryData.UniqueName("拒"));
        var client = await app.SignedInAsync(userName);

        var api = await client.PostAsync($"/api/persons/{person.Id}/reveal", null);

        Assert.Equal(HttpStatusCode.NotFound, api.StatusCode);
        Assert.DoesNotContain(person.IdNumber, await api.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var id = person.Id.ToString(CultureInfo.InvariantCulture);
        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<EqualCareDb>();
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "reveal" && a.EntityId == id && a.UserName == userName
            && a.Outcome == AuditOutcome.Refused));
    }

    [Fact]
    public async Task The_list_filters_are_in_the_openapi_document()
    {
        var doc = await app.Client().GetStringAsync("/openapi/v1.json");
        foreach (var parameter in new[] { "IdNumber", "NameExact", "Phone", "Community", "Status", "Sex", "AgeBand", "Flow", "ArrivedFrom", "ArrivedTo" })
            Assert.Contains($"\"{parameter}\"", doc, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("/api/persons/{id}/reveal", doc, StringComparison.Ordinal);
        Assert.Contains("/api/duplicates/merge", doc, StringComparison.Ordinal);
        Assert.Contains("/api/data-quality", doc, StringComparison.Ordinal);
    }
}

[Collection(OnSqlite.Name)]
public sealed class PersonSearchTestsOnSqlite(SqliteApp app) : PersonSearchTests(app);

[Collection(OnPostgres.Name)]
public sealed class PersonSearchTestsOnPostgres(PostgresApp app) : PersonSearchTests(app);
