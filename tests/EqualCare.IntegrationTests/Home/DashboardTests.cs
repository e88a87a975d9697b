using System.Text.RegularExpressions;
using EqualCare.IntegrationTests.Infrastructure;
using EqualCare.IntegrationTests.Statistics;
using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using EqualCare.Web.Domain.Indicators;
using EqualCare.Web.Features.Indicators;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace EqualCare.IntegrationTests.Home;

/// <summary>
/// The home dashboard per role: a community worker sees her community's key indicators, a street its communities, a
/// district its streets with data quality and forms to review; the figures are the indicator engine's for the same
/// unit and quarter, and they move when a person is registered.
/// </summary>
public abstract partial class DashboardTests(AppFixture app)
{
    [GeneratedRegex("""<tr data-unit="(\d{12})">""")]
    private static partial Regex UnitRow();

    [GeneratedRegex("""data-code="comprehensive">[^<]*<br /><small>(\d+)/(\d+)</small>""")]
    private static partial Regex ComprehensiveCell();

    static string IndicatorTable(string html)
    {
        var start = html.IndexOf("id=\"home-indicators\"", StringComparison.Ordinal);
        Assert.True(start >= 0, "the home page has no indicator table");
        return html[start..html.IndexOf("</table>", start, StringComparison.Ordinal)];
    }

    async Task<Figure> EngineFigureAsync(string unit, string code)
    {
        await using var scope = app.Scope();
        var engine = scope.ServiceProvider.GetRequiredService<IndicatorEngine>();
        var clock = scope.ServiceProvider.GetRequiredService<TimeProvider>();
        var byCommunity = await engine.ByCommunityAsync(OrgCode.Parse(unit),
            Period.Containing(PeriodType.Quarter, EqualCare.Web.Web.ChinaClock.Today(clock)), CancellationToken.None);
        var index = IndicatorEngine.Indicators.ToList().FindIndex(d => d.Code == code);
        return byCommunity.Values.Aggregate(new Figure(0, 0), (sum, f) => sum + f[index]);
    }

    [Fact]
    public async Task A_community_worker_sees_her_community_s_key_indicators_and_they_move_when_a_woman_is_registered()
    {
        var xianghe = await app.SignedInAsync("xianghe");
        var before = IndicatorTable(await xianghe.GetStringAsync("/"));
        Assert.Equal([TestData.Xianghe], UnitRow().Matches(before).Select(m => m.Groups[1].Value));
        var shownBefore = ComprehensiveCell().Match(before);
        var engineBefore = await EngineFigureAsync(TestData.Xianghe, "comprehensive");
        Assert.Equal((engineBefore.Numerator, engineBefore.Denominator),
            (long.Parse(shownBefore.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), long.Parse(shownBefore.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture)));

        await app.AddPersonAsync(TestData.Xianghe, "首页指标甲"); // a married woman of childbearing age: one more to manage
        var after = ComprehensiveCell().Match(IndicatorTable(await xianghe.GetStringAsync("/")));
        Assert.Equal(engineBefore.Denominator + 1, long.Parse(after.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task A_street_sees_each_of_its_communities_against_the_targets()
    {
        var html = await (await app.SignedInAsync("daxuelu")).GetStringAsync("/");
        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<EqualCareDb>();
        var communities = await db.OrgUnits.Where(o => o.ParentCode == "410103007000").Select(o => o.Code).OrderBy(c => c).ToListAsync();
        Assert.True(communities.Count >= 9);
        Assert.Equal(communities, UnitRow().Matches(IndicatorTable(html)).Select(m => m.Groups[1].Value).Order().ToList());
        Assert.Contains("目标 95%", html);
        Assert.DoesNotContain("id=\"home-id-accuracy\"", html);
    }

    [GeneratedRegex("""id="home-approvals">\s*<span class="card-figure">(\d+)</span>""")]
    private static partial Regex ApprovalsCard();

    static async Task<int> ApprovalsShownAsync(HttpClient client) =>
        int.Parse(ApprovalsCard().Match(await client.GetStringAsync("/")).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task A_form_submitted_by_a_community_waits_on_its_street_s_home_page_until_it_is_approved()
    {
        var daxuelu = await app.SignedInAsync("daxuelu");
        var zhongyuan = await app.SignedInAsync("zhongyuan");
        var before = await ApprovalsShownAsync(daxuelu);
        Assert.DoesNotContain("home-approvals", await zhongyuan.GetStringAsync("/")); // a community reviews nothing

        var form = await StatFormApi.OpenAsync(zhongyuan, "2024-07-01", "2024-09-30");
        Assert.Equal(System.Net.HttpStatusCode.OK, (await StatFormApi.ActAsync(zhongyuan, form, "submit")).StatusCode);
        Assert.Equal(before + 1, await ApprovalsShownAsync(daxuelu));

        Assert.Equal(System.Net.HttpStatusCode.OK, (await StatFormApi.ActAsync(daxuelu, form, "approve")).StatusCode);
        Assert.Equal(before, await ApprovalsShownAsync(daxuelu));
    }

    [Fact]
    public async Task A_district_sees_its_streets_its_id_accuracy_and_the_forms_waiting_for_it()
    {
        await app.AddPersonAsync(TestData.Zhongyuan, "首页指标乙");
        var html = await (await app.SignedInAsync("erqi")).GetStringAsync("/");
        var rows = UnitRow().Matches(IndicatorTable(html)).Select(m => m.Groups[1].Value).ToList();
        Assert.Contains("410103007000", rows);
        Assert.All(rows, r => Assert.Matches("^410103\\d{3}000$", r));
        Assert.Contains("id=\"home-id-accuracy\"", html);
        Assert.Contains("id=\"home-approvals\"", html);
    }

    [Fact]
    public async Task The_system_administrator_s_home_shows_no_person_figures()
    {
        var html = await (await app.SignedInAsync("admin")).GetStringAsync("/");
        Assert.DoesNotContain("home-indicators", html);
        Assert.DoesNotContain("home-id-accuracy", html);
    }
}

[Collection(OnSqlite.Name)]
public sealed class DashboardTestsOnSqlite(SqliteApp app) : DashboardTests(app);

[Collection(OnPostgres.Name)]
public sealed class DashboardTestsOnPostgres(PostgresApp app) : DashboardTests(app);
