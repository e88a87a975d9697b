using System.Diagnostics;
using System.Globalization;
using Dapper;
using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using EqualCare.Web.Domain.Indicators;
using EqualCare.Web.Web;
using Microsoft.Extensions.Options;

namespace EqualCare.Web.Features.Indicators;

public sealed class IndicatorOptions
{
    public const string Section = "EqualCare:Indicators";

    /// <summary>
    /// Whether the figures of the periods users open are kept ahead of them in the background (PostgreSQL; off: the
    /// first table of a period computes it on the user's request).
    /// </summary>
    public bool KeepFigures { get; set; } = true;

    /// <summary>How often the service looks whether the local day has changed.</summary>
    public int CheckEveryMinutes { get; set; } = 1;
}

/// <summary>One unit and period made current by <see cref="FiguresKeeper"/>: its communities, how many were computed now, and the time taken.</summary>
public sealed record KeptPeriod(string Unit, string Period, int Communities, int Computed, TimeSpan Took);

/// <summary>
/// Keeps the figures of the periods users open current before anyone asks (issue 15, "indicators cold"): a period nobody
/// had opened cost its first reader the whole unit's computation, 6.4 s for the city at 1,000,000 persons (132× the
/// GROUP BY baseline; docs/performance.md). Each period is made current through <see cref="IndicatorEngine.KeepAsync"/>,
/// the request's own path and lock: a request for the same period meanwhile waits for the computation and reads what
/// was kept, and only missing or stale communities (no row, or a row older than the community's version) are computed.
/// DHIS2 fills its analytics tables the same way, ahead of its users; here the kept rows are then moved by each save.
/// PostgreSQL only: SQLite keeps no figures and computes a table from the records every time.
/// </summary>
public sealed class FiguresKeeper(DbConnectionFactory connections, IndicatorEngine engine, ILogger<FiguresKeeper> logger)
{
    /// <summary>
    /// The periods kept ahead: the current and the previous month, quarter, year and 统计年度. The indicator page opens on
    /// the current quarter and offers the four kinds; the period just ended is the one reported on (月报, 季报, the year's
    /// and the 统计年度's 考核) in the days after it ends, so a new month's first readers mostly open the previous one.
    /// Older periods are opened rarely and keep being computed on their first request (once, then kept).
    /// </summary>
    public static IReadOnlyList<Period> PeriodsOpened(DateOnly today) =>
    [
        .. new[] { PeriodType.Quarter, PeriodType.Month, PeriodType.Year, PeriodType.StatisticalYear }
            .SelectMany(type => Period.Containing(type, today) is var current ? new[] { current, current.Previous } : []),
    ];

    /// <summary>
    /// Makes the kept figures of <paramref name="periods"/> current for <paramref name="unit"/>, or for the whole register
    /// (every city its communities belong to) when none is given. Returns what it did, in order.
    /// </summary>
    public async Task<IReadOnlyList<KeptPeriod>> KeepAsync(IReadOnlyList<Period> periods, OrgCode? unit, CancellationToken ct)
    {
        if (connections.Provider != DatabaseProvider.Postgres) return [];
        var units = unit is { } u ? [u] : await CitiesAsync(ct);
        var done = new List<KeptPeriod>();
        foreach (var period in periods)
            foreach (var top in units)
            {
                ct.ThrowIfCancellationRequested();
                var watch = Stopwatch.StartNew();
                var (communities, computed) = await engine.KeepAsync(top, period, ct);
                var kept = new KeptPeriod(top.Value, period.Key, communities, computed, watch.Elapsed);
                done.Add(kept);
                // Unit codes, period keys and counts only: nothing about a person.
                logger.LogInformation("Indicator figures of {Unit} for {Period}: {Computed} of {Communities} communities computed in {Milliseconds} ms",
                    kept.Unit, kept.Period, kept.Computed, kept.Communities, (long)kept.Took.TotalMilliseconds);
            }
        return done;
    }

    /// <summary>
    /// The cities of every community with a version row (the persons trigger writes one for each community with persons,
    /// whether or not the community is in org_units): together, the whole register. A city at a time rather than a
    /// province: each statement (and each hold of the period's lock, which requests of that period wait on) stays the
    /// size of a city's, 6.4 s at 1,000,000 persons on a quiet machine.
    /// </summary>
    async Task<List<OrgCode>> CitiesAsync(CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct);
        var prefixes = await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT DISTINCT left(community_code, 4) FROM indicator_versions ORDER BY 1", cancellationToken: ct));
        return [.. prefixes.Select(p => OrgCode.TryParse(p, out var code) ? code : (OrgCode?)null).OfType<OrgCode>()];
    }
}

/// <summary>
/// Runs <see cref="FiguresKeeper"/> at start and after each local midnight (a new month, quarter or year begins at one),
/// so that the first reader of a period meets kept figures. A failed run is logged and tried again at the next check.
/// Off with EqualCare:Indicators:KeepFigures=false; does nothing on SQLite.
/// </summary>
public sealed class FiguresKeepingService(IServiceScopeFactory scopes, IOptions<IndicatorOptions> options, DbConnectionFactory connections,
    TimeProvider clock, ILogger<FiguresKeepingService> logger) : DailyBackgroundRun(clock, logger)
{
    protected override bool Enabled => options.Value.KeepFigures && connections.Provider == DatabaseProvider.Postgres;

    protected override TimeSpan CheckEvery => TimeSpan.FromMinutes(Math.Max(1, options.Value.CheckEveryMinutes));

    protected override string What => "the indicator figures";

    protected override async Task RunAsync(DateOnly today, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        await using var scope = scopes.CreateAsyncScope();
        var kept = await scope.ServiceProvider.GetRequiredService<FiguresKeeper>().KeepAsync(FiguresKeeper.PeriodsOpened(today), null, ct);
        Logger.LogInformation("Kept the indicator figures for {Day}: {Periods} unit periods, {Computed} communities computed, in {Seconds} s",
            today, kept.Count, kept.Sum(k => k.Computed), Math.Round(watch.Elapsed.TotalSeconds, 1));
    }
}

/// <summary>
/// `indicators keep-figures [--unit CODE] [--period KEY]`: what the background keeping does, once (after a bulk load, or
/// with the background keeping off): the figures of the periods users open (or of the one period given) computed where
/// missing or stale, for the unit or the whole register.
/// </summary>
public static class KeepFiguresCommand
{
    public static async Task<int> RunAsync(IServiceProvider services, string? unit, string? period, TextWriter output, CancellationToken ct)
    {
        OrgCode? code = null;
        if (unit is not null)
        {
            if (!OrgCode.TryParse(unit, out var parsed))
            {
                await output.WriteLineAsync("usage: indicators keep-figures [--unit CODE] [--period KEY]");
                return 2;
            }
            code = parsed;
        }
        IReadOnlyList<Period> periods;
        if (period is null) periods = FiguresKeeper.PeriodsOpened(services.GetRequiredService<TimeProvider>().Today());
        else if (Period.TryParse(period, out var p)) periods = [p];
        else
        {
            await output.WriteLineAsync("usage: indicators keep-figures [--unit CODE] [--period KEY] (a key such as 2026-11, 2026Q4, 2026, 2026S)");
            return 2;
        }
        if (services.GetRequiredService<DbConnectionFactory>().Provider != DatabaseProvider.Postgres)
        {
            await output.WriteLineAsync("nothing kept on this database (figures computed from the records)");
            return 0;
        }
        var watch = Stopwatch.StartNew();
        var kept = await services.GetRequiredService<FiguresKeeper>().KeepAsync(periods, code, ct);
        foreach (var k in kept)
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"unit {k.Unit} period {k.Period}: {k.Computed} of {k.Communities} communities computed in {k.Took.TotalMilliseconds:0} ms"));
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"kept {kept.Count} unit periods, {kept.Sum(k => k.Computed)} communities computed, in {watch.Elapsed.TotalSeconds:0.0} s"));
        return 0;
    }
}
