using EqualCare.Web.Domain.Indicators;

namespace EqualCare.Web.Features.Indicators;

/// <summary>
/// The indicator table as the API answers it: flat rows of plain values. The domain's <see cref="IndicatorTable"/> is
/// not sent as it is: its period reaches the previous period and so on without end, and the figures' status needs the targets.
/// </summary>
/// <param name="Period">The period key (<c>2026Q3</c>, <c>2026-07</c>, <c>2026</c>).</param>
/// <param name="Total">The unit's own total; <paramref name="Rows"/> are its child units (communities of a street, …).</param>
public sealed record IndicatorTableDto(
    string UnitCode, string UnitName, string Period, string PeriodLabel, DateOnly PeriodStart, DateOnly PeriodEnd,
    IReadOnlyList<IndicatorColumnDto> Indicators, IndicatorRowDto Total, IReadOnlyList<IndicatorRowDto> Rows,
    IReadOnlyList<RankedCommunity> Ranking)
{
    public static IndicatorTableDto From(IndicatorTable t)
    {
        var columns = t.Indicators.Select(d => new IndicatorColumnDto(d.Code, d.NameZh, d.NameEn, d.NumeratorZh, d.DenominatorZh,
            t.Targets[d.Code].TargetPercent, t.Targets[d.Code].AmberPercent)).ToList();
        IndicatorRowDto Row(UnitFigures u) => new(u.Code, u.Name, u.Figures.Select((f, i) =>
            new IndicatorFigureDto(t.Indicators[i].Code, f.Numerator, f.Denominator, f.RatePercent,
                t.Targets[t.Indicators[i].Code].Judge(f.RatePercent))).ToList());
        return new(t.UnitCode, t.UnitName, t.Period.Key, t.Period.ChineseLabel, t.Period.Start, t.Period.End, columns, Row(t.Total),
            t.Children.Select(Row).ToList(), t.Ranking);
    }
}

/// <summary>One indicator of the table: what it counts and the target in force (percent; amber from <paramref name="AmberPercent"/>).</summary>
public sealed record IndicatorColumnDto(
    string Code, string NameZh, string NameEn, string NumeratorZh, string DenominatorZh, decimal? TargetPercent, decimal? AmberPercent);

/// <summary>A unit's figures, one per indicator in the order of <see cref="IndicatorTableDto.Indicators"/>.</summary>
public sealed record IndicatorRowDto(string Code, string Name, IReadOnlyList<IndicatorFigureDto> Figures);

/// <summary>A figure: <paramref name="RatePercent"/> is null when nobody is counted; <paramref name="Status"/> is red/amber/green against the target.</summary>
public sealed record IndicatorFigureDto(string Indicator, long Numerator, long Denominator, decimal? RatePercent, Rag Status);
