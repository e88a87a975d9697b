using System.Globalization;
using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using EqualCare.Web.Domain.Exchange;
using EqualCare.Web.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace EqualCare.Web.Features.Exchange.Federation;

/// <summary>What the receiving endpoint answers for a message applied (now, or before: a replay gets the original answer).</summary>
public sealed record InboundAccepted(string MessageId, DateTime ReceivedAt, bool Replayed);

/// <summary>The headers of a request, as received.</summary>
public sealed record InboundHeaders(string? MessageId, string? Sender, string? Timestamp, string? Signature);

/// <summary>
/// The idempotent inbox (docs/exchange.md part 2): checks a partner's request and applies its message as the same local
/// records the inside-one-installation flow makes — a message row in the receiving office's inbox, the answer set on our
/// request, a 回执 recorded as a received report — with the inbox key and the audit row, in one transaction. The checks, in
/// order: the sender is in the directory; the signature over the headers and the exact body verifies with its key; the
/// timestamp is within the window; the body is the message the headers name; the id was not applied before (or was, with
/// the same body: the original success); the receiving office is ours and the sending office the partner's; an answer
/// names a request of ours to that office. A refusal writes nothing but its audit row.
/// </summary>
public sealed class InboundHandler(EqualCareDb db, AuditLog audit, TimeProvider clock, IOptions<FederationOptions> options)
{
    public const string Action = "receive";
    public const int MaxBody = 64 * 1024;

    public async Task<Result<InboundAccepted>> ReceiveAsync(InboundHeaders headers, byte[] body, CancellationToken ct)
    {
        var federation = options.Value;
        var sender = Clip(headers.Sender);
        if (!federation.Enabled) return Error.NotFound("exchange.inbound.disabled");
        var partner = sender.Length == 0 ? null
            : await db.Set<ExchangePartner>().AsNoTracking().SingleOrDefaultAsync(p => p.InstallationId == sender && p.Enabled, ct);
        if (partner is null) return await RefuseAsync(headers, sender, Error.Forbidden("exchange.inbound.unknownSender"), ct);
        if (headers.MessageId is not { Length: > 0 and <= 36 } messageId
            || !long.TryParse(headers.Timestamp, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var timestamp))
            return await RefuseAsync(headers, sender, Error.Validation("exchange.inbound.malformed"), ct);
        if (!ExchangeSignature.Verify(partner.PublicKey, messageId, sender, timestamp, body, headers.Signature))
            return await RefuseAsync(headers, sender, Error.Forbidden("exchange.inbound.badSignature"), ct);
        var now = clock.UtcNow();
        if (Math.Abs(clock.GetUtcNow().ToUnixTimeSeconds() - timestamp) > federation.ClockSkewSeconds)
            return await RefuseAsync(headers, sender, Error.Forbidden("exchange.inbound.stale"), ct);
        var envelope = ExchangeEnvelope.TryRead(body);
        if (envelope is null || envelope.MessageId != messageId || envelope.Version != 1 || !Enum.IsDefined(envelope.Kind))
            return await RefuseAsync(headers, sender, Error.Validation("exchange.inbound.malformed"), ct);

        var hash = ExchangeSignature.Sha256Hex(body);
        if (await ReplayAsync(messageId, partner.Id, hash, ct) is { } earlier)
            return earlier.IsSuccess ? earlier : await RefuseAsync(headers, sender, earlier.Error, ct);

        // The area: the receiving office is ours, the sending office the partner's, and who it is about registered with us.
        if (!OrgCode.TryParse(envelope.ReceiverCode, out _) || !federation.Serves(envelope.ReceiverCode)
            || !OrgCode.TryParse(envelope.SenderCode, out _)
            || !partner.PrefixList.Any(p => envelope.SenderCode.StartsWith(p, StringComparison.Ordinal))
            || envelope.Payload.HukouCountyCode is { } hukou && !federation.Serves(hukou)
            || envelope.SubjectIdNumber is not { Length: > 0 and <= 18 })
            return await RefuseAsync(headers, sender, Error.Validation("exchange.inbound.outsideArea"), ct);

        var row = new ExchangeMessage
        {
            MessageId = messageId, Kind = envelope.Kind, Topic = envelope.Topic, Urgent = envelope.Urgent,
            SenderCode = envelope.SenderCode, ReceiverCode = envelope.ReceiverCode, SubjectIdNumber = envelope.SubjectIdNumber,
            InReplyTo = envelope.InReplyTo, Payload = envelope.Payload.ToJson(), CreatedAt = DateTime.SpecifyKind(envelope.CreatedAt, DateTimeKind.Utc),
            CreatedBy = PartnerUser(sender), DueOn = ExchangeRules.IsRequest(envelope.Kind) ? envelope.DueOn : null,
        };
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (ExchangeRules.IsAnswer(envelope.Kind))
        {
            // An answer applies to our request: sent by our office to the office that answers, and not yet answered.
            var request = envelope.InReplyTo is null ? null
                : await db.Set<ExchangeMessage>().SingleOrDefaultAsync(m => m.MessageId == envelope.InReplyTo, ct);
            if (request is null || !ExchangeRules.IsRequest(request.Kind) || ExchangeRules.AnswerKindOf(request.Kind) != envelope.Kind
                || request.SenderCode != envelope.ReceiverCode || request.ReceiverCode != envelope.SenderCode)
                return await RefuseAsync(headers, sender, Error.Validation("exchange.inbound.unknownRequest"), ct);
            if (request.AnsweredAt is not null)
                return await RefuseAsync(headers, sender, Error.Conflict("exchange.answer.already"), ct);
            request.AnsweredAt = row.CreatedAt;
            request.AnsweredOn = DateOnly.FromDateTime(ChinaClock.ToBeijing(row.CreatedAt));
            request.AnswerMessageId = messageId;
        }
        else if (envelope.InReplyTo is not null)
        {
            return await RefuseAsync(headers, sender, Error.Validation("exchange.inbound.malformed"), ct);
        }
        db.Set<ExchangeMessage>().Add(row);
        if (envelope.Kind == MessageKind.CheckupReceipt)
        {
            if (!ExchangeRules.TryParseQuarter(envelope.Payload.Quarter, out _, out _))
                return await RefuseAsync(headers, sender, Error.Validation("exchange.quarter.bad"), ct);
            db.Set<ReceivedReport>().Add(ExchangeService.ReportOf(row, envelope.Payload, clock.Today()));
        }
        db.Set<InboxEntry>().Add(new InboxEntry
        {
            MessageId = messageId, PartnerId = partner.Id, Kind = envelope.Kind, ReceiverCode = envelope.ReceiverCode, BodySha256 = hash,
            ReceivedAt = now,
        });
        audit.Add(Action, ExchangeService.Entity, messageId, detail: ExchangeService.Detail(row) + $" partner={sender}",
            userName: PartnerUser(sender));
        try
        {
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        catch (DbUpdateException)
        {
            // The same message applied a moment ago by a concurrent retry (the inbox key kept it), or an id already used here.
            await tx.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            var again = await ReplayAsync(messageId, partner.Id, hash, ct) ?? (Result<InboundAccepted>)Error.Conflict("exchange.inbound.replayDiffers");
            return again.IsSuccess ? again : await RefuseAsync(headers, sender, again.Error, ct);
        }
        return new InboundAccepted(messageId, now, false);
    }

    /// <summary>An id applied before: the original success for the same body from the same partner, else a conflict.</summary>
    async Task<Result<InboundAccepted>?> ReplayAsync(string messageId, long partnerId, string hash, CancellationToken ct)
    {
        var seen = await db.Set<InboxEntry>().AsNoTracking().SingleOrDefaultAsync(i => i.MessageId == messageId, ct);
        if (seen is null)
        {
            // An id used here for a message of our own (or one applied from another partner) is never a partner's to reuse.
            if (!await db.Set<ExchangeMessage>().AnyAsync(m => m.MessageId == messageId, ct)) return null;
            return Error.Conflict("exchange.inbound.replayDiffers");
        }
        if (seen.PartnerId == partnerId && seen.BodySha256 == hash) return new InboundAccepted(messageId, seen.ReceivedAt, true);
        return Error.Conflict("exchange.inbound.replayDiffers");
    }

    async Task<Error> RefuseAsync(InboundHeaders headers, string sender, Error error, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        if (db.Database.CurrentTransaction is { } tx) await tx.RollbackAsync(ct);
        await audit.RecordAsync(Action, ExchangeService.Entity, Clip(headers.MessageId), AuditOutcome.Refused,
            $"reason={error.Code} sender={sender}", userName: PartnerUser(sender), ct: ct);
        return error;
    }

    public static string PartnerUser(string installationId) => "partner:" + installationId;

    /// <summary>A header as the audit may keep it: short, and only the characters an id or a name of ours uses.</summary>
    static string Clip(string? value) =>
        value is null ? "" : new string(value.Where(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.').Take(64).ToArray());
}
