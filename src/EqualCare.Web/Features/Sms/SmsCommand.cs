using EqualCare.Web.Domain;
using EqualCare.Web.Web;

namespace EqualCare.Web.Features.Sms;

/// <summary>
/// <c>sms run [--org CODE]</c>: the daily run by hand or from the office's own scheduler (with EqualCare:Sms:DailyRun=false):
/// queues the reminders due in the unit (default: every unit) and sends what is queued.
/// </summary>
public static class SmsCommand
{
    public static async Task<int> RunAsync(IServiceProvider services, string? org, TextWriter output, CancellationToken ct)
    {
        OrgCode? unit = null;
        if (org is not null)
        {
            if (!OrgCode.TryParse(org, out var code))
            {
                await output.WriteLineAsync("usage: sms run [--org CODE]   (CODE: a division code of 2, 4, 6, 9 or 12 digits)");
                return 2;
            }
            unit = code;
        }
        var today = services.GetRequiredService<TimeProvider>().Today();
        var queued = await services.GetRequiredService<Reminders>().QueueAsync(unit, today, ct);
        var sent = await services.GetRequiredService<SmsDispatcher>().SendPendingAsync(unit, ct);
        await output.WriteLineAsync($"queued {queued}, sent {sent.Sent}, without phone {sent.WithoutPhone}, refused {sent.Refused}");
        return 0;
    }
}
