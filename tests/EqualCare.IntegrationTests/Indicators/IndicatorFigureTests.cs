using EqualCare.IntegrationTests.Infrastructure;
using EqualCare.Web.Domain;
using EqualCare.Web.Domain.Indicators;
using EqualCare.Web.Features.Indicators;
using Microsoft.Extensions.DependencyInjection;

namespace EqualCare.IntegrationTests.Indicators;

/// <summary>
/// Every indicator's numerator and denominator for the hand-built community of <see cref="IndicatorFigureData"/>, as
/// counted by hand from its table, on each database; and the drill-down lists hold exactly the persons counted.
/// </summary>
public abstract class IndicatorFigureTests(AppFixture app)
{
    static readonly OrgCode Community = OrgCode.Parse(IndicatorFigureData.Community);

    /// <summary>Hand counts for 2026 Q3: (numerator, denominator) and who is in the numerator.</summary>
    public static readonly Dictionary<string, (long Numerator, long Denominator, string[] Who)> Q3 = new()
    {
        ["comprehensive"] = (2, 10, ["W1", "W5"]),
        ["free_service"] = (5, 10, ["W1", "W3", "W4", "W5", "W7"]),
        // The 康检 rule's population (seed 001: 15–49, pregnancy exempts, sterilisation does not): W5 (sterilised) and W11
        // (49 on 07-01, checked at 49) are in; W6 and W7 (pregnant in the quarter, not checked) are exempt.
        ["womens_checkup"] = (4, 9, ["W1", "W3", "W4", "W11"]),
        ["checkup_same_day"] = (1, 3, ["W1"]),
        ["checkup_after_makeup"] = (2, 3, ["W1", "W4"]),
        ["contraception"] = (7, 10, ["W1", "W3", "W4", "W5", "W7", "W8", "W9"]),
        ["contraception_timely"] = (2, 3, ["W7", "W9"]),
        ["certificate_checked"] = (5, 10, ["W1", "W2", "W3", "W5", "W6"]),
        ["health_record"] = (2, 17, ["W1", "M1"]),
        ["immunisation_file"] = (2, 3, ["K3", "K6"]),
        ["vaccine_hepb"] = (1, 2, ["K3"]),
        ["vaccine_bcg"] = (1, 2, ["K3"]),
        ["vaccine_ipv"] = (1, 2, ["K3"]),
        ["vaccine_bopv"] = (1, 2, ["K3"]),
        ["vaccine_dtap"] = (1, 2, ["K3"]),
        ["vaccine_mmr"] = (1, 2, ["K3"]),
        ["vaccine_mpsva"] = (1, 2, ["K3"]),
        ["early_booking"] = (1, 2, ["W7"]),
        ["postpartum_visit"] = (1, 2, ["W7"]),
        ["antenatal_care"] = (1, 2, ["W7"]),
        ["newborn_visit"] = (1, 2, ["K1"]),
        ["child_health"] = (3, 5, ["K1", "K2", "K4"]),
        ["prepregnancy_check"] = (2, 10, ["W6", "W7"]),
        ["prepregnancy_here"] = (0, 0, []),
        ["free_contraceptives"] = (1, 3, ["W4"]),
        ["free_service_here"] = (1, 2, ["W7"]),
        ["equalisation"] = (2, 17, ["W1", "M1"]),
        ["id_accuracy"] = (22, 24, []),
        ["data_entry"] = (4, 5, ["M2", "M4", "K1", "K2"]),
        ["policy_awareness"] = (2, 3, ["W1", "W16"]),
        ["satisfaction"] = (2, 3, ["W1", "W2"]),
    };

    async Task<Dictionary<string, Figure>> FiguresAsync(Period period)
    {
        await IndicatorFigureData.EnsureAsync(app);
        await using var scope = app.Scope();
        var engine = scope.ServiceProvider.GetRequiredService<IndicatorEngine>();
        var byCommunity = await engine.ByCommunityAsync(Community, period, default);
        var figures = Assert.Single(byCommunity).Value;
        return IndicatorEngine.Indicators.Select((d, i) => (d.Code, figures[i])).ToDictionary(x => x.Code, x => x.Item2);
    }

    [Fact]
    public void The_hand_counts_name_every_indicator_of_the_catalogue()
    {
        Assert.Equal(IndicatorCatalogue.All.Select(d => d.Code).Order(), Q3.Keys.Order());
        Assert.Equal(["HepB 3", "BCG 1", "IPV 2", "bOPV 1", "DTaP 4", "MMR 2", "MPSV-A 2"],
            IndicatorCatalogue.CoveredVaccines.Select(v => $"{v.Vaccine} {v.Doses}"));
    }

    [Fact]
    public async Task Every_numerator_and_denominator_of_2026_Q3_matches_the_hand_count()
    {
        var figures = await FiguresAsync(IndicatorFigureData.Q3);
        var wrong = Q3.Where(e => figures[e.Key] != new Figure(e.Value.Numerator, e.Value.Denominator))
            .Select(e => $"{e.Key}: expected {e.Value.Numerator}/{e.Value.Denominator}, got {figures[e.Key].Numerator}/{figures[e.Key].Denominator}")
            .ToList();
        Assert.Empty(wrong);
        Assert.Equal(20.0m, figures["comprehensive"].RatePercent);
        Assert.Equal(11.8m, figures["health_record"].RatePercent);
    }

    [Fact]
    public async Task The_period_decides_who_counts_Q2_has_the_may_check_up_day_and_the_april_birth()
    {
        var figures = await FiguresAsync(Period.Containing(PeriodType.Quarter, new DateOnly(2026, 5, 1)));
        Assert.Equal(new Figure(1, 1), figures["checkup_same_day"]);   // W3 came on 05-10
        Assert.Equal(new Figure(1, 1), figures["policy_awareness"]);   // M1's survey of 06-15
        Assert.Equal(new Figure(0, 1), figures["early_booking"]);      // W10's April birth, never booked
        Assert.Equal(new Figure(0, 0), figures["newborn_visit"]);
        Assert.Null(figures["newborn_visit"].RatePercent);
    }

    [Fact]
    public async Task Over_2026_W6_became_pregnant_here_after_her_free_pre_pregnancy_check()
    {
        var figures = await FiguresAsync(Period.Containing(PeriodType.Year, new DateOnly(2026, 1, 1)));
        Assert.Equal(new Figure(1, 1), figures["prepregnancy_here"]);   // W6: LMP 05-01, checked 03-01
        Assert.Equal(new Figure(1, 3), figures["antenatal_care"]);      // W7 (five visits) of W7, W8 and W10 (April)
    }

    [Fact]
    public async Task Each_drill_down_lists_exactly_the_persons_of_its_figure()
    {
        var ids = await IndicatorFigureData.EnsureAsync(app);
        var labels = ids.ToDictionary(p => p.Value, p => p.Key);
        await using var scope = app.Scope();
        var engine = scope.ServiceProvider.GetRequiredService<IndicatorEngine>();
        var wrong = new List<string>();
        foreach (var (code, (numerator, denominator, who)) in Q3)
        {
            var (denTotal, denRows) = await engine.PersonsAsync(code, Community, IndicatorFigureData.Q3, false, 0, 100, default);
            var (numTotal, numRows) = await engine.PersonsAsync(code, Community, IndicatorFigureData.Q3, true, 0, 100, default);
            // A denominator of live births counts each mother's births (twins twice); elsewhere each person once.
            var counted = IndicatorCatalogue.PerLiveBirth.Contains(code) ? denRows.Sum(r => r.LiveBirths) : denRows.Count;
            if (denTotal != denRows.Count || counted != denominator) wrong.Add($"{code} denominator list {denTotal}/{denRows.Count}/{counted}");
            if (numTotal != numerator || numRows.Count != numerator) wrong.Add($"{code} numerator list {numTotal}/{numRows.Count}");
            if (denRows.Count(r => r.InNumerator) != numerator) wrong.Add($"{code} marks {denRows.Count(r => r.InNumerator)} in the numerator");
            if (who.Length > 0 && !numRows.Select(r => labels[r.Id]).Order().SequenceEqual(who.Order()))
                wrong.Add($"{code} numerator is {string.Join(",", numRows.Select(r => labels[r.Id]))}");
        }
        Assert.Empty(wrong);
    }
}

[Collection(OnSqlite.Name)]
public sealed class IndicatorFigureTestsOnSqlite(SqliteApp app) : IndicatorFigureTests(app);

[Collection(OnPostgres.Name)]
public sealed class IndicatorFigureTestsOnPostgres(PostgresApp app) : IndicatorFigureTests(app);
