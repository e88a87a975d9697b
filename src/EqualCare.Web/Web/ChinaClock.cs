namespace EqualCare.Web.Web;

/// <summary>"Today" for the offices: dates of service and arrival are Beijing dates, whatever the server's zone.</summary>
public static class ChinaClock
{
    static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    public static DateOnly Today(this TimeProvider clock) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), Shanghai).DateTime);

    public static DateTime UtcNow(this TimeProvider clock) => clock.GetUtcNow().UtcDateTime;

    public static DateTime ToBeijing(DateTime utc) =>
        TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Shanghai);
}
