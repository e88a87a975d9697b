using EqualCare.Web.Domain;
using EqualCare.Web.Web;
using Microsoft.EntityFrameworkCore;

namespace EqualCare.Web.Data;

/// <summary>
/// Appends to the audit log. <see cref="Add"/> stages an entry in the caller's unit of work, so a write and its audit row
/// commit together; <see cref="SaveWithAsync"/> does the same for a new row whose id the entry names; <see cref="RecordAsync"/>
/// saves at once, and is only for what writes nothing else (views, refusals, logins). There is no update or delete path:
/// the tables' triggers refuse both.
/// </summary>
public sealed partial class AuditLog(EqualCareDb db, IHttpContextAccessor http, TimeProvider clock)
{
    public static class Actions
    {
        public const string View = "view";
        public const string List = "list";
        public const string Create = "create";
        public const string Update = "update";
        public const string Disable = "disable";
        public const string Enable = "enable";
        public const string Rescope = "rescope";
        public const string Revoke = "revoke";
        public const string Login = "login";
        public const string Logout = "logout";
        public const string ChangePassword = "change-password";
        public const string Reveal = "reveal";
    }

    public void Add(string action, string entity, string? entityId, AuditOutcome outcome = AuditOutcome.Success,
        string? detail = null, string? userName = null)
    {
        var context = http.HttpContext;
        db.AuditEntries.Add(new AuditEntry
        {
            At = clock.UtcNow(),
            UserName = userName ?? context?.User.Identity?.Name ?? "system",
            Action = action,
            Entity = entity,
            EntityId = entityId,
            ClientAddress = context?.Connection.RemoteIpAddress?.ToString(),
            Outcome = outcome,
            Detail = detail,
        });
    }

    /// <summary>
    /// Saves the caller's staged change and then its audit row, which names the id the change was given, in one
    /// transaction: both are kept or neither is (a row's id exists only once the change is saved).
    /// </summary>
    public async Task SaveWithAsync(string action, string entity, Func<string> entityId, string? detail = null, string? userName = null,
        CancellationToken ct = default)
    {
        await using var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        await db.SaveChangesAsync(ct);
        Add(action, entity, entityId(), detail: detail, userName: userName);
        await db.SaveChangesAsync(ct);
        if (transaction is not null) await transaction.CommitAsync(ct);
    }

    public async Task RecordAsync(string action, string entity, string? entityId, AuditOutcome outcome = AuditOutcome.Success,
        string? detail = null, string? userName = null, CancellationToken ct = default)
    {
        // With nothing else staged, one INSERT straight away: a view or a list is audited on every request (the to-do list
        // under load, issue 15), and the change tracker's save costs several times the statement. Anything staged is saved
        // with the entry, as before, so the entry still never commits without the change it describes.
        if (db.ChangeTracker.HasChanges())
        {
            Add(action, entity, entityId, outcome, detail, userName);
            await db.SaveChangesAsync(ct);
            return;
        }
        var context = http.HttpContext;
        var at = clock.UtcNow();
        var user = userName ?? context?.User.Identity?.Name ?? "system";
        var client = context?.Connection.RemoteIpAddress?.ToString();
        var code = (short)outcome;
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO audit_entries (action, at, client_address, detail, entity, entity_id, outcome, user_name)
            VALUES ({action}, {at}, {client}, {detail}, {entity}, {entityId}, {code}, {user})
            """, ct);
    }

    /// <summary>
    /// A list, search or download of personal data viewed (issue 14 point 18; 等保 三级 安全审计 asks for views as well as
    /// edits): one row per request, never one per row shown, with the user, the unit whose data it is (the entry's id),
    /// the user's own unit and the filter used. The filter never names an ID number or a phone: callers write them masked,
    /// and text the user typed goes through <see cref="Typed"/>.
    /// </summary>
    public void AddList(CurrentUser user, string entity, string unit, string filter, int rows, string action = Actions.List) =>
        Add(action, entity, unit, detail: ListDetail(user, filter, rows), userName: user.UserName);

    static string ListDetail(CurrentUser user, string filter, int rows) => $"unit={user.Org.Value}; {filter}; rows={rows}";

    /// <inheritdoc cref="AddList"/>
    public async Task RecordListAsync(CurrentUser user, string entity, string unit, string filter, int rows, CancellationToken ct,
        string action = Actions.List)
    {
        await RecordAsync(action, entity, unit, detail: ListDetail(user, filter, rows), userName: user.UserName, ct: ct);
    }

    /// <summary>
    /// Free text a user typed into a filter, fit for a detail: at most 20 characters, separators of the detail dropped,
    /// and any run of 7 or more digits (a phone, an ID number or part of one) masked as lists mask them (docs/rules.md §8.5).
    /// </summary>
    public static string Typed(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return "";
        var kept = new string(text.Trim().Where(c => !char.IsWhiteSpace(c) && c is not (';' or ',' or '=')).ToArray());
        kept = LongDigits().Replace(kept, m => m.Length >= 15 ? Masking.IdNumber(m.Value) : Masking.Phone(m.Value));
        return kept.Length > 20 ? kept[..20] + "…" : kept;
    }

    [System.Text.RegularExpressions.GeneratedRegex("[0-9]{6,}[0-9Xx]")]
    private static partial System.Text.RegularExpressions.Regex LongDigits();
}
