using System.Globalization;
using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using EqualCare.Web.Domain.Cases;
using EqualCare.Web.Domain.Exchange;
using EqualCare.Web.Features.Exchange.Federation;
using EqualCare.Web.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace EqualCare.Web.Features.Exchange;

/// <summary>What a sender fills in; each kind reads only its own fields (docs/exchange.md).</summary>
public sealed record SendInput
{
    public MessageKind Kind { get; init; }
    public short? Topic { get; init; }
    public bool Urgent { get; init; }
    public string? Question { get; init; }
    public string? Quarter { get; init; }
    public DateOnly? CheckedOn { get; init; }
    public bool? Attended { get; init; }
    public bool? Pregnant { get; init; }
    public bool? IudNormal { get; init; }
    public ContraceptionMethod? Contraception { get; init; }
    public string? CertificateNumber { get; init; }
    public string? DestinationCode { get; init; }
    public DateOnly? DepartureDate { get; init; }
}

public sealed record AnswerInput(AnswerResult Result, string? Note, string? CertificateNumber = null, DateOnly? ValidUntil = null);

public sealed record MessageSent(long Id, string MessageId);

/// <summary>
/// Writes the messages between offices of this installation (issue 16 point 3): each message, the change it causes at the
/// receiving office (a 回执 becomes a received report) and its audit rows commit together. The residence place writes the
/// 流入通报 in the registration's own transaction (<see cref="StageArrivalNoticeAsync"/>); everything else is sent from the
/// person page or from a message. Delivery inside one installation is the row itself: the receiver's inbox is a query.
/// </summary>
public sealed class ExchangeService(EqualCareDb db, AuditLog audit, TimeProvider clock, IOptions<ExchangeOptions> options,
    PartnerDirectory directory)
{
    public const string Entity = "exchange_message";
    public const int MaxText = 500;

    public static class Actions
    {
        public const string Send = "send";
        public const string Read = "read";
        public const string Answer = "answer";
        public const string Receive = "receive";
    }

    DeadlinePolicy Policy => options.Value.Policy;

    /// <summary>
    /// The registration place of a 户籍地 code inside this installation: the code's own office if the installation has it,
    /// else the nearest office above it that it has. A 户籍地 outside this installation's prefixes is the office of that code
    /// at the partner installation serving it (docs/exchange.md part 2); null when no partner serves it.
    /// </summary>
    public async Task<string?> RegistrationPlaceAsync(string? hukouCode, CancellationToken ct)
    {
        var candidates = ExchangeRules.RegistrationPlaceCandidates(hukouCode).Select(c => c.Value).ToList();
        if (candidates.Count == 0) return null;
        if (!directory.Serves(hukouCode))
            return await directory.PartnerForAsync(hukouCode, ct) is null ? null : candidates[0];
        var present = await db.OrgUnits.AsNoTracking().Where(o => candidates.Contains(o.Code)).Select(o => o.Code).ToListAsync(ct);
        return candidates.FirstOrDefault(present.Contains);
    }

    /// <summary>
    /// The registration hook: stages the 流入通报 of a newly registered inflow case in the caller's unit of work, so the case
    /// and its 通报 are saved together or not at all. Nothing is staged when the 户籍地 is outside the installation or is
    /// the same place as the residence.
    /// </summary>
    public async Task StageArrivalNoticeAsync(CurrentUser user, Person person, CancellationToken ct)
    {
        if (person.FlowDirection != FlowDirection.Inflow) return;
        var receiver = await RegistrationPlaceAsync(person.HukouCountyCode, ct);
        if (receiver is null || ExchangeRules.IsSamePlace(OrgCode.Parse(receiver), person.CommunityCode)) return;
        await StageAsync(user, MessageKind.ArrivalNotice, null, false, person.CommunityCode, receiver, person.Id, person.IdNumber,
            await ArrivalPayloadAsync(person, ct), ct);
    }

    /// <summary>A message about a case in the user's scope, sent from the person page.</summary>
    public async Task<Result<MessageSent>> SendAboutPersonAsync(CurrentUser user, long personId, SendInput input, CancellationToken ct)
    {
        var person = await db.Persons.AsNoTracking().InScopeOf(user).SingleOrDefaultAsync(p => p.Id == personId && p.MergedIntoId == null, ct);
        if (person is null || !user.CanReadPersons)
        {
            await audit.RecordAsync(Actions.Send, Entity, null, AuditOutcome.Refused, $"person={Id(personId)} not found or outside scope",
                userName: user.UserName, ct: ct);
            return Error.NotFound("exchange.person.notFound");
        }
        var problems = Check(input);
        if (problems.Count > 0) return Error.Invalid(problems);

        string receiver;
        ExchangePayload payload;
        if (input.Kind == MessageKind.DepartureNotice)
        {
            // The registration place reports one of its people leaving: she is on its own (outflow) case.
            if (person.FlowDirection != FlowDirection.Outflow) return Error.Validation("exchange.departure.notOutflow", nameof(SendInput.Kind));
            if (!OrgCode.TryParse(input.DestinationCode, out var destination)
                || !(directory.Serves(destination.Value) ? await db.OrgUnits.AnyAsync(o => o.Code == destination.Value, ct)
                    : await directory.PartnerForAsync(destination.Value, ct) is not null))
                return Error.Validation("exchange.destination.unknown", nameof(SendInput.DestinationCode));
            if (destination.Contains(person.CommunityCode) || OrgCode.Parse(person.CommunityCode).Contains(destination.Value))
                return Error.Validation("exchange.destination.samePlace", nameof(SendInput.DestinationCode));
            receiver = destination.Value;
            payload = Identity(person) with
            {
                Destination = await NameOfAsync(receiver, ct), DepartureDate = input.DepartureDate ?? clock.Today(),
                CertificateNumber = Clean(input.CertificateNumber),
            };
        }
        else
        {
            if (await RegistrationPlaceAsync(person.HukouCountyCode, ct) is not { } place)
                return Error.Validation("exchange.outsideInstallation", nameof(SendInput.Kind));
            if (ExchangeRules.IsSamePlace(OrgCode.Parse(place), person.CommunityCode))
                return Error.Validation("exchange.samePlace", nameof(SendInput.Kind));
            receiver = place;
            payload = input.Kind switch
            {
                MessageKind.ArrivalNotice => await ArrivalPayloadAsync(person, ct),
                MessageKind.Verification => Identity(person) with { Question = Clean(input.Question) },
                MessageKind.CheckupReceipt => Identity(person) with
                {
                    Quarter = input.Quarter, CheckedOn = input.CheckedOn, Attended = input.Attended ?? true, Pregnant = input.Pregnant,
                    IudNormal = input.IudNormal, Contraception = (short?)(input.Contraception ?? person.ContraceptionMethod),
                    Note = Clean(input.Question),
                },
                MessageKind.CertificateRequest => Identity(person) with
                {
                    CertificateNumber = Clean(input.CertificateNumber), MaritalStatus = (short)person.MaritalStatus, Note = Clean(input.Question),
                },
                _ => throw new InvalidOperationException("checked above"),
            };
        }
        // 紧急: a 协查 about a woman who is pregnant now (docs/rules.md §2.5), or one the sender marks so.
        var urgent = input.Kind == MessageKind.Verification && (input.Urgent || IsPregnantNow(person));
        var topic = input.Kind is MessageKind.Verification or MessageKind.CertificateRequest ? input.Topic : null;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var row = await StageAsync(user, input.Kind, topic, urgent, person.CommunityCode, receiver, person.Id, person.IdNumber, payload, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new MessageSent(row.Id, row.MessageId);
    }

    /// <summary>
    /// A 协查 about the person a message names, to the office at its other end: how the registration place asks the residence
    /// place (it holds no case of hers in this installation; the message is what it knows).
    /// </summary>
    public async Task<Result<MessageSent>> SendRegardingAsync(CurrentUser user, long messageId, SendInput input, CancellationToken ct)
    {
        var about = await VisibleAsync(user, messageId, ct);
        if (about is null) return await RefusedAsync(user, Actions.Send, messageId, ct);
        var side = SideOf(user, about);
        if (side is not (Side.Sender or Side.Receiver) || input.Kind != MessageKind.Verification)
            return Error.Validation("exchange.regarding.notAllowed", nameof(SendInput.Kind));
        var problems = Check(input);
        if (problems.Count > 0) return Error.Invalid(problems);
        var known = ExchangePayload.FromJson(about.Payload);
        if (ExchangeRules.IsAnswer(about.Kind) && about.InReplyTo is { } original
            && await db.Set<ExchangeMessage>().AsNoTracking().SingleOrDefaultAsync(m => m.MessageId == original, ct) is { } request)
            known = ExchangePayload.FromJson(request.Payload);
        var (from, to) = side == Side.Sender ? (about.SenderCode, about.ReceiverCode) : (about.ReceiverCode, about.SenderCode);
        if (!directory.Serves(to) && await directory.PartnerForAsync(to, ct) is null)
            return Error.Validation("exchange.outsideInstallation", nameof(SendInput.Kind));
        var payload = new ExchangePayload
        {
            Name = known.Name, IdNumber = known.IdNumber ?? about.SubjectIdNumber, Sex = known.Sex, BirthDate = known.BirthDate,
            Question = Clean(input.Question),
        };
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var row = await StageAsync(user, MessageKind.Verification, input.Topic, input.Urgent, from, to,
            side == Side.Sender ? about.SubjectPersonId : null, about.SubjectIdNumber, payload, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new MessageSent(row.Id, row.MessageId);
    }

    /// <summary>
    /// The 反馈 to a 协查 or the answer to a 代办 request, by the receiving office: a new row naming the request, the request's
    /// answer time set once, and the audit row, together. A second answer (two users, a second click) is refused by the
    /// unique key on the request and changes nothing.
    /// </summary>
    public async Task<Result<MessageSent>> AnswerAsync(CurrentUser user, long messageId, AnswerInput input, CancellationToken ct)
    {
        var request = await VisibleAsync(user, messageId, ct, tracked: true);
        if (request is null) return await RefusedAsync(user, Actions.Answer, messageId, ct);
        if (!ExchangeRules.IsRequest(request.Kind) || SideOf(user, request) != Side.Receiver)
            return Error.Validation("exchange.answer.notAllowed", nameof(AnswerInput.Result));
        if (request.AnsweredAt is not null) return Error.Conflict("exchange.answer.already");
        if (!Enum.IsDefined(input.Result)) return Error.Validation("exchange.answer.result", nameof(AnswerInput.Result));
        if (input.Result is AnswerResult.Differs or AnswerResult.Refused && string.IsNullOrWhiteSpace(input.Note))
            return Error.Validation("exchange.answer.noteRequired", nameof(AnswerInput.Note));
        if (Clean(input.Note) is { Length: > MaxText }) return Error.Validation("exchange.text.tooLong", nameof(AnswerInput.Note));

        var now = clock.UtcNow();
        var payload = new ExchangePayload
        {
            Note = Clean(input.Note), CertificateNumber = Clean(input.CertificateNumber), ValidUntil = input.ValidUntil,
        };
        var answer = NewRow(user, ExchangeRules.AnswerKindOf(request.Kind), (short)input.Result, false, request.ReceiverCode,
            request.SenderCode, null, request.SubjectIdNumber, payload, now);
        answer.InReplyTo = request.MessageId;
        db.Set<ExchangeMessage>().Add(answer);
        // A request from a partner installation: the answer travels back through the outbox, in this transaction.
        if (!directory.Serves(request.SenderCode))
        {
            if (await directory.PartnerForAsync(request.SenderCode, ct) is not { } partner)
                return Error.Validation("exchange.outsideInstallation", nameof(AnswerInput.Result));
            directory.Stage(answer, partner);
        }
        request.AnsweredAt = now;
        request.AnsweredOn = clock.Today();
        request.AnswerMessageId = answer.MessageId;
        if (request.ReadAt is null)
        {
            request.ReadAt = now;
            request.ReadBy = user.UserName;
        }
        audit.Add(Actions.Answer, Entity, answer.MessageId, detail: Detail(answer) + $" request={request.MessageId} result={input.Result}"
            + (ExchangeRules.AnsweredOnTime(request.DueOn, request.AnsweredOn) ? " timely=yes" : " timely=no"), userName: user.UserName);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Answered a moment ago by someone else: the unique key on in_reply_to (or the set-once trigger) kept that answer.
            db.ChangeTracker.Clear();
            return Error.Conflict("exchange.answer.already");
        }
        return new MessageSent(answer.Id, answer.MessageId);
    }

    /// <summary>The first opening by the receiving office marks the message read, audited; later openings change nothing.</summary>
    public async Task MarkReadAsync(CurrentUser user, long messageId, CancellationToken ct)
    {
        var row = await VisibleAsync(user, messageId, ct, tracked: true);
        if (row is null || row.ReadAt is not null || SideOf(user, row) != Side.Receiver) return;
        row.ReadAt = clock.UtcNow();
        row.ReadBy = user.UserName;
        audit.Add(Actions.Read, Entity, row.MessageId, detail: Detail(row), userName: user.UserName);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear(); // read by a colleague at the same instant: the first reading stands
        }
    }

    internal enum Side { None, Sender, Receiver, Both }

    /// <summary>
    /// Which end of a message the user acts for: the office whose area holds one end and not the other. An office above
    /// both ends (the city over two of its counties) oversees the message and neither reads nor answers it for them.
    /// </summary>
    internal static Side SideOf(CurrentUser user, ExchangeMessage m)
    {
        var s = user.Org.Contains(m.SenderCode);
        var r = user.Org.Contains(m.ReceiverCode);
        return (s, r) switch { (true, true) => Side.Both, (true, false) => Side.Sender, (false, true) => Side.Receiver, _ => Side.None };
    }

    /// <summary>A message whose sender or receiver lies in the user's scope; any other is "not found" (never "forbidden").</summary>
    internal async Task<ExchangeMessage?> VisibleAsync(CurrentUser user, long id, CancellationToken ct, bool tracked = false)
    {
        if (!user.CanReadPersons) return null;
        var query = tracked ? db.Set<ExchangeMessage>() : db.Set<ExchangeMessage>().AsNoTracking();
        var row = await query.SingleOrDefaultAsync(m => m.Id == id, ct);
        return row is not null && SideOf(user, row) != Side.None ? row : null;
    }

    async Task<Error> RefusedAsync(CurrentUser user, string action, long id, CancellationToken ct)
    {
        await audit.RecordAsync(action, Entity, Id(id), AuditOutcome.Refused, "not found or outside scope", userName: user.UserName, ct: ct);
        return Error.NotFound("exchange.message.notFound");
    }

    async Task<ExchangeMessage> StageAsync(CurrentUser user, MessageKind kind, short? topic, bool urgent, string sender, string receiver,
        long? personId, string idNumber, ExchangePayload payload, CancellationToken ct)
    {
        var row = NewRow(user, kind, topic, urgent, sender, receiver, personId, idNumber, payload, clock.UtcNow());
        db.Set<ExchangeMessage>().Add(row);
        // A receiver outside this installation: the message goes to the outbox in the same unit of work (the callers
        // checked that a partner serves it); the partner's inbox applies it there.
        var partner = directory.Serves(receiver) ? null : await directory.PartnerForAsync(receiver, ct)
            ?? throw new InvalidOperationException("no partner serves the receiver: checked by the caller");
        if (partner is not null) directory.Stage(row, partner);
        audit.Add(Actions.Send, Entity, row.MessageId, detail: Detail(row) + (partner is null ? "" : $" partner={partner.InstallationId}"),
            userName: user.UserName);
        if (kind == MessageKind.CheckupReceipt && partner is null)
        {
            // Inside one installation the receiving office's inbox applies the 回执 at once: it becomes a report received for
            // the person, read with the registration place's outflow case. Between installations the receiving side's inbox
            // applies the same row on delivery (the unique message id makes a repeated delivery change nothing).
            db.Set<ReceivedReport>().Add(ReportOf(row, payload, clock.Today()));
            audit.Add(Actions.Receive, "received_report", row.MessageId, detail: $"receiver={receiver} period={payload.Quarter}", userName: user.UserName);
        }
        return row;
    }

    /// <summary>A 回执 as the receiving office records it: the same row whether applied here at once or from a partner's delivery.</summary>
    internal static ReceivedReport ReportOf(ExchangeMessage row, ExchangePayload payload, DateOnly today) => new()
    {
        MessageId = row.MessageId, ReceiverCode = row.ReceiverCode, SenderCode = row.SenderCode, SubjectIdNumber = row.SubjectIdNumber,
        SubjectName = payload.Name ?? "", Period = payload.Quarter ?? ExchangeRules.QuarterOf(today),
        Payload = row.Payload, ReceivedAt = row.CreatedAt,
    };

    internal static string Detail(ExchangeMessage m) =>
        $"kind={m.Kind} sender={m.SenderCode} receiver={m.ReceiverCode} subject={Masking.IdNumber(m.SubjectIdNumber)}"
        + (m.DueOn is { } due ? $" due={due:yyyy-MM-dd}" : "");

    ExchangeMessage NewRow(CurrentUser user, MessageKind kind, short? topic, bool urgent, string sender, string receiver, long? personId,
        string idNumber, ExchangePayload payload, DateTime now) => new()
    {
        MessageId = Guid.CreateVersion7(new DateTimeOffset(now, TimeSpan.Zero)).ToString(),
        Kind = kind, Topic = topic, Urgent = urgent, SenderCode = sender, ReceiverCode = receiver, SubjectPersonId = personId,
        SubjectIdNumber = idNumber, Payload = payload.ToJson(), CreatedAt = now, CreatedBy = user.UserName,
        DueOn = ExchangeRules.DueOn(kind, topic, urgent, clock.Today(), Policy),
    };

    static List<Error> Check(SendInput input)
    {
        var problems = new List<Error>();
        if (!Enum.IsDefined(input.Kind) || ExchangeRules.IsAnswer(input.Kind)) problems.Add(Error.Validation("exchange.kind.bad", nameof(SendInput.Kind)));
        if (input.Kind == MessageKind.Verification && (input.Topic is not { } t || !Enum.IsDefined((VerificationTopic)t)))
            problems.Add(Error.Validation("exchange.topic.required", nameof(SendInput.Topic)));
        if (input.Kind == MessageKind.CertificateRequest && (input.Topic is not { } a || !Enum.IsDefined((CertificateAction)a)))
            problems.Add(Error.Validation("exchange.certificateAction.required", nameof(SendInput.Topic)));
        if (input.Kind == MessageKind.CertificateRequest && input.Topic == (short)CertificateAction.Check && string.IsNullOrWhiteSpace(input.CertificateNumber))
            problems.Add(Error.Validation("exchange.certificateNumber.required", nameof(SendInput.CertificateNumber)));
        if (input.Kind == MessageKind.CheckupReceipt && !ExchangeRules.TryParseQuarter(input.Quarter, out _, out _))
            problems.Add(Error.Validation("exchange.quarter.bad", nameof(SendInput.Quarter)));
        if (input.Kind == MessageKind.DepartureNotice && string.IsNullOrWhiteSpace(input.DestinationCode))
            problems.Add(Error.Validation("exchange.destination.unknown", nameof(SendInput.DestinationCode)));
        if (Clean(input.Question) is { Length: > MaxText }) problems.Add(Error.Validation("exchange.text.tooLong", nameof(SendInput.Question)));
        return problems;
    }

    static ExchangePayload Identity(Person p) => new()
    {
        Name = p.Name, IdNumber = p.IdNumber, Sex = (short)p.Sex, BirthDate = p.BirthDate,
    };

    async Task<ExchangePayload> ArrivalPayloadAsync(Person p, CancellationToken ct) => Identity(p) with
    {
        HukouCountyCode = p.HukouCountyCode, MaritalStatus = (short)p.MaritalStatus,
        ResidencePlace = await NameOfAsync(p.CommunityCode, ct), ArrivalDate = p.ArrivalDate,
    };

    async Task<string> NameOfAsync(string code, CancellationToken ct) =>
        await db.OrgUnits.AsNoTracking().Where(o => o.Code == code).Select(o => o.Name).FirstOrDefaultAsync(ct) ?? code;

    bool IsPregnantNow(Person p) => p.PregnancyLmp is { } lmp && p.PregnancyOutcome is null && lmp.AddDays(300) >= clock.Today();


    static string? Clean(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);
}
