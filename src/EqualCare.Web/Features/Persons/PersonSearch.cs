using EqualCare.Web.Domain;
using EqualCare.Web.Domain.Cases;
using EqualCare.Web.Domain.IdNumbers;

namespace EqualCare.Web.Features.Persons;

/// <summary>
/// The filters of the persons list (page, API and export share them). Empty filters are ignored. <see cref="Q"/> is the one
/// search box: name fragment, ID number whole, last 4 or 6 or masked, phone whole, last 4 or masked (<see cref="SearchText"/>).
/// </summary>
public sealed record PersonSearch(
    string? IdNumber = null,
    string? Name = null,
    bool NameExact = false,
    string? Phone = null,
    string? Community = null,
    CaseStatus? Status = null,
    Sex? Sex = null,
    AgeBand? AgeBand = null,
    FlowDirection? Flow = null,
    DateOnly? ArrivedFrom = null,
    DateOnly? ArrivedTo = null,
    int Page = 1,
    int PageSize = 20,
    string? Q = null)
{
    public const int MaxPageSize = 200;
    public int SafePage => Math.Max(1, Page);
    public int SafePageSize => Math.Clamp(PageSize, 1, MaxPageSize);

    /// <summary>The number as stored: normalised (spaces, full-width digits, x) and a 15-digit number upgraded to 18.</summary>
    public string? NormalizedIdNumber => IdNumberValidator.StoredForm(IdNumber);

    /// <summary>What the one search box holds, as understood (issue 13 point 6).</summary>
    public SearchText Text => SearchText.Parse(Q);

    /// <summary>Phones are stored as typed digits; separators people type (spaces, dashes) are dropped.</summary>
    public string? NormalizedPhone =>
        string.IsNullOrWhiteSpace(Phone) ? null : new string(Phone.Where(c => !char.IsWhiteSpace(c) && c != '-').ToArray());

    /// <summary>
    /// The filters as a short text for the audit detail of an export (no page, no personal values). With
    /// <paramref name="typed"/> (the audit of the list itself, issue 14 point 18) it also says what was typed: an ID number
    /// or phone only as lists mask it, a name as typed, and the page.
    /// </summary>
    public string Describe(bool typed = false)
    {
        var parts = new List<string>();
        if (Text.Kind != SearchKind.None) parts.Add("q=" + Text.Kind);
        if (typed && TypedText() is { Length: > 0 } text) parts.Add("text=" + text);
        if (IdNumber is not null) parts.Add(typed && NormalizedIdNumber is { } id ? "idNumber=" + Masking.IdNumber(id) : "idNumber=…");
        if (Name is not null) parts.Add(NameExact ? "name=exact" : "name=prefix");
        if (typed && Name is not null) parts.Add("nameText=" + Data.AuditLog.Typed(Name));
        if (Phone is not null) parts.Add(typed && NormalizedPhone is { } phone ? "phone=" + Masking.Phone(phone) : "phone=…");
        if (Community is not null) parts.Add("community=" + Community);
        if (Status is not null) parts.Add("status=" + Status);
        if (Sex is not null) parts.Add("sex=" + Sex);
        if (AgeBand is not null) parts.Add("ageBand=" + AgeBand);
        if (Flow is not null) parts.Add("flow=" + Flow);
        if (ArrivedFrom is not null) parts.Add("arrivedFrom=" + ArrivedFrom.Value.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        if (ArrivedTo is not null) parts.Add("arrivedTo=" + ArrivedTo.Value.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        if (typed) parts.Add("page=" + SafePage.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return parts.Count == 0 ? "all" : string.Join(';', parts);
    }

    /// <summary>
    /// The search box's text as the audit keeps it: a whole ID number or phone masked as lists show it (first 6 + last 4,
    /// first 3 + last 4), a suffix as its last 4 only (what a masked list shows anyway), a name fragment as typed.
    /// </summary>
    string TypedText()
    {
        var t = Text;
        return t.Kind switch
        {
            SearchKind.NameFragment => Data.AuditLog.Typed(t.Value),
            SearchKind.IdNumber => Masking.IdNumber(t.Value),
            SearchKind.IdLast4 or SearchKind.Last4 => "****" + t.Value,
            SearchKind.IdLast6 => "**" + t.Value[^4..],
            SearchKind.IdMasked => t.Prefix + "********" + t.Value,
            SearchKind.Phone => Masking.Phone(t.Value),
            SearchKind.PhoneMasked => t.Prefix + "****" + t.Value,
            _ => "",
        };
    }
}
