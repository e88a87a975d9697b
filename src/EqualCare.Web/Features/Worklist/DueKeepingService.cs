using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using EqualCare.Web.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace EqualCare.Web.Features.Worklist;

public sealed class WorklistOptions
{
    public const string Section = "EqualCare:Worklist";

    /// <summary>Whether the day's change of the kept items runs in the background (off: the first reader of each unit keeps it).</summary>
    public bool KeepDaily { get; set; } = true;

    /// <summary>How often the service looks whether the local day has changed.</summary>
    public int CheckEveryMinutes { get; set; } = 1;
}

/// <summary>Where the day's keeping stands, for the administrator's page and the log.</summary>
public sealed class DueKeepingProgress
{
    readonly Lock gate = new();
    DateOnly? day;
    int unitsDone, unitsTotal, personsKept;
    bool finished;

    public (DateOnly? Day, int UnitsDone, int UnitsTotal, int PersonsKept, bool Finished) Snapshot
    {
        get
        {
            lock (gate) return (day, unitsDone, unitsTotal, personsKept, finished);
        }
    }

    public void Start(DateOnly today, int total)
    {
        lock (gate) (day, unitsDone, unitsTotal, personsKept, finished) = (today, 0, total, 0, false);
    }

    public void Done(int kept)
    {
        lock (gate) (unitsDone, personsKept) = (unitsDone + 1, personsKept + kept);
    }

    public void Finish()
    {
        lock (gate) finished = true;
    }
}

/// <summary>
/// The day's change of the kept to-do items off the request path (issue 15): at start and after each local midnight it
/// keeps the stale persons of the installation community by community (each in chunks of <see cref="DueKeeper"/>, each
/// community's counts rebuilt, its marker written), then marks each larger unit (street, district, city …), so the first
/// reader of a day does not pay. A request that finds its unit not yet done still keeps it itself (<see cref="DueUnits"/>).
/// Cancellable between chunks; a failed run is logged and tried again at the next check. Off with EqualCare:Worklist:KeepDaily=false.
/// </summary>
public sealed class DueKeepingService(IServiceScopeFactory scopes, IOptions<WorklistOptions> options, DueKeepingProgress progress,
    TimeProvider clock, ILogger<DueKeepingService> logger) : DailyBackgroundRun(clock, logger)
{
    protected override bool Enabled => options.Value.KeepDaily;

    protected override TimeSpan CheckEvery => TimeSpan.FromMinutes(Math.Max(1, options.Value.CheckEveryMinutes));

    protected override string What => "the to-do items";

    protected override async Task RunAsync(DateOnly today, CancellationToken ct)
    {
        List<string> communities;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<EqualCareDb>();
            communities = await WorklistQuery.Listed(db.Persons).Select(p => p.CommunityCode).Distinct().OrderBy(c => c).ToListAsync(ct);
        }
        // The larger units, smallest first: each one's check then finds its communities kept and only writes its marker.
        var larger = communities.Where(c => OrgCode.TryParse(c, out _))
            .SelectMany(c => Ancestors(OrgCode.Parse(c))).Distinct().OrderByDescending(u => OrgCode.Parse(u).Level).ThenBy(u => u, StringComparer.Ordinal).ToList();
        var units = communities.Concat(larger).ToList();
        progress.Start(today, units.Count);
        Logger.LogInformation("Keeping the to-do items for {Day}: {Units} units", today, units.Count);
        foreach (var code in units)
        {
            ct.ThrowIfCancellationRequested();
            if (!OrgCode.TryParse(code, out var unit))
            {
                progress.Done(0);
                continue;
            }
            // One scope (one context) a unit: the change tracker and connection do not grow over the installation.
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<EqualCareDb>();
            var kept = await scope.ServiceProvider.GetRequiredService<DueUnits>().EnsureAsync(unit, today, ct);
            await KeptCounts.ReadAsync(db, unit, today, ct);
            progress.Done(kept);
        }
        progress.Finish();
        var (_, unitsDone, _, persons, _) = progress.Snapshot;
        Logger.LogInformation("Kept the to-do items for {Day}: {Units} units, {Persons} persons computed", today, unitsDone, persons);
    }

    /// <summary>The units above a community, as codes (its street, district, city, province), from the code's own structure.</summary>
    static IEnumerable<string> Ancestors(OrgCode community)
    {
        for (var unit = community.Parent; unit is { } u; unit = u.Parent) yield return u.Value;
    }
}
