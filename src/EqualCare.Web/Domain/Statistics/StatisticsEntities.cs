namespace EqualCare.Web.Domain.Statistics;

/// <summary>
/// One care activity (宣传服务、义诊、走访慰问 …) of an office with the quantities of seed 002's form. Append-only: a wrong
/// entry is corrected by a new entry naming it in <see cref="CorrectsEntryId"/>, which then counts instead of it.
/// </summary>
public sealed class ActivityEntry
{
    public long Id { get; set; }
    /// <summary>12-digit code of the office that ran the activity (a community, usually).</summary>
    public required string OrgCode { get; set; }
    public DateOnly ActivityDate { get; set; }
    public required string Place { get; set; }
    public ActivityKind Kind { get; set; }
    /// <summary>说明: what was done, the description column of the log.</summary>
    public string? Note { get; set; }
    /// <summary>The fixed publicity site where it took place, if any (<see cref="PublicitySite"/>).</summary>
    public long? SiteId { get; set; }
    public long? CorrectsEntryId { get; set; }
    public string? CorrectionReason { get; set; }
    public DateTime RecordedAt { get; set; }
    public required string RecordedBy { get; set; }
}

/// <summary>One quantity of an activity entry, in base units (persons, copies, yuan …) under a <see cref="StatColumn.Code"/>.</summary>
public sealed class ActivityQuantity
{
    public long Id { get; set; }
    public long EntryId { get; set; }
    public required string ColumnCode { get; set; }
    public long Amount { get; set; }
}

/// <summary>The statistics form of one office for one period. Its figures are in <see cref="StatFormCell"/>.</summary>
public sealed class StatForm
{
    public long Id { get; set; }
    public required string OrgCode { get; set; }
    public int Level { get; set; }
    public DateOnly PeriodStart { get; set; }
    public DateOnly PeriodEnd { get; set; }
    public StatFormState State { get; set; }
    /// <summary>Optimistic concurrency: two reviewers acting at once cannot both change the state.</summary>
    public int Version { get; set; }
    public string? Preparer { get; set; }
    public string? Head { get; set; }
    public DateTime CreatedAt { get; set; }
    public required string CreatedBy { get; set; }
    public DateTime UpdatedAt { get; set; }
}

/// <summary>One cell: a figure in base units, or the text of 备注.</summary>
public sealed class StatFormCell
{
    public long Id { get; set; }
    public long FormId { get; set; }
    public required string ColumnCode { get; set; }
    public long? Amount { get; set; }
    public string? Text { get; set; }
}

/// <summary>One state change of a form: who, when, from what to what, and the reason of a return. Append-only.</summary>
public sealed class StatFormEvent
{
    public long Id { get; set; }
    public long FormId { get; set; }
    public DateTime At { get; set; }
    public required string UserName { get; set; }
    public StatFormState? FromState { get; set; }
    public StatFormState ToState { get; set; }
    public string? Reason { get; set; }
}
