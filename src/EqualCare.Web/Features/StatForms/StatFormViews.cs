namespace EqualCare.Web.Features.StatForms;

/// <summary>
/// A form as pages and the API show it. Figures are in natural units (<see cref="StatCellView.Amount"/>, as typed and shown on
/// screen) and in the printed form's unit (<see cref="StatCellView.Value"/>, seed 002's 万 units to four decimals).
/// </summary>
public sealed record StatFormView(
    long Id, string OrgCode, string OrgName, int Level, DateOnly PeriodStart, DateOnly PeriodEnd, string State, int Version,
    string? Preparer, string? Head, string? Remarks, IReadOnlyList<StatCellView> Cells, IReadOnlyList<ChildFormView> Children,
    int ChildUnits, IReadOnlyList<StatEventView> History, bool CanEdit, bool CanSubmit, bool CanReview)
{
    /// <summary>Seed 002's title, with 春节期间 when the period is the Spring Festival campaign (<c>SpringFestival.IsCampaign</c>).</summary>
    public string Title { get; init; } = "";

    /// <summary>
    /// The rows the form shows, printed and exported: a community's form is its own row; an upper form lists every unit below
    /// it with its state (figures only when approved) and then 合计, the sum of the rows with figures.
    /// </summary>
    public IReadOnlyList<StatRowView> Rows { get; init; } = [];

    /// <summary>The reason given when the form was submitted with units below not approved (未报单位), while it is submitted or approved.</summary>
    public string? UnreportedReason { get; init; }

    /// <summary>The owner may reopen the submitted or approved form (its upper form is neither submitted nor approved).</summary>
    public bool CanReopen { get; init; }

    /// <summary>The form cannot change because the form above it is submitted or approved.</summary>
    public bool UpperLocked { get; init; }
}

/// <param name="State">NotFiled (未填报), Draft, Submitted, Returned or Approved.</param>
/// <param name="Figures">In natural units; null for a unit below that is not approved (listed, not counted).</param>
public sealed record StatRowView(string Label, string OrgCode, string State, long? FormId, IReadOnlyDictionary<string, long>? Figures,
    string? Remarks, bool IsTotal);

/// <param name="Source">ActivityLog, Records, Entered, or Sum (an office above a community: the approved forms below).</param>
/// <param name="Editable">Typed in by the office: only a figure with no source, while the form may be edited.</param>
/// <param name="Unit">The printed form's unit (万例); <paramref name="NaturalUnit"/> the screen's (例).</param>
public sealed record StatCellView(string Code, int Number, string Header, string Unit, string NaturalUnit, string Source, long Amount, string Value,
    string NaturalValue, bool Editable);

/// <summary>A form one level below, for review; only approved ones count in the sums.</summary>
public sealed record ChildFormView(long Id, string OrgCode, string OrgName, string State, IReadOnlyDictionary<string, long> Figures, string? Remarks);

public sealed record StatEventView(DateTime At, string UserName, string? From, string To, string? Reason);

public sealed record StatFormSummary(long Id, string OrgCode, string OrgName, int Level, DateOnly PeriodStart, DateOnly PeriodEnd, string State,
    DateTime UpdatedAt);

/// <summary>What the office types: figures with no source (whole natural units, e.g. "12" 例), 备注, 填表人, 负责人.</summary>
public sealed record StatFormInput(IReadOnlyDictionary<string, string?>? Values, string? Remarks, string? Preparer, string? Head, int? Version = null);

public sealed record OpenRequest(DateOnly? Start, DateOnly? End);

public sealed record ReviewRequest(string? Reason, int? Version = null);
