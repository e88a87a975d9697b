using System.Globalization;

namespace EqualCare.Web.Domain.Plans;

/// <summary>
/// The days of the month progress is taken, as the seed's communities report on the 5th, 15th and 25th (大办发〔2012〕8号
/// 七、3). A day the month does not have (31 in April) falls on the month's last day, so no reporting day is lost.
/// </summary>
public sealed class SnapshotDays
{
    public static readonly SnapshotDays Default = new([5, 15, 25]);

    public IReadOnlyList<int> Days { get; }

    public SnapshotDays(IEnumerable<int> days)
    {
        Days = days.Distinct().Order().ToList();
        if (Days.Count == 0 || Days.Any(d => d is < 1 or > 31))
            throw new ArgumentException("Snapshot days must be days of the month, 1 to 31.", nameof(days));
    }

    /// <summary>"5,15,25" → the days; null or blank → the default.</summary>
    public static SnapshotDays Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return Default;
        var days = text.Split([',', ' ', '，'], StringSplitOptions.RemoveEmptyEntries)
            .Select(t => int.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var d) ? d
                : throw new FormatException($"Not a day of the month: '{t}'"));
        return new SnapshotDays(days);
    }

    public bool IsSnapshotDay(DateOnly date)
    {
        var last = DateTime.DaysInMonth(date.Year, date.Month);
        return Days.Any(d => Math.Min(d, last) == date.Day);
    }
}
