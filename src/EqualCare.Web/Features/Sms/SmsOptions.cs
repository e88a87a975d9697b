using System.Globalization;

namespace EqualCare.Web.Features.Sms;

/// <summary>The "EqualCare:Sms" configuration: the daily run that queues and sends reminders.</summary>
public sealed class SmsOptions
{
    public const string Section = "EqualCare:Sms";

    /// <summary>False stops the daily run; the outbox page's button still works.</summary>
    public bool DailyRun { get; set; } = true;

    /// <summary>Beijing time of the daily run, "HH:mm".</summary>
    public string RunAt { get; set; } = "08:00";

    public bool TryRunAt(out TimeOnly time) =>
        TimeOnly.TryParseExact(RunAt, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out time);
}
