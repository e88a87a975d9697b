using System.Globalization;

namespace EqualCare.Web.Domain.Indicators;

/// <summary>How indicators are counted over time. 统计年度 runs 1 October – 30 September (the family-planning statistical year).</summary>
public enum PeriodType : short
{
    Month = 1,
    Quarter = 2,
    Year = 3,
    StatisticalYear = 4,
}

/// <summary>
/// One period, both ends inclusive. Keys are stable text for links and exports: "2026-11", "2026Q4", "2026",
/// "2026S" (统计年度 2026 = 2025-10-01 … 2026-09-30, named by the year it ends in).
/// </summary>
public readonly record struct Period(PeriodType Type, DateOnly Start, DateOnly End)
{
    public string Key => Type switch
    {
        PeriodType.Month => Start.ToString("yyyy-MM", CultureInfo.InvariantCulture),
        PeriodType.Quarter => $"{Start.Year}Q{(Start.Month - 1) / 3 + 1}",
        PeriodType.Year => Start.Year.ToString(CultureInfo.InvariantCulture),
        _ => End.Year.ToString(CultureInfo.InvariantCulture) + "S",
    };

    /// <summary>The label the pages print: 2026年11月, 2026年第4季度, 2026年, 2026统计年度.</summary>
    public string ChineseLabel => Type switch
    {
        PeriodType.Month => $"{Start.Year}年{Start.Month}月",
        PeriodType.Quarter => $"{Start.Year}年第{(Start.Month - 1) / 3 + 1}季度",
        PeriodType.Year => $"{Start.Year}年",
        _ => $"{End.Year}统计年度",
    };

    public static Period Containing(PeriodType type, DateOnly day) => type switch
    {
        PeriodType.Month => Of(type, new DateOnly(day.Year, day.Month, 1), 1),
        PeriodType.Quarter => Of(type, new DateOnly(day.Year, (day.Month - 1) / 3 * 3 + 1, 1), 3),
        PeriodType.Year => Of(type, new DateOnly(day.Year, 1, 1), 12),
        PeriodType.StatisticalYear => Of(type, new DateOnly(day.Month >= 10 ? day.Year : day.Year - 1, 10, 1), 12),
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    public Period Previous => Containing(Type, Start.AddDays(-1));

    /// <summary>This period and the <paramref name="count"/> − 1 before it, oldest first.</summary>
    public IReadOnlyList<Period> LastPeriods(int count)
    {
        var list = new List<Period> { this };
        while (list.Count < count) list.Add(list[^1].Previous);
        list.Reverse();
        return list;
    }

    public static bool TryParse(string? key, out Period period)
    {
        period = default;
        if (string.IsNullOrWhiteSpace(key)) return false;
        var k = key.Trim();
        var inv = CultureInfo.InvariantCulture;
        if (k.Length == 7 && k[4] == '-' && int.TryParse(k[..4], NumberStyles.None, inv, out var y1)
            && int.TryParse(k[5..], NumberStyles.None, inv, out var m) && m is >= 1 and <= 12 && ValidYear(y1))
            period = Containing(PeriodType.Month, new DateOnly(y1, m, 1));
        else if (k.Length == 6 && k[4] == 'Q' && int.TryParse(k[..4], NumberStyles.None, inv, out var y2)
                 && k[5] is >= '1' and <= '4' && ValidYear(y2))
            period = Containing(PeriodType.Quarter, new DateOnly(y2, (k[5] - '1') * 3 + 1, 1));
        else if (k.Length == 4 && int.TryParse(k, NumberStyles.None, inv, out var y3) && ValidYear(y3))
            period = Containing(PeriodType.Year, new DateOnly(y3, 1, 1));
        else if (k.Length == 5 && k[4] == 'S' && int.TryParse(k[..4], NumberStyles.None, inv, out var y4) && ValidYear(y4))
            period = Containing(PeriodType.StatisticalYear, new DateOnly(y4, 9, 30));
        else return false;
        return true;
    }

    static bool ValidYear(int year) => year is >= 1990 and <= 2100;

    static Period Of(PeriodType type, DateOnly start, int months) => new(type, start, start.AddMonths(months).AddDays(-1));
}
