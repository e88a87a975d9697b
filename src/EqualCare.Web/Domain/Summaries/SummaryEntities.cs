namespace EqualCare.Web.Domain.Summaries;

/// <summary>A summary an office asks of units below it, due on a date (seed 000 三(二): 12月10日前).</summary>
public sealed class SummaryRequest
{
    public long Id { get; set; }
    /// <summary>12-digit code of the office that asks.</summary>
    public required string OrgCode { get; set; }
    public required string Title { get; set; }
    public DateOnly PeriodStart { get; set; }
    public DateOnly PeriodEnd { get; set; }
    /// <summary>The last day (Beijing) on which a submission is on time.</summary>
    public DateOnly DueOn { get; set; }
    public string? Note { get; set; }
    public DateTime CreatedAt { get; set; }
    public required string CreatedBy { get; set; }
}

public sealed class SummaryRequestUnit
{
    public long Id { get; set; }
    public long RequestId { get; set; }
    public required string UnitCode { get; set; }
}

public enum SummaryAction : short
{
    Submitted = 1,
    Returned = 2,
}

/// <summary>One step of a unit's summary, numbered by <see cref="Seq"/> within the unit's summary; written once.</summary>
public sealed class SummaryEvent
{
    public long Id { get; set; }
    public long RequestId { get; set; }
    public required string UnitCode { get; set; }
    public int Seq { get; set; }
    public SummaryAction Action { get; set; }
    /// <summary>The summary's text as submitted.</summary>
    public string? Body { get; set; }
    /// <summary>Why it was returned.</summary>
    public string? Reason { get; set; }
    public DateTime At { get; set; }
    public required string ByUser { get; set; }
}

public sealed class SummaryAttachment
{
    public long Id { get; set; }
    public long RequestId { get; set; }
    public required string UnitCode { get; set; }
    public long AttachmentId { get; set; }
    public DateTime AddedAt { get; set; }
    public required string AddedBy { get; set; }
}
