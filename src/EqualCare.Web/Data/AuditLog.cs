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
public sealed class AuditLog(EqualCareDb db, IHttpContextAccessor http, TimeProvider clock)
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
        Add(action, entity, entityId, outcome, detail, userName);
        await db.SaveChangesAsync(ct);
    }
}
