using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using EqualCare.IntegrationTests.Infrastructure;
using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using Microsoft.Extensions.DependencyInjection;

namespace EqualCare.IntegrationTests.Indicators;

/// <summary>The indicator pages over the hand-built community: table with RAG colours, masked and audited drill-down, scope, targets.</summary>
public abstract class IndicatorPageTests(AppFixture app)
{
    const string Street = "410105010";
    const string Period = "2026Q3";

    async Task<long> CountAsync(string sql, object? args = null)
    {
        await using var scope = app.Scope();
        await using var connection = await scope.ServiceProvider.GetRequiredService<DbConnectionFactory>().OpenAsync();
        return await connection.ExecuteScalarAsync<long>(sql, args);
    }

    [Fact]
    public async Task The_street_table_shows_the_community_row_with_red_amber_green_and_links_to_its_lists()
    {
        await IndicatorFigureData.EnsureAsync(app);
        var street = await app.SignedInAsync("dongfenglu");
        var response = await street.GetAsync($"/Indicators?unit={Street}&period={Period}&sort=comprehensive&trend=id_accuracy");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        var row = Row(html, IndicatorFigureData.Community);
        // 综合管理率 2/10 = 20.0% against 95% (amber from 90%): red; 康检 4/9 = 44.4% red; ID accuracy 22/24 = 91.7%: amber (96/90).
        Assert.Contains("class=\"rag-red\">20.0%", row, StringComparison.Ordinal);
        Assert.Contains("class=\"rag-amber\">91.7%", row, StringComparison.Ordinal);
        Assert.Contains($"/Indicators/comprehensive/Drill?unit={IndicatorFigureData.Community}&amp;period={Period}&amp;list=numerator", row, StringComparison.Ordinal);
        Assert.Contains("<svg class=\"chart\"", html, StringComparison.Ordinal);
        Assert.Contains("id=\"ranking-table\"", html, StringComparison.Ordinal);

        var export = await street.GetAsync($"/Indicators/Export?unit={Street}&period={Period}");
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", export.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_drill_down_list_masks_id_numbers_and_is_audited()
    {
        var ids = await IndicatorFigureData.EnsureAsync(app);
        var street = await app.SignedInAsync("dongfenglu");
        var before = await CountAsync("SELECT COUNT(*) FROM audit_entries WHERE entity = 'indicator' AND entity_id = 'comprehensive' AND action = 'list'");
        var html = await street.GetStringAsync($"/Indicators/comprehensive/Drill?unit={IndicatorFigureData.Community}&period={Period}&list=numerator");

        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<EqualCareDb>();
        foreach (var label in new[] { "W1", "W5" })
        {
            var person = db.Persons.Single(p => p.Id == ids[label]);
            Assert.Contains(person.Name, html, StringComparison.Ordinal);
            Assert.Contains(Masking.IdNumber(person.IdNumber), html, StringComparison.Ordinal);
            Assert.DoesNotContain(person.IdNumber, html, StringComparison.Ordinal);
        }
        Assert.DoesNotContain(db.Persons.Single(p => p.Id == ids["W2"]).Name, html, StringComparison.Ordinal);
        Assert.Equal(before + 1, await CountAsync("SELECT COUNT(*) FROM audit_entries WHERE entity = 'indicator' AND entity_id = 'comprehensive' AND action = 'list'"));
    }

    [Fact]
    public async Task The_api_answers_the_street_table_as_flat_rows_of_figures()
    {
        await IndicatorFigureData.EnsureAsync(app);
        var street = await app.SignedInAsync("dongfenglu");
        var response = await street.GetAsync($"/api/indicators?unit={Street}&period={Period}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var table = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(Street + "000", table.GetProperty("unitCode").GetString());
        Assert.Equal(Period, table.GetProperty("period").GetString());
        var comprehensive = table.GetProperty("indicators").EnumerateArray().Single(i => i.GetProperty("code").GetString() == "comprehensive");
        Assert.Equal(95m, comprehensive.GetProperty("targetPercent").GetDecimal());
        // 综合管理率 of the hand-built community: 2/10 = 20.0%, red against 95% (the same figure the page shows).
        var row = table.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("code").GetString() == IndicatorFigureData.Community);
        var figure = row.GetProperty("figures").EnumerateArray().Single(f => f.GetProperty("indicator").GetString() == "comprehensive");
        Assert.Equal(2, figure.GetProperty("numerator").GetInt64());
        Assert.Equal(10, figure.GetProperty("denominator").GetInt64());
        Assert.Equal(20.0m, figure.GetProperty("ratePercent").GetDecimal());
        Assert.Equal("Red", figure.GetProperty("status").GetString());
        Assert.Equal(table.GetProperty("indicators").GetArrayLength(), table.GetProperty("total").GetProperty("figures").GetArrayLength());
    }

    [Fact]
    public async Task A_unit_outside_the_users_scope_is_not_found_and_a_bad_period_is_refused()
    {
        await IndicatorFigureData.EnsureAsync(app);
        var xianghe = await app.SignedInAsync("xianghe");
        Assert.Equal(HttpStatusCode.NotFound, (await xianghe.GetAsync($"/Indicators?unit={Street}&period={Period}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await xianghe.GetAsync($"/Indicators/comprehensive/Drill?unit={IndicatorFigureData.Community}&period={Period}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await xianghe.GetAsync($"/Indicators/Export?unit={Street}&period={Period}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await xianghe.GetAsync($"/api/indicators?unit={Street}&period={Period}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await xianghe.GetAsync("/Indicators")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await xianghe.GetAsync("/api/indicators?period=2026Q5")).StatusCode);
        var admin = await app.SignedInAsync("admin");
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/Indicators")).StatusCode);
    }

    [Fact]
    public async Task Only_a_district_administrator_changes_a_target_a_forged_post_changes_nothing()
    {
        var xianghe = await app.SignedInAsync("xianghe");
        var token = await Browserless.AntiforgeryTokenAsync(xianghe, "/Surveys");
        var forged = await xianghe.PostAsync("/Indicators/Targets", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Code"] = "satisfaction", ["Target"] = "50", ["Amber"] = "40", ["Reason"] = "伪造", ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM indicator_targets WHERE reason = '伪造'"));

        var erqi = await app.SignedInAsync("erqi");
        token = await Browserless.AntiforgeryTokenAsync(erqi, "/Indicators/Targets");
        var bad = await erqi.PostAsync("/Indicators/Targets", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Code"] = "satisfaction", ["Target"] = "90", ["Amber"] = "95", ["Reason"] = "预警线高于目标", ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        Assert.Contains("预警线不高于目标值", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM indicator_targets WHERE reason = '预警线高于目标'"));

        var good = await erqi.PostAsync("/Indicators/Targets", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Code"] = "satisfaction", ["Target"] = "96.5", ["Amber"] = "92", ["Reason"] = "区考核方案调整", ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(HttpStatusCode.Redirect, good.StatusCode);
        var page = await erqi.GetStringAsync("/Indicators/Targets");
        Assert.Contains("区考核方案调整", page, StringComparison.Ordinal);
        Assert.Contains("96.5%", page, StringComparison.Ordinal);
        Assert.Equal(1, await CountAsync("SELECT COUNT(*) FROM audit_entries WHERE entity = 'indicator-target' AND outcome = 2"));
    }

    [Fact]
    public async Task A_survey_is_recorded_for_a_person_in_scope_and_refused_outside_it()
    {
        // The answers are dated 1 November 2026 and answers from the future are refused: a day after it.
        using var _ = app.Clock.At(new DateTimeOffset(2026, 11, 20, 10, 0, 0, TimeSpan.FromHours(8)));
        var woman = await app.AddPersonAsync(TestData.Xianghe, "调查甲");
        var xianghe = await app.SignedInAsync("xianghe");
        var created = await xianghe.PostAsJsonAsync("/api/surveys", new { idNumber = woman.IdNumber, answeredOn = "2026-11-01", policyKnown = true, satisfied = false });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(1, await CountAsync("SELECT COUNT(*) FROM survey_responses WHERE person_id = @id", new { id = woman.Id }));

        var zhongyuan = await app.SignedInAsync("zhongyuan");
        var outside = await zhongyuan.PostAsJsonAsync("/api/surveys", new { idNumber = woman.IdNumber, answeredOn = "2026-11-01", policyKnown = true, satisfied = true });
        Assert.Equal(HttpStatusCode.NotFound, outside.StatusCode);
        var noAnswer = await xianghe.PostAsJsonAsync("/api/surveys", new { idNumber = woman.IdNumber, answeredOn = "2026-11-01", policyKnown = true });
        Assert.Equal(HttpStatusCode.BadRequest, noAnswer.StatusCode);
        Assert.Equal(1, await CountAsync("SELECT COUNT(*) FROM survey_responses WHERE person_id = @id", new { id = woman.Id }));
    }

    /// <summary>The table row of one unit (from its data-unit attribute to the end of the row).</summary>
    static string Row(string html, string unit)
    {
        var start = html.IndexOf($"<tr data-unit=\"{unit}\"", StringComparison.Ordinal);
        Assert.True(start >= 0, "no row for " + unit);
        return html[start..html.IndexOf("</tr>", start, StringComparison.Ordinal)];
    }
}

[Collection(OnSqlite.Name)]
public sealed class IndicatorPageTestsOnSqlite(SqliteApp app) : IndicatorPageTests(app);

[Collection(OnPostgres.Name)]
public sealed class IndicatorPageTestsOnPostgres(PostgresApp app) : IndicatorPageTests(app);
