using EqualCare.Web.Data;
using EqualCare.Web.Domain.Plans;
using EqualCare.Web.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace EqualCare.Web.Features.Plans;

public sealed class PlanOptions
{
    public const string Section = "EqualCare:Plans";

    /// <summary>Days of the month progress snapshots are taken, e.g. "5,15,25" (the seed's reporting days).</summary>
    public string? SnapshotDays { get; set; }

    /// <summary>How often the job looks whether today is a snapshot day still to be taken.</summary>
    public int CheckEveryMinutes { get; set; } = 60;
}

/// <summary>
/// Takes the snapshots of one day: for every plan whose period covers the day and that has none for it yet, the target
/// and progress of each allocation. Idempotent per plan and day: a plan already taken that day is skipped, and the
/// unique index stops a second instance racing this one.
/// </summary>
public sealed class PlanSnapshots(EqualCareDb db, PlanProgress progress, TimeProvider clock, ILogger<PlanSnapshots> logger)
{
    /// <returns>The number of plans snapshotted by this call.</returns>
    public async Task<int> TakeAsync(DateOnly day, CancellationToken ct)
    {
        var plans = await db.Set<Plan>().AsNoTracking()
            .Where(p => p.PeriodFrom <= day && p.PeriodTo >= day && !db.Set<PlanSnapshot>().Any(s => s.PlanId == p.Id && s.SnapshotDate == day))
            .ToListAsync(ct);
        var taken = 0;
        foreach (var plan in plans)
        {
            var measures = await db.Set<PlanMeasure>().AsNoTracking().Where(m => m.PlanId == plan.Id).ToListAsync(ct);
            var allocations = await db.Set<PlanAllocation>().AsNoTracking().Where(a => a.PlanId == plan.Id).ToListAsync(ct);
            if (allocations.Count == 0) continue;
            var counts = await progress.ComputeAsync(plan, measures, ct);
            var now = clock.UtcNow();
            db.AddRange(allocations.Select(a => new PlanSnapshot
            {
                PlanId = plan.Id, MeasureId = a.MeasureId, OrgCode = a.OrgCode, SnapshotDate = day, Target = a.Target,
                Progress = counts.GetValueOrDefault((a.MeasureId, a.OrgCode)), TakenAt = now,
            }));
            try
            {
                await db.SaveChangesAsync(ct);
                taken++;
            }
            catch (DbUpdateException)
            {
                // Another instance took this plan's snapshot of the day first: theirs stands.
                db.ChangeTracker.Clear();
                logger.LogInformation("Snapshot of plan {PlanId} for {Day} already taken", plan.Id, day);
            }
        }
        return taken;
    }
}

/// <summary>Runs <see cref="PlanSnapshots"/> on the configured days of the month (default 5, 15 and 25, Beijing dates).</summary>
public sealed class PlanSnapshotJob(IServiceScopeFactory scopes, IOptions<PlanOptions> options, TimeProvider clock,
    ILogger<PlanSnapshotJob> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var days = SnapshotDays.Parse(options.Value.SnapshotDays);
        var every = TimeSpan.FromMinutes(Math.Max(1, options.Value.CheckEveryMinutes));
        while (!stoppingToken.IsCancellationRequested)
        {
            var today = clock.Today();
            if (days.IsSnapshotDay(today))
            {
                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    var taken = await scope.ServiceProvider.GetRequiredService<PlanSnapshots>().TakeAsync(today, stoppingToken);
                    if (taken > 0) logger.LogInformation("Took {Count} plan snapshots for {Day}", taken, today);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // The job tries again at the next check; a failed run must not stop the app.
                    logger.LogError(e, "Plan snapshots for {Day} failed", today);
                }
            }
            try
            {
                await Task.Delay(every, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
