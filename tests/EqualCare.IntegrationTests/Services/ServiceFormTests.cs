using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EqualCare.IntegrationTests.Infrastructure;
using EqualCare.Web.Data;
using EqualCare.Web.Domain.Services;
using EqualCare.Web.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace EqualCare.IntegrationTests.Services;

/// <summary>
/// The services page posts the same request the API takes: a ticked box is "yes", an unticked one no answer at all, and
/// the record the page keeps lists in the API with the same fields.
/// </summary>
public abstract class ServiceFormTests(AppFixture app)
{
    DateOnly Today => app.Services.GetRequiredService<TimeProvider>().Today();

    static string Date(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    [Fact]
    public async Task The_page_records_a_visit_with_its_ticked_box_and_the_api_lists_it_with_the_same_fields()
    {
        var woman = await app.AddPersonAsync(TestData.Xianghe, "服务表单甲");
        var xianghe = await app.SignedInAsync("xianghe");
        var url = $"/Persons/{woman.Id}/Services";
        var token = await Browserless.AntiforgeryTokenAsync(xianghe, url);

        Task<HttpResponseMessage> PostAsync(string weeks, bool highRisk)
        {
            var form = new Dictionary<string, string>
            {
                ["Input.Kind"] = "MaternalVisit", ["Input.Date"] = Date(Today), ["Input.Fulfils"] = "AntenatalBooking",
                ["Input.GestationalWeeks"] = weeks, ["Input.Place"] = "  社区卫生服务站 ", ["Input.Note"] = "", ["__RequestVerificationToken"] = token,
            };
            if (highRisk) form["Input.HighRisk"] = "true";
            return xianghe.PostAsync(url, new FormUrlEncodedContent(form));
        }

        var ticked = await PostAsync("10", highRisk: true);
        var unticked = await PostAsync("11", highRisk: false);

        Assert.Equal(HttpStatusCode.Redirect, ticked.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, unticked.StatusCode);
        await using (var scope = app.Scope())
        {
            var rows = await scope.ServiceProvider.GetRequiredService<EqualCareDb>().ServiceRecords.AsNoTracking()
                .Where(s => s.PersonId == woman.Id).OrderBy(s => s.Id).ToListAsync();
            Assert.Equal([(short?)10, 11], rows.Select(r => r.GestationalWeeks));
            Assert.Equal([(bool?)true, null], rows.Select(r => r.HighRisk));
            Assert.All(rows, r => Assert.Equal("社区卫生服务站", r.Place));
            Assert.All(rows, r => Assert.Null(r.Note));
            Assert.All(rows, r => Assert.Equal(ServiceKind.MaternalVisit, r.Kind));
        }
        var listed = (await xianghe.GetFromJsonAsync<JsonElement>($"/api/persons/{woman.Id}/services")).EnumerateArray().ToList();
        var visit = Assert.Single(listed, s => s.GetProperty("gestationalWeeks").GetInt32() == 10);
        Assert.Equal("MaternalVisit", visit.GetProperty("kind").GetString());
        Assert.Equal("AntenatalBooking", visit.GetProperty("fulfils").GetString());
        Assert.True(visit.GetProperty("highRisk").GetBoolean());
        Assert.Equal(Date(Today), visit.GetProperty("date").GetString());
        Assert.Equal("xianghe", visit.GetProperty("recordedBy").GetString());
        Assert.False(visit.GetProperty("voided").GetBoolean());
        Assert.True(visit.GetProperty("id").GetInt64() > 0);
    }

    [Fact]
    public async Task A_page_post_without_a_date_is_refused_in_chinese_and_records_nothing()
    {
        var woman = await app.AddPersonAsync(TestData.Xianghe, "服务表单乙");
        var xianghe = await app.SignedInAsync("xianghe");
        var url = $"/Persons/{woman.Id}/Services";
        var token = await Browserless.AntiforgeryTokenAsync(xianghe, url);

        var refused = await xianghe.PostAsync(url, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Kind"] = "WomensCheckup", ["Input.Date"] = "", ["Input.Result"] = "Normal", ["__RequestVerificationToken"] = token,
        }));

        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("请填写服务日期", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await using var scope = app.Scope();
        Assert.False(await scope.ServiceProvider.GetRequiredService<EqualCareDb>().ServiceRecords.AnyAsync(s => s.PersonId == woman.Id));
    }
}

[Collection(OnSqlite.Name)]
public sealed class ServiceFormTestsOnSqlite(SqliteApp app) : ServiceFormTests(app);

[Collection(OnPostgres.Name)]
public sealed class ServiceFormTestsOnPostgres(PostgresApp app) : ServiceFormTests(app);
