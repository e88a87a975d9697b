namespace EqualCare.Web.Web;

/// <summary>"Today" for the offices: dates of service and arrival are Beijing dates, whatever the server's zone.</summary>
public static class ChinaClock
{
    /// <summary>Beijing time (UTC+8, no daylight saving).</summary>
    public static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    public static DateOnly Today(this TimeProvider clock) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), Shanghai).DateTime);

    public static DateTime UtcNow(this TimeProvider clock) => clock.GetUtcNow().UtcDateTime;

    /// <summary>Beijing midnight of an office date, in UTC: for comparing office dates with timestamps stored in UTC.</summary>
    public static DateTime UtcStartOf(DateOnly day) =>
        TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified), Shanghai);

    public static DateTime ToBeijing(DateTime utc) =>
        TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Shanghai);
}
