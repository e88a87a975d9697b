using System.Globalization;

namespace EqualCare.Web.Domain.Statistics;

/// <summary>
/// Seed 002 (日卫计服发〔2016〕1号) runs its care campaign around 春节 ("抓住春节前后…") and wants the figures of 春节期间 by
/// 3月1日; its form is titled 《春节期间开展流动人口关怀关爱活动有关情况统计表》. A form's period is that campaign when it
/// contains the day of 春节 (正月初一 of the Chinese calendar) and lies within 12月1日 of the year before and 3月1日 of that
/// year (the seed's deadline), so a quarter or a year that merely contains 春节 keeps the plain title.
/// </summary>
public static class SpringFestival
{
    public const string CampaignTitle = "春节期间开展流动人口关怀关爱活动有关情况统计表";
    public const string Title = "开展流动人口关怀关爱活动有关情况统计表";

    static readonly ChineseLunisolarCalendar Lunar = new();

    /// <summary>正月初一 of the Chinese year that begins in <paramref name="year"/> (1901–2100).</summary>
    public static DateOnly Day(int year) => DateOnly.FromDateTime(Lunar.ToDateTime(year, 1, 1, 0, 0, 0, 0));

    public static bool IsCampaign(DateOnly start, DateOnly end)
    {
        if (end < start || end.Year < 1901 || end.Year > 2100) return false;
        var day = Day(end.Year);
        return start <= day && day <= end && start >= new DateOnly(end.Year - 1, 12, 1) && end <= new DateOnly(end.Year, 3, 1);
    }

    /// <summary>The form's title for a period: the seed's, with 春节期间 only for the Spring Festival campaign.</summary>
    public static string FormTitle(DateOnly start, DateOnly end) => IsCampaign(start, end) ? CampaignTitle : Title;
}
