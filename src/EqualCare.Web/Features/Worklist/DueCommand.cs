using System.Diagnostics;
using System.Globalization;
using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using EqualCare.Web.Web;

namespace EqualCare.Web.Features.Worklist;

/// <summary>
/// `due check --unit CODE`: the consistency check of the kept to-do items of a unit (<see cref="DueConsistency"/>); exits 1
/// when any person's kept items, order keys or a community's kept counts differ from a full recomputation. `due keep --unit CODE`: computes and keeps the items of
/// every person of the unit not kept for today (after a bulk load, or at the start of a day, so no list waits for it).
/// </summary>
public static class DueCommand
{
    public static async Task<int> CheckAsync(IServiceProvider services, string unit, TextWriter output, CancellationToken ct)
    {
        if (!OrgCode.TryParse(unit, out var code))
        {
            await output.WriteLineAsync("usage: due check --unit CODE (a unit code)");
            return 2;
        }
        var check = await services.GetRequiredService<DueConsistency>().CheckAsync(code, ct);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"unit {check.Unit} on {check.Today:yyyy-MM-dd}: {check.Persons} persons listed, {check.Kept} kept for today ({check.Items} items), "
            + $"{check.ToCompute} to compute on reading; differences: {check.Differences.Count}"));
        foreach (var d in check.Differences.Take(20))
            await output.WriteLineAsync(d.PersonId == 0 ? "  " + d.What : string.Create(CultureInfo.InvariantCulture, $"  person {d.PersonId}: {d.What}"));
        return check.Differences.Count == 0 ? 0 : 1;
    }

    public static async Task<int> KeepAsync(IServiceProvider services, string unit, TextWriter output, CancellationToken ct)
    {
        if (!OrgCode.TryParse(unit, out var code))
        {
            await output.WriteLineAsync("usage: due keep --unit CODE (a unit code)");
            return 2;
        }
        var db = services.GetRequiredService<EqualCareDb>();
        var clock = services.GetRequiredService<TimeProvider>();
        var watch = Stopwatch.StartNew();
        // The unit's stale persons, its marker and its communities' counts: what its first reader would otherwise do.
        var kept = await services.GetRequiredService<DueUnits>().EnsureAsync(code, clock.Today(), ct);
        await KeptCounts.ReadAsync(db, code, clock.Today(), ct);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"unit {code.Value}: kept the items of {kept} persons in {watch.Elapsed.TotalSeconds:0.0} s"));
        return 0;
    }
}
