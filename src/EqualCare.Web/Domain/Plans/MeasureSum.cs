namespace EqualCare.Web.Domain.Plans;

/// <summary>
/// Whether a plan's measures may be added into one 合计 per community. Seed 004 附件 3 adds 上环, 结扎 and 人流、引产: one
/// unit (例), one kind of count, no operation in two columns. Unlike measures are never added (附件 1's women and births),
/// nor a figure and its breakdown (附件 2's period and its months, which would count every case twice).
/// </summary>
public static class MeasureSum
{
    public static bool CanAddUp(IReadOnlyList<PlanMeasure> measures, DateOnly periodFrom, DateOnly periodTo)
    {
        if (measures.Count == 0) return false;
        var first = measures[0];
        if (measures.Any(m => m.Kind != first.Kind || m.Unit != first.Unit)) return false;
        // A reported figure says nothing of what it counts: two of them may be women and births.
        if (first.Kind == PlanMeasureKind.Entered && measures.Count > 1) return false;
        for (var i = 0; i < measures.Count; i++)
            for (var j = i + 1; j < measures.Count; j++)
                if (CountTwice(measures[i], measures[j], periodFrom, periodTo)) return false;
        return true;
    }

    /// <summary>Two measures of one kind count something twice when their windows overlap, unless they count different operations.</summary>
    static bool CountTwice(PlanMeasure a, PlanMeasure b, DateOnly periodFrom, DateOnly periodTo)
    {
        var overlap = (a.WindowFrom ?? periodFrom) <= (b.WindowTo ?? periodTo) && (b.WindowFrom ?? periodFrom) <= (a.WindowTo ?? periodTo);
        if (!overlap) return false;
        if (a.Kind != PlanMeasureKind.Operations || a.Operations is null || b.Operations is null) return true;
        return a.Operations.Split(',').Intersect(b.Operations.Split(','), StringComparer.Ordinal).Any();
    }
}
