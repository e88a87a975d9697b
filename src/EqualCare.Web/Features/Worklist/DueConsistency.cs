using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using EqualCare.Web.Features.Services;
using EqualCare.Web.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace EqualCare.Web.Features.Worklist;

/// <summary>One person whose kept items are not what a full recomputation gives today (person 0: a community's kept counts).</summary>
public sealed record DueDifference(long PersonId, string What);

/// <summary>
/// The result of a check: the unit's listed persons, how many have items kept for today, how many will be computed when
/// the list is next read (a bulk load, a new day: not a difference), and the differences (must be none).
/// </summary>
public sealed record DueCheck(string Unit, DateOnly Today, int Persons, int Kept, int ToCompute, int Items, IReadOnlyList<DueDifference> Differences);

/// <summary>
/// The consistency check of the kept to-do items (issue 15 point 1): recomputes every person of a unit with the pure
/// schedules and compares item by item (kind, key, name, dates, source, plan, order) with what is kept for today. Used by
/// the `due check` command and by the tests after every kind of write.
/// </summary>
public sealed class DueConsistency(EqualCareDb db, IOptions<CareOptions> options, TimeProvider clock)
{
    /// <summary>How an item is compared: everything kept, in the person's order.</summary>
    sealed record Key(long PersonId, string Community, short Group, string? Kind, string? ItemKey, string Name, DateOnly Due, DateOnly WindowStart,
        DateOnly WindowEnd, string Source, string? Plan)
    {
        public override string ToString() => $"{Kind ?? Group.ToString(System.Globalization.CultureInfo.InvariantCulture)} {ItemKey} {Name} "
                                             + $"due {Due:yyyy-MM-dd} window {WindowStart:yyyy-MM-dd}..{WindowEnd:yyyy-MM-dd}";
    }

    public async Task<DueCheck> CheckAsync(OrgCode unit, CancellationToken ct)
    {
        var today = clock.Today();
        var persons = WorklistQuery.Listed(db.Persons.WithinOrg(p => p.CommunityCode, unit));
        var computed = await new DueCalculator(db, options).CasesAsync(persons, today, ct);
        var expected = computed.ToDictionary(c => c.Case.Id, c => WorklistQuery.ItemsOf(c, today)
            .Select(x => new Key(x.Item.PersonId, x.Item.CommunityCode, (short)x.Item.Group, x.Item.Kind?.ToString(), x.Item.ItemKey, x.Item.ItemName,
                x.Item.Due, x.Item.WindowStart, x.Item.WindowEnd, x.Source, KeptPlan(x.Item))).ToList());
        var keptPersons = await db.KeptDuePersons.AsNoTracking().WithinOrg(k => k.CommunityCode, unit).Where(k => k.ComputedOn == today)
            .ToDictionaryAsync(k => k.PersonId, ct);
        var fresh = keptPersons.Keys.ToHashSet();
        var kept = (await db.KeptDueItems.AsNoTracking().WithinOrg(k => k.CommunityCode, unit).OrderBy(k => k.PersonId).ThenBy(k => k.Ordinal)
                .ToListAsync(ct))
            .GroupBy(k => k.PersonId)
            .ToDictionary(g => g.Key, g => g.Select(k => new Key(k.PersonId, k.CommunityCode, k.WorkGroup, k.Kind?.ToString(), k.ItemKey, k.Name,
                k.Due, k.WindowStart, k.WindowEnd, k.Source, k.Plan is null ? null : KeptPlan(DueKeeper.PlanOf(k.Plan)))).ToList());

        var differences = new List<DueDifference>();
        var items = 0;
        foreach (var (id, want) in expected)
        {
            if (!fresh.Contains(id)) continue; // computed when the list is next read
            var have = kept.GetValueOrDefault(id) ?? [];
            items += have.Count;
            if (have.SequenceEqual(want)) continue;
            var missing = want.Except(have).Select(k => "missing: " + k);
            var extra = have.Except(want).Select(k => "kept but not due: " + k);
            var what = string.Join("; ", missing.Concat(extra));
            differences.Add(new DueDifference(id, what.Length > 0 ? what : "items in another order"));
        }
        // Items kept as today's for a person the list does not list (moved out, closed, merged) would show on no list, but
        // say the kept table is wrong.
        foreach (var (id, have) in kept)
            if (!expected.ContainsKey(id) && fresh.Contains(id) && have.Count > 0)
                differences.Add(new DueDifference(id, $"{have.Count} items kept for a person not on the unit's list"));
        // The kept keys that order the page (DueKeeper.SortKey over her recomputed items; none when she has no item).
        foreach (var c in computed)
        {
            if (!keptPersons.TryGetValue(c.Case.Id, out var k)) continue;
            var own = WorklistQuery.ItemsOf(c, today).Select(x => x.Item).ToList();
            (short, DateOnly?, int) want = ((short)1, null, 0);
            if (own.Count > 0)
            {
                var key = DueKeeper.SortKey(own, today);
                want = (key.Urgency, key.FirstDue, key.Items);
            }
            if ((k.Urgency, k.FirstDue, k.Items) != want)
                differences.Add(new DueDifference(c.Case.Id, $"kept order keys {k.Urgency}/{k.FirstDue:yyyy-MM-dd}/{k.Items}, recomputed {want.Item1}/{want.Item2:yyyy-MM-dd}/{want.Item3}"));
        }
        // The kept counts of each community counted for today, against WorklistCounts.Of over its recomputed items (only
        // where every listed person of the community is kept for today: otherwise it is computed when next read).
        var keptCounts = await KeptCounts.KeptAsync(db, unit, today, ct);
        var byCommunity = computed.GroupBy(c => c.Case.CommunityCode, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        foreach (var code in byCommunity.Keys.Concat(keptCounts.Keys).Distinct(StringComparer.Ordinal))
        {
            var cases = byCommunity.GetValueOrDefault(code) ?? [];
            if (cases.Any(c => !fresh.Contains(c.Case.Id))) continue;
            var all = cases.SelectMany(c => WorklistQuery.ItemsOf(c, today).Select(x => x.Item)).ToList();
            var w = WorklistCounts.Of(all, today);
            int[] want = [all.Select(i => i.PersonId).Distinct().Count(), w.All, w.Overdue, w.DueThisWeek, w.DueThisMonth, w.NewArrivals,
                w.PregnanciesNotBooked, w.ChildrenMissingDoses, w.Certificates, w.HealthRecords, w.Checkups];
            if (!keptCounts.TryGetValue(code, out var have)) continue; // not counted for today: rebuilt when next read
            for (var i = 0; i < want.Length; i++)
                if (have[i] != want[i])
                    differences.Add(new DueDifference(0, $"community {code}: kept {KeptCounts.ColumnNames[i]} {have[i]}, recomputed {want[i]}"));
        }
        return new DueCheck(unit.Value, today, expected.Count, expected.Keys.Count(fresh.Contains), expected.Keys.Count(k => !fresh.Contains(k)), items,
            differences);
    }

    /// <summary>The plan compared as its doses (the kept JSON is read back and written again, so formatting never counts).</summary>
    static string? KeptPlan(WorkItem item) => KeptPlan(item.Plan);

    static string? KeptPlan(Domain.Schedules.DosePlan? plan) =>
        plan is null ? null : string.Join("|", plan.Select(d => $"{d.Vaccine}-{d.Dose}-{d.Name}-{d.Planned:yyyy-MM-dd}-{d.Source}-{d.Due:yyyy-MM-dd}"));
}
