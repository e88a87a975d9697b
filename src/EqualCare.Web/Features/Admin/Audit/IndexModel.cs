using System.Globalization;
using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using EqualCare.Web.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace EqualCare.Web.Features.Admin.Audit;

/// <summary>Search of the audit log. GET only: the page offers no way to change or remove an entry.</summary>
public sealed class IndexModel(AuditSearch search, AuditLog audit) : PageModel
{
    /// <summary>The actions the app records, offered as suggestions; the field also takes any other value.</summary>
    public static readonly IReadOnlyList<string> KnownActions =
    [
        AuditLog.Actions.View, AuditLog.Actions.List, AuditLog.Actions.Create, AuditLog.Actions.Update, AuditLog.Actions.Disable,
        AuditLog.Actions.Enable, AuditLog.Actions.Rescope, AuditLog.Actions.Revoke, AuditLog.Actions.Login, AuditLog.Actions.Logout,
        AuditLog.Actions.ChangePassword, AuditLog.Actions.Reveal,
    ];

    [BindProperty(SupportsGet = true, Name = "user")]
    public string? UserName { get; set; }

    [BindProperty(SupportsGet = true, Name = "action")]
    public string? AuditAction { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Entity { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? EntityId { get; set; }

    [BindProperty(SupportsGet = true)]
    public AuditOutcome? Outcome { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateOnly? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateOnly? To { get; set; }

    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public AuditPage Result { get; private set; } = new(0, 1, AuditSearch.PageSize, []);

    public async Task OnGetAsync(CancellationToken ct)
    {
        // A malformed date or outcome is ignored rather than refused: the search then simply runs without that filter.
        Result = await search.SearchAsync(new AuditFilter(UserName, AuditAction, Entity, EntityId, Outcome, From, To, PageNumber), ct);
        // Reading the log is itself audited (issue 14 point 18; 等保 三级 asks that the audit process be protected): who read
        // it, with which filter, after the search, so the page shows the log as it stood when asked.
        await audit.RecordListAsync(HttpContext.CurrentUser(), AuditEntity, "all", FilterText(), Result.Items.Count, ct);
    }

    public const string AuditEntity = "audit";

    /// <summary>The search as the audit row keeps it; typed values go through <see cref="AuditLog.Typed"/> (no ID number or phone).</summary>
    string FilterText()
    {
        var parts = new List<string>();
        void Part(string key, string? value)
        {
            if (!string.IsNullOrWhiteSpace(value)) parts.Add(key + "=" + AuditLog.Typed(value));
        }
        Part("user", UserName);
        Part("action", AuditAction);
        Part("entity", Entity);
        Part("entityId", EntityId);
        Part("outcome", Outcome?.ToString());
        Part("from", Date(From));
        Part("to", Date(To));
        parts.Add("page=" + Result.Page.ToString(CultureInfo.InvariantCulture));
        return string.Join(';', parts);
    }

    public string PageLink(int page) => PageLinks.With("/Admin/Audit",
        ("user", UserName), ("action", AuditAction), ("entity", Entity), ("entityId", EntityId), ("outcome", Outcome?.ToString()),
        ("from", Date(From)), ("to", Date(To)), ("p", page.ToString(CultureInfo.InvariantCulture)));

    public static string? Date(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
