using EqualCare.Web.Domain;

namespace EqualCare.Web.Features.Worklist;

/// <summary>
/// One row of the to-do list per person (issue 13 point 4): who she is, masked, and her items inside the row, the most
/// urgent first. <see cref="Overdue"/> and <see cref="FirstDue"/> are those of her most urgent item, which orders the rows.
/// </summary>
public sealed record PersonRow(
    long PersonId, string Name, string IdNumberMasked, string? PhoneMasked, Sex Sex, int Age, string CommunityCode,
    bool Overdue, DateOnly FirstDue, IReadOnlyList<WorkItem> Items);

/// <summary>A page of person rows: the counts are of the whole (worker's) list, the rows of the filtered one.</summary>
public sealed record WorklistPersonsPage(
    string OrgCode, string UnitName, DateOnly Today, bool Mine, int AssignedToMe, WorklistCounts Counts,
    int Persons, int Items, int Page, int PageSize, int PageCount, IReadOnlyList<PersonRow> Rows);

public static class PersonRows
{
    /// <summary>
    /// Groups items by person and orders the rows by their most urgent item: 逾期 first, then the earliest due date, then
    /// the person. Within a row the same order, ties kept as the list gave them (a person's due list is in schedule order).
    /// </summary>
    public static List<PersonRow> Of(IEnumerable<WorkItem> items)
    {
        var byPerson = new Dictionary<long, List<WorkItem>>();
        foreach (var i in items)
        {
            if (!byPerson.TryGetValue(i.PersonId, out var own)) byPerson[i.PersonId] = own = [];
            own.Add(i);
        }
        var rows = new List<PersonRow>(byPerson.Count);
        foreach (var (_, own) in byPerson)
        {
            var ordered = own.Select((item, index) => (item, index)).OrderByDescending(x => x.item.Overdue).ThenBy(x => x.item.Due)
                .ThenBy(x => x.index).Select(x => x.item).ToList();
            var first = ordered[0];
            rows.Add(new PersonRow(first.PersonId, first.Name, first.IdNumberMasked, first.PhoneMasked, first.Sex, first.Age,
                first.CommunityCode, first.Overdue, first.Due, ordered));
        }
        rows.Sort(static (a, b) =>
        {
            var c = b.Overdue.CompareTo(a.Overdue);
            if (c == 0) c = a.FirstDue.CompareTo(b.FirstDue);
            return c != 0 ? c : a.PersonId.CompareTo(b.PersonId);
        });
        return rows;
    }
}

/// <summary>The list's filters, the same for the page and the API: a group, a view of the dates, part of a name.</summary>
public static class WorklistFilter
{
    public static IEnumerable<WorkItem> Apply(IEnumerable<WorkItem> items, DateOnly today, WorkGroup? group, string? view, string? name)
    {
        var part = string.IsNullOrWhiteSpace(name) ? null : name.Trim();
        return items.Where(i => group is null || i.Group == group)
            .Where(i => part is null || i.Name.Contains(part, StringComparison.Ordinal))
            .Where(i => view switch
            {
                "overdue" => i.Overdue,
                "week" => i.DueWithin(today, 7),
                "month" => i.DueWithin(today, 31),
                _ => true,
            });
    }

    /// <summary>This week's item (本周): due within seven days and not yet 逾期; the chip mark on the list.</summary>
    public static bool ThisWeek(WorkItem item, DateOnly today) => item.DueWithin(today, 7);
}
