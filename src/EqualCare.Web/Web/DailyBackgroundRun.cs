namespace EqualCare.Web.Web;

/// <summary>
/// Work kept off the request path and done once a day: at start, then at the first check after each local midnight
/// (China time, <see cref="ChinaClock"/>), looking every <see cref="CheckEvery"/>. A failed run is logged and tried again at
/// the next check; stopping the app cancels a run between its steps. The to-do items' day change
/// (<c>DueKeepingService</c>) and the indicator figures kept ahead (<c>FiguresKeepingService</c>) run on it.
/// </summary>
public abstract class DailyBackgroundRun(TimeProvider clock, ILogger logger) : BackgroundService
{
    protected ILogger Logger { get; } = logger;

    /// <summary>Whether the work runs at all (its setting, its database).</summary>
    protected abstract bool Enabled { get; }

    protected abstract TimeSpan CheckEvery { get; }

    /// <summary>What is kept, for the log line of a failed run ("the to-do items").</summary>
    protected abstract string What { get; }

    /// <summary>The day's work; done for the day once it returns.</summary>
    protected abstract Task RunAsync(DateOnly today, CancellationToken ct);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!Enabled) return;
        DateOnly? done = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            var today = clock.Today();
            if (done != today)
            {
                try
                {
                    await RunAsync(today, stoppingToken);
                    done = today;
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception e)
                {
                    Logger.LogError(e, "Keeping {What} for {Day} failed; tried again at the next check", What, today);
                }
            }
            try
            {
                await Task.Delay(CheckEvery, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
