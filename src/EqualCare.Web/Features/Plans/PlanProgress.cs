using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using EqualCare.Web.Domain.Cases;
using EqualCare.Web.Domain.Plans;
using EqualCare.Web.Domain.Services;
using EqualCare.Web.Features.Comparison;
using EqualCare.Web.Web;
using Microsoft.EntityFrameworkCore;

namespace EqualCare.Web.Features.Plans;

/// <summary>
/// Progress of each measure per community: counted from the records for countable measures (one grouped query per
/// measure over the street's code range), the latest reported figure for entered ones.
/// </summary>
public sealed class PlanProgress(EqualCareDb db, GapProgress gaps)
{

    public async Task<Dictionary<(long MeasureId, string OrgCode), int>> ComputeAsync(Plan plan, IReadOnlyList<PlanMeasure> measures,
        CancellationToken ct)
    {
        var progress = new Dictionary<(long, string), int>();
        var street = OrgCode.Parse(plan.OrgCode);
        IReadOnlyList<ClearedGap>? cleared = null;
        foreach (var m in measures)
        {
            var from = m.WindowFrom ?? plan.PeriodFrom;
            var to = m.WindowTo ?? plan.PeriodTo;
            var counts = m.Kind switch
            {
                PlanMeasureKind.NewCases => await NewCasesAsync(street, from, to, ct),
                PlanMeasureKind.Operations => await ServicesAsync(street, ServiceKind.Operation, PlanOperations.Parse(m.Operations), from, to, ct),
                PlanMeasureKind.Checkups => await ServicesAsync(street, ServiceKind.WomensCheckup, null, from, to, ct),
                PlanMeasureKind.DuplicatesCleared => await DuplicatesClearedAsync(street, from, to, ct),
                PlanMeasureKind.GapWomenCleared => GapsCleared(cleared ??= await gaps.ClearedAsync(street, ct), from, to,
                    g => GapProgress.MarriedWomanOfChildbearingAge(g, g.ClearedOn)),
                PlanMeasureKind.GapBirthsCleared => GapsCleared(cleared ??= await gaps.ClearedAsync(street, ct), from, to, GapProgress.Birth),
                _ => await EnteredAsync(m.Id, ct),
            };
            foreach (var (org, n) in counts) progress[(m.Id, org)] = n;
        }
        return progress;
    }

    async Task<List<(string, int)>> NewCasesAsync(OrgCode street, DateOnly from, DateOnly to, CancellationToken ct)
    {
        var start = ChinaClock.UtcStartOf(from);
        var end = ChinaClock.UtcStartOf(to.AddDays(1));
        var rows = await db.Persons.AsNoTracking().WithinOrg(p => p.CommunityCode, street)
            .Where(p => p.MergedIntoId == null && p.CreatedAt >= start && p.CreatedAt < end)
            .GroupBy(p => p.CommunityCode).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        return rows.Select(r => (r.Key, r.Count)).ToList();
    }

    async Task<List<(string, int)>> ServicesAsync(OrgCode street, ServiceKind kind, IReadOnlyList<Operation>? operations,
        DateOnly from, DateOnly to, CancellationToken ct)
    {
        var records = db.ServiceRecords.AsNoTracking().WithinOrg(s => s.CommunityCode, street)
            .Where(s => s.Kind == kind && s.ServiceDate >= from && s.ServiceDate <= to
                        && !db.ServiceRecords.Any(v => v.VoidsRecordId == s.Id));
        if (operations is not null) records = records.Where(s => s.Operation != null && operations.Contains(s.Operation.Value));
        var rows = await records.GroupBy(s => s.CommunityCode).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        return rows.Select(r => (r.Key, r.Count)).ToList();
    }

    async Task<List<(string, int)>> DuplicatesClearedAsync(OrgCode street, DateOnly from, DateOnly to, CancellationToken ct)
    {
        var rows = await db.Persons.AsNoTracking().WithinOrg(p => p.CommunityCode, street)
            .Where(p => p.MergedIntoId != null && db.Movements.Any(m => m.PersonId == p.Id && m.Kind == MovementKind.MergedDuplicate
                                                                          && m.OccurredOn >= from && m.OccurredOn <= to))
            .GroupBy(p => p.CommunityCode).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        return rows.Select(r => (r.Key, r.Count)).ToList();
    }

    /// <summary>The "两漏" results cleared in the window (Beijing days) by community, of the persons the measure counts.</summary>
    static List<(string, int)> GapsCleared(IReadOnlyList<ClearedGap> cleared, DateOnly from, DateOnly to, Func<ClearedGap, bool> counts) =>
        cleared.Where(g => g.ClearedOn >= from && g.ClearedOn <= to && counts(g))
            .GroupBy(g => g.Community).Select(g => (g.Key, g.Count())).ToList();

    async Task<List<(string, int)>> EnteredAsync(long measureId, CancellationToken ct)
    {
        // A plan has a few dozen communities and a report every ten days: the entries of one measure are few.
        var entries = await db.Set<PlanProgressEntry>().AsNoTracking().Where(e => e.MeasureId == measureId)
            .Select(e => new { e.Id, e.OrgCode, e.Value }).ToListAsync(ct);
        return entries.GroupBy(e => e.OrgCode).Select(g => (g.Key, g.MaxBy(e => e.Id)!.Value)).ToList();
    }
}

/// <summary>The operations a measure counts, stored as comma-separated names.</summary>
public static class PlanOperations
{
    public static IReadOnlyList<Operation>? Parse(string? text) =>
        string.IsNullOrWhiteSpace(text) ? null
            : text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(t => Enum.Parse<Operation>(t)).ToList();

    public static bool TryNormalise(IEnumerable<string>? names, out string? text)
    {
        text = null;
        var list = (names ?? []).Where(n => !string.IsNullOrWhiteSpace(n)).Select(n => n.Trim()).Distinct().ToList();
        if (list.Count == 0) return true;
        foreach (var n in list)
            if (!Enum.TryParse<Operation>(n, out var op) || !Enum.IsDefined(op) || int.TryParse(n, out _)) return false;
        text = string.Join(',', list.Select(Enum.Parse<Operation>).Order().Select(o => o.ToString()));
        return true;
    }
}
