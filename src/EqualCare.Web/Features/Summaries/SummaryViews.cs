using EqualCare.Web.Domain.Attachments;
using EqualCare.Web.Domain.Summaries;

namespace EqualCare.Web.Features.Summaries;

/// <summary>What an office above fills in to ask for a summary: title, period, due date and the units below that answer.</summary>
public sealed record SummaryRequestInput(
    string? Title, DateOnly? PeriodStart, DateOnly? PeriodEnd, DateOnly? DueOn, IReadOnlyList<string>? UnitCodes, string? Note = null);

/// <summary>A request in a list: for the office that set it the counts, for an answering unit its own state.</summary>
public sealed record SummaryRequestRow(
    long Id, string Title, string OrgCode, string OrgName, DateOnly DueOn, int Units, int Submitted, int Late, int Overdue,
    SummaryStatus? Own);

public sealed record SummaryUnitRow(string UnitCode, string UnitName, SummaryStatus Status, string? SubmittedBy, int Attachments);

public sealed record SummaryRequestView(
    SummaryRequest Request, string OrgName, bool IsSetter, IReadOnlyList<SummaryUnitRow> Units);

/// <summary>One line of a unit's history: a submission, a return or a file added; who and when.</summary>
public sealed record SummaryHistoryLine(DateTime At, string By, string Kind, string? Text);

public sealed record SummaryAttachmentLine(long Id, string FileName, FileKind Kind, long SizeBytes, DateTime AddedAt, string AddedBy);

public sealed record SummaryUnitView(
    SummaryRequest Request, string OrgName, string UnitCode, string UnitName, SummaryStatus Status, string? Body,
    string? LastReturnReason, IReadOnlyList<SummaryAttachmentLine> Attachments, IReadOnlyList<SummaryHistoryLine> History,
    bool CanWrite, bool CanReturn);
