using System.Globalization;
using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using EqualCare.Web.Domain.Indicators;
using EqualCare.Web.Web;

namespace EqualCare.Web.Features.Indicators;

/// <summary>A person of a drill-down list as shown: the ID number masked.</summary>
public sealed record DrillItem(long Id, string Name, string IdNumberMasked, Sex Sex, DateOnly BirthDate, string CommunityCode, bool InNumerator,
    int LiveBirths = 1);

public sealed record DrillPage(
    IndicatorDefinition Indicator, string UnitCode, Period Period, bool NumeratorOnly, long Total, int Page, int PageSize,
    IReadOnlyList<DrillItem> Items);

/// <summary>
/// The persons behind a figure: the denominator (each marked whether in the numerator) or the numerator alone. Each list
/// viewed is audited (who, which indicator, unit and period), since it names persons with their health data.
/// </summary>
public sealed class IndicatorDrill(IndicatorEngine engine, IndicatorReport report, AuditLog audit)
{
    public const int PageSize = 50;

    public async Task<Result<DrillPage>> ListAsync(CurrentUser user, string? code, string? unit, string? periodKey, bool numeratorOnly,
        int page, CancellationToken ct)
    {
        var indicator = IndicatorCatalogue.Find(code);
        if (indicator is null) return Error.NotFound("indicators.notFound");
        var scope = IndicatorReport.UnitOf(user, unit);
        if (!scope.IsSuccess) return scope.Error;
        var period = report.PeriodOf(periodKey);
        if (!period.IsSuccess) return period.Error;

        var safePage = Math.Max(1, page);
        var (total, rows) = await engine.PersonsAsync(indicator.Code, scope.Value, period.Value, numeratorOnly,
            (safePage - 1) * PageSize, PageSize, ct);
        await audit.RecordAsync(AuditLog.Actions.List, "indicator", indicator.Code,
            detail: string.Create(CultureInfo.InvariantCulture,
                $"unit {scope.Value.Value}, period {period.Value.Key}, {(numeratorOnly ? "numerator" : "denominator")}, page {safePage}, {rows.Count} rows"),
            ct: ct);
        return new DrillPage(indicator, scope.Value.Value, period.Value, numeratorOnly, total, safePage, PageSize,
            rows.Select(r => new DrillItem(r.Id, r.Name, Masking.IdNumber(r.IdNumber), r.Sex, r.BirthDate, r.CommunityCode, r.InNumerator, r.LiveBirths)).ToList());
    }

    /// <summary>Full rows for an export (the export runner masks them and audits the file); same scope rules as the list.</summary>
    public async Task<Result<List<DrillRow>>> RowsAsync(CurrentUser user, string? code, string? unit, string? periodKey, bool numeratorOnly,
        int skip, int take, CancellationToken ct)
    {
        var indicator = IndicatorCatalogue.Find(code);
        if (indicator is null) return Error.NotFound("indicators.notFound");
        var scope = IndicatorReport.UnitOf(user, unit);
        if (!scope.IsSuccess) return scope.Error;
        var period = report.PeriodOf(periodKey);
        if (!period.IsSuccess) return period.Error;
        var (_, rows) = await engine.PersonsAsync(indicator.Code, scope.Value, period.Value, numeratorOnly, skip, take, ct);
        return rows;
    }
}
