using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using EqualCare.Web.Web;
using Microsoft.EntityFrameworkCore;

namespace EqualCare.Web.Features.Sms;

/// <summary>One message as the outbox shows it: the phone masked and read from the case now, null when it has none.</summary>
public sealed record OutboxItem(
    long Id, long PersonId, string Name, string? PhoneMasked, string CommunityCode, string Body, DateOnly DueDate, DateTime QueuedAt,
    DateTime? SentAt, string? Sender);

public sealed record Outbox(string OrgCode, int Queued, int Sent, IReadOnlyList<OutboxItem> Items);

public sealed record RunOutcome(int Queued, int Sent, int WithoutPhone, int Refused);

/// <summary>
/// The SMS outbox of an org unit in the user's scope (a unit outside it is "not found"), and the run that queues the
/// reminders due and sends what is queued, for workers who may write.
/// </summary>
public sealed class SmsHandler(EqualCareDb db, Reminders queue, SmsDispatcher dispatcher, AuditLog audit, TimeProvider clock)
{
    /// <summary>The newest messages shown; older ones stay in the table (the outbox is never deleted).</summary>
    public const int Shown = 200;

    public async Task<Result<Outbox>> ListAsync(CurrentUser user, string? org, CancellationToken ct)
    {
        var unit = await UnitAsync(user, org, "list", ct);
        if (!unit.IsSuccess) return unit.Error;
        var messages = db.SmsMessages.AsNoTracking().WithinOrg(m => m.CommunityCode, unit.Value);
        var queued = await messages.CountAsync(m => m.SentAt == null, ct);
        var sent = await messages.CountAsync(m => m.SentAt != null, ct);
        var rows = await messages.OrderByDescending(m => m.Id).Take(Shown)
            .Select(m => new
            {
                m.Id, m.PersonId, m.CommunityCode, m.Body, m.DueDate, m.QueuedAt, m.SentAt, m.Sender,
                Person = db.Persons.Where(p => p.Id == m.PersonId).Select(p => new { p.Name, p.Phone }).FirstOrDefault(),
            })
            .ToListAsync(ct);
        await audit.RecordAsync(AuditLog.Actions.List, "sms", unit.Value.Value, ct: ct);
        return new Outbox(unit.Value.Value, queued, sent, rows.Select(r => new OutboxItem(r.Id, r.PersonId, r.Person?.Name ?? "",
            string.IsNullOrWhiteSpace(r.Person?.Phone) ? null : Masking.Phone(r.Person.Phone), r.CommunityCode, r.Body, r.DueDate,
            r.QueuedAt, r.SentAt, r.Sender)).ToList());
    }

    public async Task<Result<RunOutcome>> RunAsync(CurrentUser user, string? org, CancellationToken ct)
    {
        var unit = await UnitAsync(user, org, "run", ct);
        if (!unit.IsSuccess) return unit.Error;
        if (!user.CanWritePersons)
        {
            await audit.RecordAsync(AuditLog.Actions.Create, "sms", unit.Value.Value, AuditOutcome.Refused, "run: read-only role", ct: ct);
            return Error.Forbidden("sms.forbidden");
        }
        // What the run writes is audited where it is written, in the same transaction: each community's queued reminders
        // (Reminders) and each message marked sent (SmsDispatcher).
        var queued = await queue.QueueAsync(unit.Value, clock.Today(), ct);
        var sent = await dispatcher.SendPendingAsync(unit.Value, ct);
        return new RunOutcome(queued, sent.Sent, sent.WithoutPhone, sent.Refused);
    }

    /// <summary>The unit asked for (default: the user's own); a bad code is a validation error, one outside scope "not found".</summary>
    async Task<Result<OrgCode>> UnitAsync(CurrentUser user, string? org, string what, CancellationToken ct)
    {
        if (!user.CanReadPersons) return Error.NotFound("sms.org.notFound");
        if (string.IsNullOrWhiteSpace(org)) return user.Org;
        if (!OrgCode.TryParse(org, out var code)) return Error.Validation("sms.org.bad", "Org");
        if (user.Org.Contains(code.Value)) return code;
        await audit.RecordAsync(AuditLog.Actions.View, "sms", code.Value, AuditOutcome.Refused, $"{what}: outside scope", ct: ct);
        return Error.NotFound("sms.org.notFound");
    }
}
