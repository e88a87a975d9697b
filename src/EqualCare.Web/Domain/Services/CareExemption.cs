using EqualCare.Web.Domain.Schedules;

namespace EqualCare.Web.Domain.Services;

/// <summary>
/// A worker's decision on one to-do item (its kind and the first day of its window): exempt with a reason, or marked
/// unreachable. Append-only; the item leaves the list only for that window, the next quarter's item comes back.
/// </summary>
public sealed class CareExemption
{
    public long Id { get; set; }
    public long PersonId { get; set; }
    public CareKind Kind { get; set; }
    /// <summary>For an immunisation item, the vaccine and dose it is about; null otherwise.</summary>
    public string? ItemKey { get; set; }
    public DateOnly WindowStart { get; set; }
    public ExemptionReason Reason { get; set; }
    public string? Note { get; set; }
    public DateTime RecordedAt { get; set; }
    public required string RecordedBy { get; set; }
}
