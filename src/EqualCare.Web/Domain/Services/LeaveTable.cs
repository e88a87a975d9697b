namespace EqualCare.Web.Domain.Services;

/// <summary>
/// Leave after a family-planning operation, in days (docs/rules.md §6.5). Provinces differ, so the values are configuration;
/// the defaults are the later 《节育技术常规》 guide's ("1 month" as 30 days). The 条例 Art. 10 gives migrants the
/// leave of the province where they live.
/// </summary>
public sealed class LeaveTable
{
    public Dictionary<Operation, short> Days { get; init; } = new()
    {
        [Operation.IudInsertion] = 3,
        [Operation.IudRemoval] = 2,
        [Operation.TubalLigation] = 30,
        [Operation.Vasectomy] = 10,
        [Operation.InducedAbortion] = 14,
        [Operation.MidTrimesterTermination] = 30,
        [Operation.ImplantInsertion] = 3,
        [Operation.ImplantRemoval] = 3,
    };

    public short DaysFor(Operation operation) => Days.TryGetValue(operation, out var days) ? days : (short)0;
}
