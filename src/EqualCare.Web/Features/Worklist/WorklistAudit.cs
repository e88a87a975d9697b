using EqualCare.Web.Data;
using EqualCare.Web.Web;

namespace EqualCare.Web.Features.Worklist;

/// <summary>
/// The to-do list is a list of persons with what they are due for: each request for it (page or API) is audited as one
/// row with the unit listed, the filters and the page (issue 14 point 18), never one row per person shown.
/// </summary>
public static class WorklistAudit
{
    public const string Entity = "worklist";

    public static Task RecordAsync(AuditLog audit, CurrentUser user, WorklistPersonsPage page, WorkGroup? group, string? view,
        string? name, CancellationToken ct) =>
        audit.RecordListAsync(user, Entity, page.OrgCode,
            $"scope={Scope(page.Mine)};view={(string.IsNullOrWhiteSpace(view) ? "all" : AuditLog.Typed(view))};group={group?.ToString() ?? "all"}"
            + (string.IsNullOrWhiteSpace(name) ? "" : ";nameText=" + AuditLog.Typed(name))
            + $";page={page.Page}", page.Rows.Count, ct);

    /// <summary>The whole list at once (GET /api/worklist): the unit, whose persons, and the number of items.</summary>
    public static Task RecordAsync(AuditLog audit, CurrentUser user, WorkerView view, CancellationToken ct) =>
        audit.RecordListAsync(user, Entity, view.List.OrgCode, $"scope={Scope(view.Mine)};page=all", view.List.Items.Count, ct);

    static string Scope(bool mine) => mine ? WorkerWorklist.ScopeMine : WorkerWorklist.ScopeAll;
}
