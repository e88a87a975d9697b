using System.Globalization;
using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using EqualCare.Web.Web;
using Microsoft.EntityFrameworkCore;

namespace EqualCare.Web.Features.Sms;

public sealed record SendOutcome(int Sent, int WithoutPhone, int Refused);

/// <summary>
/// Sends the queued messages through the configured <see cref="ISmsSender"/>. The phone is read from the case at this
/// moment (a number changed since queueing is the one used) and is neither stored in the message nor logged. A message
/// whose person has no phone any more stays queued and shows as "无手机号" in the outbox.
/// </summary>
public sealed class SmsDispatcher(EqualCareDb db, ISmsSender sender, AuditLog audit, TimeProvider clock, ILogger<SmsDispatcher> logger)
{
    public async Task<SendOutcome> SendPendingAsync(OrgCode? unit, CancellationToken ct)
    {
        var pending = db.SmsMessages.Where(m => m.SentAt == null);
        if (unit is { } u) pending = pending.WithinOrg(m => m.CommunityCode, u);
        var rows = await pending.OrderBy(m => m.Id)
            .Select(m => new { Message = m, Phone = db.Persons.Where(p => p.Id == m.PersonId).Select(p => p.Phone).FirstOrDefault() })
            .ToListAsync(ct);
        int sent = 0, withoutPhone = 0, refused = 0;
        foreach (var row in rows)
        {
            if (string.IsNullOrWhiteSpace(row.Phone))
            {
                withoutPhone++;
                continue;
            }
            if (!await sender.SendAsync(row.Phone.Trim(), row.Message.Body, ct))
            {
                refused++;
                logger.LogWarning("SMS {MessageId} not accepted by sender {Sender}", row.Message.Id, sender.Name);
                continue;
            }
            row.Message.SentAt = clock.UtcNow();
            row.Message.Sender = sender.Name;
            // Saved at once, with its audit row: a crash after a real gateway accepted the message must not send it again.
            audit.Add(AuditLog.Actions.Update, "sms", row.Message.Id.ToString(CultureInfo.InvariantCulture), detail: "sent via " + sender.Name);
            await db.SaveChangesAsync(ct);
            sent++;
        }
        return new SendOutcome(sent, withoutPhone, refused);
    }
}
