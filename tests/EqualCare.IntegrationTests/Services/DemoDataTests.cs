using System.Globalization;
using System.Text;
using EqualCare.IntegrationTests.Infrastructure;
using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using EqualCare.Web.Domain.Cases;
using EqualCare.Web.Domain.Indicators;
using EqualCare.Web.Features.Indicators;
using EqualCare.Web.Features.Demo;
using EqualCare.Web.Features.Worklist;
using EqualCare.Web.Web;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace EqualCare.IntegrationTests.Services;

/// <summary>
/// The demo as a user first sees it (the default number of persons, the demo seed, on the fixtures' mid-quarter day) looks
/// like a working office's: every indicator of the catalogue has people to count and counts some of them in every demo
/// community, over the indicator's own period (the month, quarter or year containing today); and 祥和's to-do list is
/// mostly what falls due now, not a backlog.
/// </summary>
public abstract class DemoDataTests(AppFixture app, ITestOutputHelper output)
{
    /// <summary>Above this share of overdue items a list reads as a backlog, not a working office's list.</summary>
    public const double MaxOverdueShare = 0.15;

    [Fact]
    public async Task Every_indicator_counts_someone_among_people_to_count_in_every_demo_community()
    {
        await using var scope = app.Scope();
        var services = scope.ServiceProvider;
        var today = services.GetRequiredService<TimeProvider>().Today();
        var engine = services.GetRequiredService<IndicatorEngine>();
        var communities = await services.GetRequiredService<EqualCareDb>().Persons.Select(p => p.CommunityCode).Distinct().OrderBy(c => c).ToListAsync();
        var names = await services.GetRequiredService<EqualCareDb>().OrgUnits.Where(u => communities.Contains(u.Code))
            .ToDictionaryAsync(u => u.Code, u => u.Name);
        Assert.True(communities.Count >= 2, "the demo fills the demo streets' communities");
        Assert.Contains(DemoAccounts.Xianghe, communities);
        Assert.Contains(DemoAccounts.Zhongyuan, communities);

        var byType = new Dictionary<PeriodType, Dictionary<string, Figure[]>>();
        foreach (var type in IndicatorEngine.Indicators.Select(d => d.NaturalPeriod).Distinct())
            byType[type] = await engine.ByCommunityAsync(OrgCode.Parse("410100000000"), Period.Containing(type, today), CancellationToken.None);

        var table = new StringBuilder("| indicator | period |" + string.Concat(communities.Select(c => $" {names.GetValueOrDefault(c, c)} |")) + "\n");
        var failures = new List<string>();
        for (var i = 0; i < IndicatorEngine.Indicators.Count; i++)
        {
            var d = IndicatorEngine.Indicators[i];
            table.Append(CultureInfo.InvariantCulture, $"| {d.NameZh} | {Period.Containing(d.NaturalPeriod, today).Key} |");
            foreach (var c in communities)
            {
                var f = byType[d.NaturalPeriod].TryGetValue(c, out var figures) ? figures[i] : default;
                table.Append(CultureInfo.InvariantCulture, $" {f.Numerator}/{f.Denominator} {f.RatePercent?.ToString("0.0", CultureInfo.InvariantCulture) ?? "—"}% |");
                if (f.Denominator == 0 || f.Numerator == 0) failures.Add($"{d.Code} in {c}: {f.Numerator}/{f.Denominator}");
            }
            table.Append('\n');
        }
        output.WriteLine(table.ToString());
        Assert.Empty(failures);
    }

    [Fact]
    public async Task Few_items_on_xianghe_to_do_list_are_overdue()
    {
        await using var scope = app.Scope();
        var user = new CurrentUser(1, "xianghe", Roles.Community, OrgCode.Parse(DemoAccounts.Xianghe));
        var list = await scope.ServiceProvider.GetRequiredService<WorklistQuery>().ForAsync(user, null, CancellationToken.None);
        var overdue = list.Items.Count(i => i.Overdue);
        var share = overdue / (double)list.Items.Count;
        output.WriteLine($"祥和社区 {list.Today}: {overdue} of {list.Items.Count} items overdue ({share:P1}); "
                         + string.Join(", ", list.Items.GroupBy(i => i.Group).Select(g => $"{g.Key} {g.Count(i => i.Overdue)}/{g.Count()}")));
        foreach (var i in list.Items.Where(i => i.Overdue)) output.WriteLine($"  overdue: {i.PersonId} {i.Age} {i.Group} {i.ItemKey} {i.ItemName} {i.Due}");
        Assert.True(list.Items.Count > 40, $"{list.Items.Count} items: a working office has a list");
        Assert.InRange(share, 0.001, MaxOverdueShare);
    }

    /// <summary>
    /// Issue 13 acceptance 1 on the demo: the share of 逾期 items on 祥和's list and the oldest due date on it, which is not
    /// before the arrival in the community of the person it is for (her latest move into it, else the case's arrival);
    /// each child's missed doses are one catch-up item.
    /// </summary>
    [Fact]
    public async Task Xianghe_list_has_nothing_dated_before_the_arrival_and_prints_its_overdue_share_and_oldest_due_date()
    {
        await using var scope = app.Scope();
        var user = new CurrentUser(1, "xianghe", Roles.Community, OrgCode.Parse(DemoAccounts.Xianghe));
        var list = await scope.ServiceProvider.GetRequiredService<WorklistQuery>().ForAsync(user, null, CancellationToken.None);
        var db = scope.ServiceProvider.GetRequiredService<EqualCareDb>();
        var ids = list.Items.Select(i => i.PersonId).Distinct().ToList();
        var cases = await db.Persons.Where(p => ids.Contains(p.Id)).Select(p => new { p.Id, p.ArrivalDate, p.CommunityCode }).ToListAsync();
        var moves = await db.Movements.Where(m => ids.Contains(m.PersonId) && m.Kind == MovementKind.MoveWithinArea)
            .Select(m => new { m.PersonId, m.ToCommunityCode, m.OccurredOn }).ToListAsync();
        var arrival = cases.ToDictionary(p => p.Id, p => moves.Where(m => m.PersonId == p.Id && m.ToCommunityCode == p.CommunityCode)
            .Select(m => m.OccurredOn).Append(p.ArrivalDate).Max());

        var overdue = list.Items.Count(i => i.Overdue);
        var oldest = list.Items.MinBy(i => i.Due)!;
        var plans = list.Items.Where(i => i.ItemKey == "catch-up").ToList();
        output.WriteLine($"祥和社区 {list.Today}: 逾期 {overdue} of {list.Items.Count} items ({overdue / (double)list.Items.Count:P1}); "
                         + $"oldest due date {oldest.Due:yyyy-MM-dd} ({oldest.ItemName}, person {oldest.PersonId} arrived {arrival[oldest.PersonId]:yyyy-MM-dd}); "
                         + $"{plans.Count} catch-up plans, {plans.Count(p => p.Overdue)} of them 逾期");
        Assert.All(list.Items, i => Assert.True(i.Due >= arrival[i.PersonId] && i.WindowStart >= arrival[i.PersonId],
            $"{i.PersonId} {i.ItemName} due {i.Due} from {i.WindowStart}, arrived {arrival[i.PersonId]}"));
        Assert.All(plans, p => Assert.NotEmpty(p.Plan!));
        Assert.Equal(plans.Count, plans.Select(p => p.PersonId).Distinct().Count());
        Assert.DoesNotContain(list.Items, i => plans.Any(p => p.PersonId == i.PersonId && i != p
            && p.Plan!.Any(d => i.ItemKey == $"{d.Vaccine}-{d.Dose}")));
        Assert.InRange(overdue / (double)list.Items.Count, 0.001, MaxOverdueShare);
    }
}

/// <summary>The app in demo mode as it starts by default: the default number of persons and the demo seed.</summary>
public abstract class DemoDataApp : AppFixture
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("EqualCare:DemoPersons", new EqualCareOptions().DemoPersons.ToString(CultureInfo.InvariantCulture));
    }
}

public sealed class DemoDataSqliteApp : DemoDataApp
{
    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class DemoDataPostgresApp : DemoDataApp
{
    public override DatabaseProvider Provider => DatabaseProvider.Postgres;
}

public sealed class DemoDataTestsOnSqlite(DemoDataSqliteApp app, ITestOutputHelper output) : DemoDataTests(app, output), IClassFixture<DemoDataSqliteApp>;

public sealed class DemoDataTestsOnPostgres(DemoDataPostgresApp app, ITestOutputHelper output) : DemoDataTests(app, output), IClassFixture<DemoDataPostgresApp>;
