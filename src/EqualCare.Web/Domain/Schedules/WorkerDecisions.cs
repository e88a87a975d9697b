namespace EqualCare.Web.Domain.Schedules;

/// <summary>A worker's decision on one item: exempt with a reason, or unreachable (联系不上), for that item's window only.</summary>
public sealed record WorkerDecision(CareKind Kind, string? ItemKey, DateOnly WindowStart, ExemptionReason Reason);

public static class WorkerDecisions
{
    /// <summary>
    /// Moves each due item a worker has decided on to the exempt list with the worker's reason. A decision names the item's
    /// window, so the next quarter's 康检 or the next dose comes back on the list by itself.
    /// </summary>
    public static DueList Apply(this DueList list, IReadOnlyCollection<WorkerDecision> decisions)
    {
        if (decisions.Count == 0) return list;
        var byItem = decisions.GroupBy(d => (d.Kind, d.ItemKey, d.WindowStart)).ToDictionary(g => g.Key, g => g.Last().Reason);
        var due = new List<DueItem>();
        var exempt = new List<ExemptItem>(list.Exempt);
        foreach (var item in list.Due)
        {
            if (byItem.TryGetValue((item.Kind, item.ItemKey, item.WindowStart), out var reason))
                exempt.Add(new ExemptItem(item.Kind, item.Name, reason, item.WindowStart, item.WindowEnd, item.Source, item.ItemKey));
            else
                due.Add(item);
        }
        return list with { Due = due, Exempt = [.. exempt.OrderBy(e => e.WindowStart).ThenBy(e => e.Kind)] };
    }
}
