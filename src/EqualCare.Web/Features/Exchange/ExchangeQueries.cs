using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using EqualCare.Web.Domain.Exchange;
using EqualCare.Web.Features.Exchange.Federation;
using EqualCare.Web.Web;
using Microsoft.EntityFrameworkCore;

namespace EqualCare.Web.Features.Exchange;

/// <summary>Which messages a list shows: the office's inbox or outbox, and which of them.</summary>
public enum Box : short { Inbox = 1, Outbox = 2 }

/// <summary>Open: a request not yet answered, or a 通报/回执 not yet read. Due/Answered/OnTime/Late: the 协查 rates' drill-down.</summary>
public enum MessageFilter : short { Open = 1, Overdue = 2, All = 3, Due = 4, Answered = 5, OnTime = 6, Late = 7, Unanswered = 8 }

public sealed record MessageQuery(Box Box = Box.Inbox, MessageFilter Filter = MessageFilter.Open, MessageKind? Kind = null,
    string? Unit = null, DateOnly? DueFrom = null, DateOnly? DueTo = null, int Page = 1);

/// <summary>A message as a list shows it: the person's name and masked number, never the payload.</summary>
public sealed record MessageItem(long Id, MessageKind Kind, short? Topic, bool Urgent, string SenderCode, string? SenderName,
    string ReceiverCode, string? ReceiverName, string SubjectName, string IdNumberMasked, DateTime CreatedAt, DateOnly? DueOn,
    DateOnly? AnsweredOn, MessageState State);

public sealed record MessagePage(IReadOnlyList<MessageItem> Items, int Total, int Page, int PageSize);

/// <summary>Counts of one office's open work: what it must answer or read, and what it waits for.</summary>
public sealed record OfficeCounts(string Code, string? Name, int InboxOpen, int InboxOverdue, int OutboxWaiting, int OutboxOverdue);

public sealed record MessageCounts(int InboxOpen, int InboxOverdue, int InboxUnread, int OutboxWaiting, int OutboxOverdue,
    IReadOnlyList<OfficeCounts> ByOffice);

/// <summary>A message opened: its snapshot, its answer if any, and what the user may do with it.</summary>
public sealed record MessageDetail(MessageItem Item, string MessageId, ExchangePayload Payload, string CreatedBy, DateTime? ReadAt,
    string? ReadBy, MessageItem? Answer, ExchangePayload? AnswerPayload, string? AnswerBy, MessageItem? Request, bool CanAnswer,
    bool CanAskBack);

/// <summary>A 流入通报 from a partner installation, as the registration place's outflow list shows it.</summary>
public sealed record NoticedArrival(long MessageRowId, string Name, string IdNumberMasked, string ResidenceCode, string? ResidencePlace,
    DateOnly? ArrivalDate, DateTime SentAt);

public sealed record ReceivedReportItem(long Id, string SenderCode, string? SenderName, string SubjectName, string IdNumberMasked,
    string Period, ExchangePayload Payload, DateTime ReceivedAt);

/// <summary>
/// Reads the messages of the user's offices. A message is visible when its sender or its receiver lies in the user's scope
/// (a range over the codes, both indexed); every list and every opening is audited; ID numbers are masked everywhere but
/// the opened message's snapshot, which the receiving office needs to match its files.
/// </summary>
public sealed class ExchangeQueries(EqualCareDb db, AuditLog audit, TimeProvider clock, ExchangeService service)
{
    public const int PageSize = 50;
    static readonly MessageKind[] Requests = [MessageKind.Verification, MessageKind.CertificateRequest];
    static readonly MessageKind[] ReadOnly = [MessageKind.ArrivalNotice, MessageKind.DepartureNotice, MessageKind.CheckupReceipt];

    IQueryable<ExchangeMessage> Messages => db.Set<ExchangeMessage>().AsNoTracking();

    public async Task<Result<MessagePage>> ListAsync(CurrentUser user, MessageQuery q, CancellationToken ct)
    {
        if (!user.CanReadPersons) return Error.NotFound("exchange.message.notFound");
        var unit = user.Org;
        if (q.Unit is { Length: > 0 } typed && (!OrgCode.TryParse(typed, out unit) || !user.Org.Contains(unit.Value)))
            return Error.NotFound("exchange.unit.notFound");
        var today = clock.Today();
        var rows = q.Box == Box.Inbox ? Messages.WithinOrg(m => m.ReceiverCode, unit) : Messages.WithinOrg(m => m.SenderCode, unit);
        rows = rows.Where(m => m.Kind != MessageKind.VerificationAnswer && m.Kind != MessageKind.CertificateAnswer);
        if (q.Kind is { } kind) rows = rows.Where(m => m.Kind == kind);
        if (q.DueFrom is { } from) rows = rows.Where(m => m.DueOn >= from);
        if (q.DueTo is { } to) rows = rows.Where(m => m.DueOn <= to);
        rows = q.Filter switch
        {
            MessageFilter.Open => rows.Where(m => m.AnsweredAt == null && (Requests.Contains(m.Kind) || m.ReadAt == null)),
            MessageFilter.Overdue => rows.Where(m => m.AnsweredOn == null && m.DueOn < today),
            // The 协查 rates' population: due in the period and either answered or past its day (a request still in time is not yet due).
            MessageFilter.Due => rows.Where(m => m.DueOn != null && (m.AnsweredOn != null || m.DueOn < today)),
            MessageFilter.Answered => rows.Where(m => m.AnsweredOn != null),
            MessageFilter.OnTime => rows.Where(m => m.AnsweredOn != null && m.AnsweredOn <= m.DueOn),
            MessageFilter.Late => rows.Where(m => m.AnsweredOn != null && m.AnsweredOn > m.DueOn),
            MessageFilter.Unanswered => rows.Where(m => m.DueOn != null && m.AnsweredOn == null && m.DueOn < today),
            _ => rows,
        };
        var total = await rows.CountAsync(ct);
        var page = Math.Max(1, q.Page);
        var list = await rows.OrderBy(m => m.AnsweredAt != null).ThenBy(m => m.DueOn == null).ThenBy(m => m.DueOn).ThenByDescending(m => m.Id)
            .Skip((page - 1) * PageSize).Take(PageSize).ToListAsync(ct);
        var items = await ItemsAsync(list, ct);
        await audit.RecordListAsync(user, ExchangeService.Entity, unit.Value,
            $"box={q.Box} filter={q.Filter} kind={q.Kind} due={q.DueFrom:yyyy-MM-dd}..{q.DueTo:yyyy-MM-dd} page={page}", items.Count, ct);
        return new MessagePage(items, total, page, PageSize);
    }

    /// <summary>The office's counts (and each office's below it that has messages): open and overdue, in and out.</summary>
    public async Task<MessageCounts> CountsAsync(CurrentUser user, CancellationToken ct)
    {
        if (!user.CanReadPersons) return new(0, 0, 0, 0, 0, []);
        var today = clock.Today();
        var inbox = await Messages.WithinOrg(m => m.ReceiverCode, user.Org)
            .Where(m => m.AnsweredAt == null && (Requests.Contains(m.Kind) || (ReadOnly.Contains(m.Kind) && m.ReadAt == null)))
            .GroupBy(m => m.ReceiverCode)
            .Select(g => new
            {
                Code = g.Key, Open = g.Count(), Overdue = g.Count(m => m.DueOn < today),
                Unread = g.Count(m => m.ReadAt == null),
            }).ToListAsync(ct);
        var outbox = await Messages.WithinOrg(m => m.SenderCode, user.Org)
            .Where(m => m.AnsweredAt == null && Requests.Contains(m.Kind))
            .GroupBy(m => m.SenderCode)
            .Select(g => new { Code = g.Key, Waiting = g.Count(), Overdue = g.Count(m => m.DueOn < today) }).ToListAsync(ct);
        var codes = inbox.Select(i => i.Code).Union(outbox.Select(o => o.Code)).ToList();
        var names = await NamesAsync(codes, ct);
        var byOffice = codes.Order(StringComparer.Ordinal).Select(c =>
        {
            var i = inbox.FirstOrDefault(x => x.Code == c);
            var o = outbox.FirstOrDefault(x => x.Code == c);
            return new OfficeCounts(c, names.GetValueOrDefault(c), i?.Open ?? 0, i?.Overdue ?? 0, o?.Waiting ?? 0, o?.Overdue ?? 0);
        }).ToList();
        return new(inbox.Sum(i => i.Open), inbox.Sum(i => i.Overdue), inbox.Sum(i => i.Unread), outbox.Sum(o => o.Waiting),
            outbox.Sum(o => o.Overdue), byOffice);
    }

    /// <summary>
    /// The overdue 协查 and 代办 requests of a unit in the user's scope, for the to-do list (issue 16 point 3: an overdue request
    /// is flagged on both sides): those its offices must answer and those they wait for. One statement over the receiver's and
    /// the sender's index (<c>ix_exchange_messages_receiver</c>, <c>_sender</c>: code range, kind, due day). Zero for a unit
    /// outside the scope.
    /// </summary>
    public async Task<(int ToAnswer, int Awaited)> OverdueAsync(CurrentUser user, OrgCode unit, CancellationToken ct)
    {
        if (!user.CanReadPersons || !user.Org.Contains(unit.Value)) return (0, 0);
        var today = clock.Today();
        var (low, high) = unit.Range;
#pragma warning disable CA1309, CA1310 // string.Compare is what EF translates to SQL's < and > (Data/CodeRange)
        var counts = await Messages
            .Where(m => Requests.Contains(m.Kind) && m.AnsweredOn == null && m.DueOn < today
                        && ((string.Compare(m.ReceiverCode, low) >= 0 && string.Compare(m.ReceiverCode, high) <= 0)
                            || (string.Compare(m.SenderCode, low) >= 0 && string.Compare(m.SenderCode, high) <= 0)))
            .GroupBy(m => 1)
            .Select(g => new
            {
                ToAnswer = g.Count(m => string.Compare(m.ReceiverCode, low) >= 0 && string.Compare(m.ReceiverCode, high) <= 0),
                Awaited = g.Count(m => string.Compare(m.SenderCode, low) >= 0 && string.Compare(m.SenderCode, high) <= 0),
            }).FirstOrDefaultAsync(ct);
#pragma warning restore CA1309, CA1310
        return counts is null ? (0, 0) : (counts.ToAnswer, counts.Awaited);
    }

    /// <summary>Opens a message: audited as a view; the receiving office's first opening marks it read.</summary>
    public async Task<Result<MessageDetail>> GetAsync(CurrentUser user, long id, CancellationToken ct)
    {
        var row = await service.VisibleAsync(user, id, ct);
        if (row is null)
        {
            await audit.RecordAsync(AuditLog.Actions.View, ExchangeService.Entity, id.ToString(System.Globalization.CultureInfo.InvariantCulture),
                AuditOutcome.Refused, "not found or outside scope", userName: user.UserName, ct: ct);
            return Error.NotFound("exchange.message.notFound");
        }
        await service.MarkReadAsync(user, id, ct);
        row = await Messages.SingleAsync(m => m.Id == id, ct);
        var answer = row.AnswerMessageId is { } a ? await Messages.SingleOrDefaultAsync(m => m.MessageId == a, ct) : null;
        var request = row.InReplyTo is { } r ? await Messages.SingleOrDefaultAsync(m => m.MessageId == r, ct) : null;
        var all = new[] { row, answer, request }.OfType<ExchangeMessage>().ToList();
        var items = await ItemsAsync(all, ct, request ?? row);
        var side = ExchangeService.SideOf(user, row);
        await audit.RecordAsync(AuditLog.Actions.View, ExchangeService.Entity, row.MessageId, detail: $"kind={row.Kind} side={side}",
            userName: user.UserName, ct: ct);
        return new MessageDetail(items[0], row.MessageId, ExchangePayload.FromJson(row.Payload), row.CreatedBy, row.ReadAt, row.ReadBy,
            answer is null ? null : items[1], answer is null ? null : ExchangePayload.FromJson(answer.Payload), answer?.CreatedBy,
            request is null ? null : items[^1],
            CanAnswer: ExchangeRules.IsRequest(row.Kind) && row.AnsweredAt is null && side == ExchangeService.Side.Receiver,
            CanAskBack: side is ExchangeService.Side.Sender or ExchangeService.Side.Receiver);
    }

    /// <summary>
    /// The reports the registration place received (回执), for its offices in the user's scope, newest first; with an ID
    /// number, one person's (what her outflow case shows).
    /// </summary>
    public async Task<IReadOnlyList<ReceivedReportItem>> ReceivedReportsAsync(CurrentUser user, string? idNumber, CancellationToken ct)
    {
        if (!user.CanReadPersons) return [];
        var rows = db.Set<ReceivedReport>().AsNoTracking().WithinOrg(r => r.ReceiverCode, user.Org);
        if (!string.IsNullOrWhiteSpace(idNumber))
        {
            var number = idNumber.Trim().ToUpperInvariant();
            rows = rows.Where(r => r.SubjectIdNumber == number);
        }
        var list = await rows.OrderByDescending(r => r.Id).Take(200).ToListAsync(ct);
        var names = await NamesAsync(list.Select(r => r.SenderCode).Distinct().ToList(), ct);
        await audit.RecordListAsync(user, "received_report", user.Org.Value, "person=" + AuditLog.Typed(idNumber), list.Count, ct);
        return list.Select(r => new ReceivedReportItem(r.Id, r.SenderCode, names.GetValueOrDefault(r.SenderCode), r.SubjectName,
            Masking.IdNumber(r.SubjectIdNumber), r.Period, ExchangePayload.FromJson(r.Payload), r.ReceivedAt)).ToList();
    }

    /// <summary>
    /// The 流入通报 that partner installations sent about people registered in the user's area who live in theirs: what the
    /// registration place's outflow list shows of them (it holds no case of theirs). Newest first, masked, audited.
    /// </summary>
    public async Task<IReadOnlyList<NoticedArrival>> NoticedArrivalsAsync(CurrentUser user, CancellationToken ct)
    {
        if (!user.CanReadPersons) return [];
        var received = db.Set<InboxEntry>().AsNoTracking().Where(i => i.Kind == MessageKind.ArrivalNotice).Select(i => i.MessageId);
        var rows = await Messages.WithinOrg(m => m.ReceiverCode, user.Org)
            .Where(m => m.Kind == MessageKind.ArrivalNotice && received.Contains(m.MessageId))
            .OrderByDescending(m => m.Id).Take(PageSize).ToListAsync(ct);
        await audit.RecordListAsync(user, ExchangeService.Entity, user.Org.Value, "box=Inbox kind=ArrivalNotice from=partners", rows.Count, ct);
        return rows.Select(m =>
        {
            var p = ExchangePayload.FromJson(m.Payload);
            return new NoticedArrival(m.Id, p.Name ?? "", Masking.IdNumber(m.SubjectIdNumber), m.SenderCode, p.ResidencePlace, p.ArrivalDate, m.CreatedAt);
        }).ToList();
    }

    async Task<List<MessageItem>> ItemsAsync(List<ExchangeMessage> rows, CancellationToken ct, ExchangeMessage? subjectOf = null)
    {
        var names = await NamesAsync(rows.SelectMany(r => new[] { r.SenderCode, r.ReceiverCode }).Distinct().ToList(), ct);
        var today = clock.Today();
        var subjectName = subjectOf is null ? null : ExchangePayload.FromJson(subjectOf.Payload).Name;
        return rows.Select(r => new MessageItem(r.Id, r.Kind, r.Topic, r.Urgent, r.SenderCode, names.GetValueOrDefault(r.SenderCode),
            r.ReceiverCode, names.GetValueOrDefault(r.ReceiverCode), ExchangePayload.FromJson(r.Payload).Name ?? subjectName ?? "",
            Masking.IdNumber(r.SubjectIdNumber), r.CreatedAt, r.DueOn, r.AnsweredOn,
            ExchangeRules.StateOf(r.Kind, r.DueOn, r.ReadAt, r.AnsweredOn, today))).ToList();
    }

    internal async Task<Dictionary<string, string>> NamesAsync(IReadOnlyCollection<string> codes, CancellationToken ct) =>
        codes.Count == 0 ? [] : await db.OrgUnits.AsNoTracking().Where(o => codes.Contains(o.Code)).ToDictionaryAsync(o => o.Code, o => o.Name, ct);
}
