using EqualCare.Web.Domain;
using EqualCare.Web.Domain.Indicators;
using EqualCare.Web.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace EqualCare.Web.Features.Indicators;

/// <summary>
/// 指标: the indicators of a unit for a period, its child units side by side with RAG colours, sortable by any indicator,
/// the ranking of its communities and one indicator's trend over the last periods.
/// </summary>
public sealed class IndexModel(IndicatorReport report, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Unit { get; set; }
    [BindProperty(SupportsGet = true)] public string? Period { get; set; }
    /// <summary>An indicator code: child units ordered by its rate, lowest first (where attention is needed); "name" or empty for code order.</summary>
    [BindProperty(SupportsGet = true)] public string? Sort { get; set; }
    [BindProperty(SupportsGet = true)] public string? Trend { get; set; }

    public IndicatorTable Table { get; private set; } = null!;
    public IReadOnlyList<UnitFigures> Rows { get; private set; } = [];
    public IndicatorDefinition? TrendIndicator { get; private set; }
    public string TrendSvg { get; private set; } = "";
    public IReadOnlyList<(string Group, IReadOnlyList<Period> Periods)> PeriodChoices { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var user = HttpContext.CurrentUser();
        var result = await report.TableAsync(user, Unit, Period, ct);
        if (!result.IsSuccess) return result.Error.Kind == ErrorKind.NotFound ? NotFound() : BadRequest();
        Table = result.Value;
        var sortIndex = Table.Indicators.ToList().FindIndex(d => d.Code == Sort);
        Rows = sortIndex < 0
            ? Table.Children
            : Table.Children.OrderBy(r => r.Figures[sortIndex].RatePercent ?? decimal.MaxValue).ThenBy(r => r.Code, StringComparer.Ordinal).ToList();

        // The trend costs one pass per period, so it is drawn only when an indicator is chosen for it.
        if (IndicatorCatalogue.Find(Trend) is { } chosen)
        {
            TrendIndicator = chosen;
            var trendIndex = Table.Indicators.ToList().IndexOf(chosen);
            var points = await report.TrendAsync(OrgCode.Parse(Table.UnitCode), Table.Period, ct);
            TrendSvg = TrendChart.Svg(chosen.NameZh + " · " + Table.UnitName,
                points.Select(p => (DomainText.Of(p.Period.ChineseLabel), p.Figures[trendIndex])).ToList(), Table.Targets[chosen.Code]);
        }

        var today = clock.Today();
        PeriodChoices =
        [
            ("period.type.Month", Domain.Indicators.Period.Containing(PeriodType.Month, today).LastPeriods(12).Reverse().ToList()),
            ("period.type.Quarter", Domain.Indicators.Period.Containing(PeriodType.Quarter, today).LastPeriods(8).Reverse().ToList()),
            ("period.type.Year", Domain.Indicators.Period.Containing(PeriodType.Year, today).LastPeriods(5).Reverse().ToList()),
            ("period.type.StatisticalYear", Domain.Indicators.Period.Containing(PeriodType.StatisticalYear, today).LastPeriods(5).Reverse().ToList()),
        ];
        return Page();
    }

    /// <summary>A link to this page keeping the unit and period, with one setting changed.</summary>
    public string Link(string? unit = null, string? sort = null, string? trend = null)
    {
        var sortKey = sort ?? Sort;
        var trendKey = trend ?? TrendIndicator?.Code;
        return $"/Indicators?unit={unit ?? Table.UnitCode}&period={Table.Period.Key}"
               + (string.IsNullOrEmpty(sortKey) ? "" : "&sort=" + Uri.EscapeDataString(sortKey))
               + (string.IsNullOrEmpty(trendKey) ? "" : "&trend=" + Uri.EscapeDataString(trendKey));
    }

    public string DrillLink(string code, string unit, bool numerator) =>
        $"/Indicators/{code}/Drill?unit={unit}&period={Table.Period.Key}" + (numerator ? "&list=numerator" : "");

    public static string RateText(Figure f) => f.RatePercent is { } r ? r.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + "%" : "—";

    public string RagClass(string code, Figure f) => "rag-" + Table.Targets[code].Judge(f.RatePercent).ToString().ToLowerInvariant();
}
