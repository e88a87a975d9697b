using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EqualCare.IntegrationTests.Infrastructure;
using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using EqualCare.Web.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace EqualCare.IntegrationTests;

/// <summary>婚育证明, their checks and 生育服务登记; the list of women who should have presented a certificate by now.</summary>
public abstract class CertificateTests(AppFixture app)
{
    // Communities of 大学路街道 that other tests do not fill, so the missing list stays short and the assertions exact.
    const string Taoyuan = "410103007008";
    const string Songshan = "410103007007";

    DateOnly Today => app.Services.GetRequiredService<TimeProvider>().Today();

    static string Date(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    async Task<Person> WomanAsync(string community, DateOnly arrival, Sex sex = Sex.Female)
    {
        var person = await app.AddPersonAsync(community, "证" + Random.Shared.Next(100_000, 999_999).ToString(CultureInfo.InvariantCulture), sex);
        await using var scope = app.Scope();
        await scope.ServiceProvider.GetRequiredService<EqualCareDb>().Persons.Where(p => p.Id == person.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.ArrivalDate, arrival));
        return person;
    }

    static async Task<List<JsonElement>> MissingAsync(HttpClient client, string community)
    {
        var page = await client.GetFromJsonAsync<JsonElement>($"/api/certificates/missing?community={community}&pageSize=200");
        return page.GetProperty("items").EnumerateArray().ToList();
    }

    static async Task<string?> CodeOf(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString();

    [Fact]
    public async Task The_missing_list_holds_a_woman_past_the_due_days_without_a_certificate_until_an_electronic_one_is_recorded()
    {
        var overdue = await WomanAsync(Taoyuan, Today.AddDays(-45));
        var recent = await WomanAsync(Taoyuan, Today.AddDays(-10));
        var man = await WomanAsync(Taoyuan, Today.AddDays(-45), Sex.Male);
        var daxuelu = await app.SignedInAsync("daxuelu");

        var before = await MissingAsync(daxuelu, Taoyuan);
        var row = Assert.Single(before, r => r.GetProperty("id").GetInt64() == overdue.Id);
        Assert.Equal(45, row.GetProperty("daysSinceArrival").GetInt32());
        Assert.Equal(Masking.IdNumber(overdue.IdNumber), row.GetProperty("idNumberMasked").GetString());
        Assert.DoesNotContain(before, r => r.GetProperty("id").GetInt64() == recent.Id || r.GetProperty("id").GetInt64() == man.Id);
        var html = await daxuelu.GetStringAsync($"/Certificates/Missing?community={Taoyuan}");
        Assert.Contains(Masking.IdNumber(overdue.IdNumber), html, StringComparison.Ordinal);
        Assert.DoesNotContain(overdue.IdNumber, html, StringComparison.Ordinal);

        // An expired paper certificate does not count.
        var expired = await daxuelu.PostAsJsonAsync($"/api/persons/{overdue.Id}/certificates", new
        {
            kind = "MarriageAndChildbearing", form = "Paper", number = "豫婚育2019-0012", issuingOffice = "固始县卫生健康委员会",
            issueDate = Date(Today.AddYears(-4)), validUntil = Date(Today.AddYears(-1)),
        });
        Assert.Equal(HttpStatusCode.Created, expired.StatusCode);
        Assert.Contains(await MissingAsync(daxuelu, Taoyuan), r => r.GetProperty("id").GetInt64() == overdue.Id);

        var electronic = await daxuelu.PostAsJsonAsync($"/api/persons/{overdue.Id}/certificates", new
        {
            kind = "MarriageAndChildbearing", form = "Electronic", number = "DZ411525202400123", issuingOffice = "固始县卫生健康委员会",
            issueDate = Date(Today.AddDays(-5)),
        });
        Assert.Equal(HttpStatusCode.Created, electronic.StatusCode);
        Assert.DoesNotContain(await MissingAsync(daxuelu, Taoyuan), r => r.GetProperty("id").GetInt64() == overdue.Id);
    }

    [Fact]
    public async Task Certificates_checks_and_registrations_are_appended_and_listed_and_bad_ones_are_refused()
    {
        var woman = await WomanAsync(Songshan, Today.AddDays(-100));
        var daxuelu = await app.SignedInAsync("daxuelu");
        var url = $"/api/persons/{woman.Id}/certificates";

        var noEnd = await daxuelu.PostAsJsonAsync(url, new { kind = "MarriageAndChildbearing", form = "Paper", number = "A1", issuingOffice = "某县", issueDate = Date(Today) });
        var electronicWithEnd = await daxuelu.PostAsJsonAsync(url, new { kind = "MarriageAndChildbearing", form = "Electronic", number = "E1", issuingOffice = "某县", issueDate = Date(Today), validUntil = Date(Today.AddYears(3)) });
        var badOrder = await daxuelu.PostAsJsonAsync(url, new { kind = "BirthServiceRegistration", number = "R1", issueDate = Date(Today), childOrder = 0 });
        Assert.Equal("certificate.validUntil.required", await CodeOf(noEnd));
        Assert.Equal("certificate.validUntil.notForElectronic", await CodeOf(electronicWithEnd));
        Assert.Equal("certificate.childOrder.bad", await CodeOf(badOrder));

        var paper = await daxuelu.PostAsJsonAsync(url, new { kind = "MarriageAndChildbearing", form = "Paper", number = "豫2024-88", issuingOffice = "固始县", issueDate = Date(Today.AddDays(-30)), validUntil = Date(Today.AddYears(3)) });
        Assert.Equal(HttpStatusCode.Created, paper.StatusCode);
        var certId = (await paper.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        var check = await daxuelu.PostAsJsonAsync($"{url}/{certId}/checks", new { checkedOn = Date(Today), office = "大学路街道计生办", result = "NeedsCorrection", note = "配偶信息缺失" });
        var early = await daxuelu.PostAsJsonAsync($"{url}/{certId}/checks", new { checkedOn = Date(Today.AddDays(-60)), office = "大学路街道计生办", result = "Valid" });
        var registration = await daxuelu.PostAsJsonAsync(url, new { kind = "BirthServiceRegistration", number = "SF-2025-77", issueDate = Date(Today.AddDays(-1)), childOrder = 2 });
        Assert.Equal(HttpStatusCode.Created, check.StatusCode);
        Assert.Equal("certificate.check.beforeIssue", await CodeOf(early));
        Assert.Equal(HttpStatusCode.Created, registration.StatusCode);

        var list = await daxuelu.GetFromJsonAsync<JsonElement>(url);
        var items = list.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(2, items.Count);
        var certificate = Assert.Single(items, i => i.GetProperty("kind").GetString() == "MarriageAndChildbearing");
        Assert.True(certificate.GetProperty("isValid").GetBoolean());
        var stored = Assert.Single(certificate.GetProperty("checks").EnumerateArray());
        Assert.Equal("NeedsCorrection", stored.GetProperty("result").GetString());
        var birth = Assert.Single(items, i => i.GetProperty("kind").GetString() == "BirthServiceRegistration");
        Assert.Equal(2, birth.GetProperty("childOrder").GetInt32());

        var page = await daxuelu.GetStringAsync($"/Persons/{woman.Id}/Certificates");
        Assert.Contains("豫2024-88", page, StringComparison.Ordinal);
        Assert.Contains("需补正", page, StringComparison.Ordinal);
        Assert.Contains("SF-2025-77", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_page_adds_a_certificate_with_post_redirect_get_and_shows_a_refusal_in_chinese()
    {
        var woman = await WomanAsync(TestData.Xianghe, Today.AddDays(-100));
        var xianghe = await app.SignedInAsync("xianghe");
        var url = $"/Persons/{woman.Id}/Certificates";
        var token = await Browserless.AntiforgeryTokenAsync(xianghe, url);

        var refused = await xianghe.PostAsync(url + "?handler=Certificate", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Kind"] = "MarriageAndChildbearing", ["Input.Form"] = "Paper", ["Input.Number"] = "X-1",
            ["Input.IssuingOffice"] = "固始县", ["Input.IssueDate"] = Date(Today), ["__RequestVerificationToken"] = token,
        }));
        var added = await xianghe.PostAsync(url + "?handler=Certificate", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Kind"] = "MarriageAndChildbearing", ["Input.Form"] = "Electronic", ["Input.Number"] = "DZ-1",
            ["Input.IssuingOffice"] = "固始县", ["Input.IssueDate"] = Date(Today), ["__RequestVerificationToken"] = token,
        }));

        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("纸质证明和打印件须填写有效期", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        Assert.Equal(url + "?done=certificate", added.Headers.Location?.OriginalString);
        var page = await xianghe.GetStringAsync(url + "?done=certificate");
        Assert.Contains("DZ-1", page, StringComparison.Ordinal);
        Assert.Contains("长期有效", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_page_adds_a_check_to_the_certificate_its_form_names()
    {
        var woman = await WomanAsync(TestData.Xianghe, Today.AddDays(-100));
        var xianghe = await app.SignedInAsync("xianghe");
        var created = await xianghe.PostAsJsonAsync($"/api/persons/{woman.Id}/certificates",
            new { kind = "MarriageAndChildbearing", form = "Electronic", number = "DZ-K1", issuingOffice = "固始县", issueDate = Date(Today.AddDays(-30)) });
        var certificateId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        var url = $"/Persons/{woman.Id}/Certificates";
        var token = await Browserless.AntiforgeryTokenAsync(xianghe, url);

        var checkedOn = await xianghe.PostAsync(url + "?handler=Check", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Check.CertificateId"] = certificateId.ToString(CultureInfo.InvariantCulture), ["Check.CheckedOn"] = Date(Today),
            ["Check.Office"] = "祥和社区", ["Check.Result"] = "Valid", ["Check.Note"] = "页面查验", ["__RequestVerificationToken"] = token,
        }));

        Assert.Equal(HttpStatusCode.Redirect, checkedOn.StatusCode);
        Assert.Equal(url + "?done=check", checkedOn.Headers.Location?.OriginalString);
        var list = await xianghe.GetFromJsonAsync<JsonElement>($"/api/persons/{woman.Id}/certificates");
        var check = Assert.Single(list.GetProperty("items").EnumerateArray().Single(c => c.GetProperty("id").GetInt64() == certificateId)
            .GetProperty("checks").EnumerateArray());
        Assert.Equal("页面查验", check.GetProperty("note").GetString());
        Assert.Equal(Date(Today), check.GetProperty("checkedOn").GetString());
        Assert.Equal("xianghe", check.GetProperty("recordedBy").GetString());
    }

    [Fact]
    public async Task Certificates_of_another_community_answer_404_in_page_and_api_and_nothing_is_written()
    {
        var woman = await WomanAsync(TestData.Zhongyuan, Today.AddDays(-100));
        var xianghe = await app.SignedInAsync("xianghe");

        var post = await xianghe.PostAsJsonAsync($"/api/persons/{woman.Id}/certificates",
            new { kind = "MarriageAndChildbearing", form = "Electronic", number = "E-9", issuingOffice = "某县", issueDate = Date(Today) });

        Assert.Equal(HttpStatusCode.NotFound, (await xianghe.GetAsync($"/Persons/{woman.Id}/Certificates")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await xianghe.GetAsync($"/api/persons/{woman.Id}/certificates")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
        Assert.Equal("person.notFound", await CodeOf(post));
        await using var scope = app.Scope();
        Assert.False(await scope.ServiceProvider.GetRequiredService<EqualCareDb>().Certificates.AnyAsync(c => c.PersonId == woman.Id));
        var missing = await MissingAsync(xianghe, TestData.Zhongyuan);
        Assert.DoesNotContain(missing, r => r.GetProperty("id").GetInt64() == woman.Id);
    }
}

[Collection(OnSqlite.Name)]
public sealed class CertificateTestsOnSqlite(SqliteApp app) : CertificateTests(app);

[Collection(OnPostgres.Name)]
public sealed class CertificateTestsOnPostgres(PostgresApp app) : CertificateTests(app);
