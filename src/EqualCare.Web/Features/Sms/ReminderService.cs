using EqualCare.Web.Web;
using Microsoft.Extensions.Options;

namespace EqualCare.Web.Features.Sms;

/// <summary>
/// The daily run: at <see cref="SmsOptions.RunAt"/> Beijing time it queues the reminders of every unit and sends what is
/// queued. Off with EqualCare:Sms:DailyRun=false. A failed run is logged and retried the next day; it never stops the app.
/// </summary>
public sealed class ReminderService(IServiceScopeFactory scopes, IOptions<SmsOptions> options, TimeProvider clock, ILogger<ReminderService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.DailyRun || !options.Value.TryRunAt(out var runAt)) return;
        while (!stoppingToken.IsCancellationRequested)
        {
            await Task.Delay(UntilNext(clock.GetUtcNow(), runAt), clock, stoppingToken);
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var today = clock.Today();
                var queued = await scope.ServiceProvider.GetRequiredService<Reminders>().QueueAsync(null, today, stoppingToken);
                var outcome = await scope.ServiceProvider.GetRequiredService<SmsDispatcher>().SendPendingAsync(null, stoppingToken);
                logger.LogInformation("SMS reminders: {Queued} queued, {Sent} sent, {WithoutPhone} without phone, {Refused} refused",
                    queued, outcome.Sent, outcome.WithoutPhone, outcome.Refused);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "SMS reminder run failed");
            }
        }
    }

    /// <summary>Time from now to the next run-at time in Beijing (tomorrow's when today's has passed).</summary>
    public static TimeSpan UntilNext(DateTimeOffset nowUtc, TimeOnly runAt)
    {
        var beijing = TimeZoneInfo.ConvertTime(nowUtc, ChinaClock.Shanghai);
        var next = new DateTimeOffset(beijing.Date + runAt.ToTimeSpan(), beijing.Offset);
        if (next <= beijing) next = next.AddDays(1);
        return next - beijing;
    }
}
