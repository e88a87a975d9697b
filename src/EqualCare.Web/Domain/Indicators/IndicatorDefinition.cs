namespace EqualCare.Web.Domain.Indicators;

/// <summary>
/// An indicator as data: what it is called, its formula in words (numerator ÷ denominator, as users read it), the period it
/// is naturally counted over, its target and the amber threshold below it, and where the definition comes from. A
/// <see cref="Proposed"/> formula is the project's own (docs/rules.md §7) until the office confirms it in writing.
/// </summary>
public sealed record IndicatorDefinition(
    string Code,
    string NameZh,
    string NameEn,
    string NumeratorZh,
    string DenominatorZh,
    string NumeratorEn,
    string DenominatorEn,
    PeriodType NaturalPeriod,
    decimal? TargetPercent,
    decimal? AmberPercent,
    bool Proposed,
    string Source);

/// <summary>Red / amber / green against a target; <see cref="None"/> when there is no target or nobody to count.</summary>
public enum Rag
{
    None = 0,
    Red = 1,
    Amber = 2,
    Green = 3,
}

/// <summary>An indicator's figure for one unit and period.</summary>
public readonly record struct Figure(long Numerator, long Denominator)
{
    /// <summary>Percent with one decimal as shown; null when the denominator is zero (nothing to count, not 0%).</summary>
    public decimal? RatePercent => Denominator == 0 ? null : Math.Round(100m * Numerator / Denominator, 1, MidpointRounding.AwayFromZero);

    public static Figure operator +(Figure a, Figure b) => new(a.Numerator + b.Numerator, a.Denominator + b.Denominator);
}

/// <summary>The target and amber threshold in force for an indicator (the catalogue's, or an administrator's override).</summary>
public readonly record struct Target(decimal? TargetPercent, decimal? AmberPercent)
{
    /// <summary>Green at or above the target, amber at or above the threshold, red below it (the rounded rate is compared).</summary>
    public Rag Judge(decimal? ratePercent)
    {
        if (ratePercent is not { } rate || TargetPercent is not { } target) return Rag.None;
        if (rate >= target) return Rag.Green;
        return AmberPercent is { } amber && rate >= amber ? Rag.Amber : Rag.Red;
    }

    /// <summary>Targets and thresholds are percentages; the threshold sits at or below the target.</summary>
    public static bool IsValid(decimal target, decimal amber) => target is > 0 and <= 100 && amber is >= 0 && amber <= target;
}
