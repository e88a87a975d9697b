namespace EqualCare.Web.Features.StatForms;

/// <summary>A form as pages and the API show it. Figures are in base units (<see cref="StatCellView.Amount"/>) and in the form's unit (<see cref="StatCellView.Value"/>).</summary>
public sealed record StatFormView(
    long Id, string OrgCode, string OrgName, int Level, DateOnly PeriodStart, DateOnly PeriodEnd, string State, int Version,
    string? Preparer, string? Head, string? Remarks, IReadOnlyList<StatCellView> Cells, IReadOnlyList<ChildFormView> Children,
    int ChildUnits, IReadOnlyList<StatEventView> History, bool CanEdit, bool CanSubmit, bool CanReview);

/// <param name="Source">ActivityLog, Records, Entered, or Sum (an office above a community: the approved forms below).</param>
/// <param name="Editable">Typed in by the office: only a figure with no source, while the form may be edited.</param>
public sealed record StatCellView(string Code, int Number, string Header, string Unit, string Source, long Amount, string Value, bool Editable);

/// <summary>A form one level below, for review; only approved ones count in the sums.</summary>
public sealed record ChildFormView(long Id, string OrgCode, string OrgName, string State, IReadOnlyDictionary<string, long> Figures, string? Remarks);

public sealed record StatEventView(DateTime At, string UserName, string? From, string To, string? Reason);

public sealed record StatFormSummary(long Id, string OrgCode, string OrgName, int Level, DateOnly PeriodStart, DateOnly PeriodEnd, string State,
    DateTime UpdatedAt);

/// <summary>What the office types: figures with no source (in the form's unit, e.g. "0.0012" 万例), 备注, 填表人, 负责人.</summary>
public sealed record StatFormInput(IReadOnlyDictionary<string, string?>? Values, string? Remarks, string? Preparer, string? Head, int? Version = null);

public sealed record OpenRequest(DateOnly? Start, DateOnly? End);

public sealed record ReviewRequest(string? Reason, int? Version = null);
