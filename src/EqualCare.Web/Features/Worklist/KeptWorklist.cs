using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using EqualCare.Web.Domain.Cases;
using EqualCare.Web.Domain.Schedules;
using Microsoft.EntityFrameworkCore;

namespace EqualCare.Web.Features.Worklist;

/// <summary>A kept item with the identity of its person, as the list's queries compose it (one SQL statement each).</summary>
public sealed class KeptRow
{
    public long PersonId { get; init; }
    public short Ordinal { get; init; }
    public short WorkGroup { get; init; }
    public CareKind? Kind { get; init; }
    public string? ItemKey { get; init; }
    public string ItemName { get; init; } = "";
    public DateOnly Due { get; init; }
    public DateOnly WindowStart { get; init; }
    public DateOnly WindowEnd { get; init; }
    public string? Plan { get; init; }
    public string CommunityCode { get; init; } = "";
    public string Name { get; init; } = "";
    public string IdNumber { get; init; } = "";
    public string? Phone { get; init; }
    public Sex Sex { get; init; }
    public DateOnly BirthDate { get; init; }
}

/// <summary>
/// The to-do list read from the kept items (issue 15 point 1): a range of the (community, due) index joined to the
/// listed persons; 逾期 and the date views are derived in SQL from the dates and today (<see cref="OverdueRule"/>), the
/// counts and the page of persons are computed by the database.
/// </summary>
public static class KeptWorklist
{
    /// <summary>The kept items of the persons, in the unit (a prefix range of the indexed community code).</summary>
    public static IQueryable<KeptRow> Rows(EqualCareDb db, IQueryable<Person> persons, OrgCode unit) =>
        from k in db.KeptDueItems.WithinOrg(k => k.CommunityCode, unit)
        join p in persons on k.PersonId equals p.Id
        where k.CommunityCode == p.CommunityCode
        select new KeptRow
        {
            PersonId = k.PersonId, Ordinal = k.Ordinal, WorkGroup = k.WorkGroup, Kind = k.Kind, ItemKey = k.ItemKey, ItemName = k.Name,
            Due = k.Due, WindowStart = k.WindowStart, WindowEnd = k.WindowEnd, Plan = k.Plan, CommunityCode = k.CommunityCode,
            Name = p.Name, IdNumber = p.IdNumber, Phone = p.Phone, Sex = p.Sex, BirthDate = p.BirthDate,
        };

    /// <summary>Every kept item of the persons, by person and in her list's order.</summary>
    public static async Task<List<WorkItem>> ItemsAsync(EqualCareDb db, IQueryable<Person> persons, OrgCode unit, DateOnly today, CancellationToken ct) =>
        [.. (await Rows(db, persons, unit).OrderBy(r => r.PersonId).ThenBy(r => r.Ordinal).ToListAsync(ct)).Select(r => Item(r, today))];

    public static WorkItem Item(KeptRow r, DateOnly today) =>
        new(r.PersonId, r.Name, Masking.IdNumber(r.IdNumber), Masking.Phone(r.Phone), r.Sex, CaseRules.AgeOn(r.BirthDate, today), r.CommunityCode,
            (WorkGroup)r.WorkGroup, r.Kind, r.ItemKey, r.ItemName, r.Due, r.WindowStart, r.WindowEnd, OverdueRule.IsOverdue(r.Due, r.WindowEnd, today),
            DueKeeper.PlanOf(r.Plan));

    /// <summary>The list's filters in SQL: the same as <see cref="WorklistFilter.Apply"/> over the computed items.</summary>
    public static IQueryable<KeptRow> Filter(IQueryable<KeptRow> rows, DateOnly today, WorkGroup? group, string? view, string? name)
    {
        if (group is { } g) rows = rows.Where(r => r.WorkGroup == (short)g);
        if (!string.IsNullOrWhiteSpace(name))
        {
            var part = name.Trim();
            rows = rows.Where(r => r.Name.Contains(part));
        }
        var week = today.AddDays(7);
        var month = today.AddDays(31);
        return view switch
        {
            // OverdueRule.IsOverdue: today > window end and today > due.
            "overdue" => rows.Where(r => r.WindowEnd < today && r.Due < today),
            "week" => rows.Where(r => !(r.WindowEnd < today && r.Due < today) && r.Due <= week),
            "month" => rows.Where(r => !(r.WindowEnd < today && r.Due < today) && r.Due <= month),
            _ => rows,
        };
    }

    /// <summary>The counts of <see cref="WorklistCounts.Of"/>, computed by the database.</summary>
    public static async Task<WorklistCounts> CountsAsync(IQueryable<KeptRow> rows, DateOnly today, CancellationToken ct)
    {
        var week = today.AddDays(7);
        var month = today.AddDays(31);
        var c = await rows.GroupBy(r => 1).Select(g => new
        {
            All = g.Count(),
            Overdue = g.Count(r => r.WindowEnd < today && r.Due < today),
            Week = g.Count(r => !(r.WindowEnd < today && r.Due < today) && r.Due <= week),
            Month = g.Count(r => !(r.WindowEnd < today && r.Due < today) && r.Due <= month),
            Arrivals = g.Count(r => r.WorkGroup == (short)WorkGroup.NewArrival),
            Pregnancies = g.Count(r => r.Kind == CareKind.AntenatalBooking),
            Certificates = g.Count(r => r.WorkGroup == (short)WorkGroup.Certificate),
            Records = g.Count(r => r.WorkGroup == (short)WorkGroup.HealthRecord),
            Checkups = g.Count(r => r.WorkGroup == (short)WorkGroup.Checkup),
        }).FirstOrDefaultAsync(ct);
        if (c is null) return new WorklistCounts(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
        var children = await rows.Where(r => r.WorkGroup == (short)WorkGroup.Immunisation && r.WindowEnd < today && r.Due < today)
            .Select(r => r.PersonId).Distinct().CountAsync(ct);
        return new WorklistCounts(c.All, c.Overdue, c.Week, c.Month, c.Arrivals, c.Pregnancies, children, c.Certificates, c.Records, c.Checkups);
    }

    /// <summary>Whether the list is the whole one (no group, date view or name): its page is read from the kept keys.</summary>
    public static bool Unfiltered(WorkGroup? group, string? view, string? name) =>
        group is null && string.IsNullOrWhiteSpace(name) && view is not ("overdue" or "week" or "month");

    /// <summary>
    /// One page of the unfiltered list from the persons' kept keys (due_kept_persons: urgency, first due, person, valid for
    /// today once the unit is kept): for a community an index range on (community, keys), for a larger unit the keys'
    /// index read in order with the unit's range as a filter, so no request sorts or groups the unit. Then the page's items.
    /// </summary>
    public static async Task<List<WorkItem>> PageOfKeysAsync(EqualCareDb db, IQueryable<KeptRow> rows, OrgCode unit, DateOnly today, int skip,
        int take, CancellationToken ct)
    {
        var keyed = db.KeptDuePersons.AsNoTracking().Where(k => k.FirstDue != null && k.ComputedOn == today);
        var (low, high) = unit.Range;
        keyed = low == high ? keyed.Where(k => k.CommunityCode == low) : keyed.WithinOrg(k => k.CommunityCode, unit);
        // The page's persons as a subquery of the items' query (IN (… LIMIT)): one round trip, not two.
        var ids = keyed.OrderBy(k => k.Urgency).ThenBy(k => k.FirstDue).ThenBy(k => k.PersonId).Skip(skip).Take(take).Select(k => k.PersonId);
        var shown = await rows.Where(r => ids.Contains(r.PersonId)).OrderBy(r => r.PersonId).ThenBy(r => r.Ordinal).ToListAsync(ct);
        return [.. shown.Select(r => Item(r, today))];
    }

    /// <summary>
    /// One page of persons of the filtered rows, ordered as <see cref="PersonRows.Of"/> orders them (逾期 first, then the
    /// due date of the most urgent item, then the person): the database groups by person and pages; only the page's items
    /// are read. Returns the persons and items of the whole filtered list too.
    /// </summary>
    public static async Task<(int Persons, int Items, List<WorkItem> PageItems, int Page, int PageCount)> PageAsync(
        IQueryable<KeptRow> rows, DateOnly today, int page, int size, CancellationToken ct)
    {
        var items = await rows.CountAsync(ct);
        var persons = items == 0 ? 0 : await rows.Select(r => r.PersonId).Distinct().CountAsync(ct);
        var pages = Math.Max(1, (persons + size - 1) / size);
        var number = Math.Clamp(page, 1, pages);
        if (persons == 0) return (0, 0, [], number, pages);
        var ids = await rows.GroupBy(r => r.PersonId)
            .Select(g => new
            {
                PersonId = g.Key,
                OverdueDue = g.Min(r => r.WindowEnd < today && r.Due < today ? (DateOnly?)r.Due : null),
                FirstDue = g.Min(r => r.Due),
            })
            .OrderBy(g => g.OverdueDue == null).ThenBy(g => g.OverdueDue ?? g.FirstDue).ThenBy(g => g.PersonId)
            .Skip((number - 1) * size).Take(size).Select(g => g.PersonId).ToListAsync(ct);
        var shown = await rows.Where(r => ids.Contains(r.PersonId)).OrderBy(r => r.PersonId).ThenBy(r => r.Ordinal).ToListAsync(ct);
        return (persons, items, [.. shown.Select(r => Item(r, today))], number, pages);
    }
}
