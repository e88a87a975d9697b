using EqualCare.Web.Domain.Indicators;
using EqualCare.Web.Features.DataQuality;
using EqualCare.Web.Features.Indicators;
using EqualCare.Web.Web;

namespace EqualCare.Web.Features.Home;

/// <summary>What a home page shows beyond the to-do counts: the key indicators of the user's unit this quarter (a
/// community's own, a street's communities, a district's streets), and for a district or above its data quality.</summary>
public sealed record Dashboard(
    IndicatorTable? Indicators,
    IReadOnlyList<int> KeyIndexes,
    UnitAccuracy? IdAccuracy,
    int? QualityIssues,
    int? ApprovalsWaiting);

/// <summary>
/// Builds the role's dashboard from the same engines as the indicator and data-quality pages, so a figure on the home
/// page is the figure the full page shows for the same unit and period.
/// </summary>
public sealed class HomeDashboard(IndicatorReport indicators, DataQualityQueries quality, ApprovalsWaiting approvals)
{
    /// <summary>The indicators a home page shows: the seeds' headline targets; the full table is one click away.</summary>
    public static readonly IReadOnlyList<string> KeyIndicators =
        ["comprehensive", "womens_checkup", "health_record", "immunisation_file", "contraception", "id_accuracy"];

    /// <summary>Districts (3), streets (4) and communities (5) see their indicators on the home page.</summary>
    public const int MinimumIndicatorLevel = 3;

    public async Task<Dashboard?> ForAsync(CurrentUser user, CancellationToken ct)
    {
        if (!user.CanReadPersons) return null;
        // A city's table is read from the kept figures in milliseconds, but the first view of a new period computes the
        // whole register (17 s at a million persons, see docs/performance.md): a home page must not be the one to pay
        // for it, so a city or province opens its table on the indicator page.
        IndicatorTable? table = null;
        if (user.Org.Level >= MinimumIndicatorLevel)
        {
            var result = await indicators.TableAsync(user, null, null, ct);
            if (result.IsSuccess) table = result.Value;
        }
        var codes = table?.Indicators.Select(d => d.Code).ToList() ?? [];
        var keys = KeyIndicators.Select(c => codes.IndexOf(c)).Where(i => i >= 0).ToList();

        UnitAccuracy? accuracy = null;
        int? issues = null;
        // A street sees its data-quality list on its own page; the district's home page compares its streets.
        if (user.Org.Level <= 3)
        {
            var report = await quality.ReportAsync(user, null, ct);
            if (report.IsSuccess)
            {
                accuracy = report.Value.AccuracyTotal;
                var t = report.Value.Totals;
                issues = t.IdInvalid + t.PlaceholderId + t.MissingFields + t.Stale;
            }
        }
        var waiting = await approvals.CountAsync(user, ct);
        return new Dashboard(table, keys, accuracy, issues, waiting);
    }
}
