using System.Globalization;
using EqualCare.Web.Domain.Indicators;

namespace EqualCare.UnitTests.Indicators;

public class PeriodAndTargetTests
{
    static readonly string[] SeedTargetCodes = ["comprehensive", "free_service", "womens_checkup", "policy_awareness", "satisfaction", "prepregnancy_check"];

    [Theory]
    [InlineData("2026-11", PeriodType.Month, "2026-11-01", "2026-11-30", "2026年11月")]
    [InlineData("2024-02", PeriodType.Month, "2024-02-01", "2024-02-29", "2024年2月")]
    [InlineData("2026Q4", PeriodType.Quarter, "2026-10-01", "2026-12-31", "2026年第4季度")]
    [InlineData("2026Q1", PeriodType.Quarter, "2026-01-01", "2026-03-31", "2026年第1季度")]
    [InlineData("2026", PeriodType.Year, "2026-01-01", "2026-12-31", "2026年")]
    // 统计年度 2026: 1 October 2025 to 30 September 2026.
    [InlineData("2026S", PeriodType.StatisticalYear, "2025-10-01", "2026-09-30", "2026统计年度")]
    public void Keys_name_their_first_and_last_day(string key, PeriodType type, string start, string end, string label)
    {
        Assert.True(Period.TryParse(key, out var period));
        Assert.Equal((type, DateOnly.Parse(start, CultureInfo.InvariantCulture), DateOnly.Parse(end, CultureInfo.InvariantCulture), label, key), (period.Type, period.Start, period.End, period.ChineseLabel, period.Key));
    }

    [Theory]
    [InlineData("")]
    [InlineData("2026-13")]
    [InlineData("2026Q5")]
    [InlineData("26Q1")]
    [InlineData("2026X")]
    [InlineData("1900")]
    public void Unreadable_keys_are_refused(string key) => Assert.False(Period.TryParse(key, out _));

    [Fact]
    public void The_statistical_year_turns_on_the_first_of_october_and_trends_step_back_period_by_period()
    {
        Assert.Equal("2026S", Period.Containing(PeriodType.StatisticalYear, new DateOnly(2026, 9, 30)).Key);
        Assert.Equal("2027S", Period.Containing(PeriodType.StatisticalYear, new DateOnly(2026, 10, 1)).Key);
        Assert.Equal(["2025Q4", "2026Q1", "2026Q2"], Period.Containing(PeriodType.Quarter, new DateOnly(2026, 5, 5)).LastPeriods(3).Select(p => p.Key));
        Assert.Equal(["2025-12", "2026-01"], Period.Containing(PeriodType.Month, new DateOnly(2026, 1, 31)).LastPeriods(2).Select(p => p.Key));
    }

    [Theory]
    [InlineData(95.0, Rag.Green)]
    [InlineData(97.2, Rag.Green)]
    [InlineData(94.9, Rag.Amber)]
    [InlineData(90.0, Rag.Amber)]
    [InlineData(89.9, Rag.Red)]
    public void Rates_are_judged_against_the_target_and_the_amber_threshold(double rate, Rag expected) =>
        Assert.Equal(expected, new Target(95, 90).Judge((decimal)rate));

    [Fact]
    public void No_denominator_or_no_target_gets_no_colour_and_a_zero_denominator_has_no_rate()
    {
        Assert.Null(new Figure(0, 0).RatePercent);
        Assert.Equal(Rag.None, new Target(95, 90).Judge(null));
        Assert.Equal(Rag.None, new Target(null, null).Judge(50));
        Assert.Equal(66.7m, new Figure(2, 3).RatePercent);
        Assert.False(Target.IsValid(90, 95));
        Assert.False(Target.IsValid(0, 0));
        Assert.True(Target.IsValid(100, 95));
    }

    [Fact]
    public void Every_indicator_has_a_unique_code_words_for_its_formula_and_a_source()
    {
        Assert.Equal(IndicatorCatalogue.All.Count, IndicatorCatalogue.All.Select(d => d.Code).Distinct().Count());
        Assert.All(IndicatorCatalogue.All, d =>
        {
            Assert.False(string.IsNullOrWhiteSpace(d.NumeratorZh + d.DenominatorZh + d.NumeratorEn + d.DenominatorEn + d.Source));
            if (d.TargetPercent is { } t) Assert.True(Target.IsValid(t, d.AmberPercent ?? -1), d.Code);
        });
        // Targets named by the seeds (001 二, 003 二).
        Assert.Equal([95m, 98m, 100m, 90m, 95m, 80m], SeedTargetCodes.Select(c => IndicatorCatalogue.Find(c)!.TargetPercent!.Value));
    }
}
