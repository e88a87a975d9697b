using System.Globalization;
using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using EqualCare.Web.Domain.Cases;
using EqualCare.Web.Domain.IdNumbers;
using EqualCare.Web.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace EqualCare.Web.Features.Movements;

/// <summary>The "EqualCare:MoveRequests" configuration keys.</summary>
public sealed class MoveRequestOptions
{
    public const string Section = "EqualCare:MoveRequests";

    /// <summary>
    /// Days the holding community has to accept or decline (<see cref="MoveRequestRules.DefaultDecideWithinDays"/>: no rule
    /// names one for handing a case over); the next day the holder's street may decide instead.
    /// </summary>
    public int DecideWithinDays { get; set; } = MoveRequestRules.DefaultDecideWithinDays;
}

/// <summary>
/// A request as a list shows it. The asking community sees only the masked number (the case is not in its scope until
/// handed over); the holder and its street also see the person's name and case. <see cref="MayDecide"/>: this user may
/// accept or decline it now.
/// </summary>
public sealed record MoveRequestItem(
    long Id, string IdNumberMasked, string? PersonName, long? PersonId, string FromCommunityCode, string? FromCommunityName,
    string ToCommunityCode, string? ToCommunityName, MoveRequestState State, DateTime RequestedAt, string RequestedBy, DateTime? DecidedAt,
    DateOnly DueOn, bool Overdue, string? Reason, string? DecidedByOrgName, bool DecidedByOffice, bool MayDecide);

/// <summary>Requests for the user's unit: those it holds the case of (incoming) and those it asked (outgoing), open first.</summary>
public sealed record MoveRequestLists(IReadOnlyList<MoveRequestItem> Incoming, IReadOnlyList<MoveRequestItem> Outgoing);

/// <summary>
/// 迁入申请 (issue 13 point 8; issue 16 point 1): a community worker who finds that a person she is registering is already
/// registered in another community of the installation asks that community to hand the case over. The holder accepts (a
/// MoveWithinArea movement is recorded, the case with its services and kept to-do items follows the person) or declines
/// with a reason, by the request's due day; after it the holder's street may decide instead
/// (<see cref="MoveRequestRules.MayDecide"/>). Every write and its audit row commit together; one open request per person
/// (the unique key ux_move_requests_open_person).
/// </summary>
public sealed class MoveRequests(EqualCareDb db, AuditLog audit, MovementHandler movements, TimeProvider clock, IOptions<MoveRequestOptions> options)
{
    public const int ListLimit = 200;

    public async Task<Result<MoveRequestItem>> CreateAsync(CurrentUser user, string? idNumber, CancellationToken ct)
    {
        if (!user.CanWritePersons || user.Org.Level != 5) return Error.Forbidden("moveRequest.forbidden");
        var number = IdNumberValidator.RealStoredForm(idNumber);
        if (number is null) return Error.Validation("moveRequest.idNumber.bad", "IdNumber");
        var hit = await db.Persons.AsNoTracking().Where(p => p.IdNumber == number && p.IdState != IdState.Placeholder)
            .Select(p => new { Id = p.MergedIntoId ?? p.Id }).FirstOrDefaultAsync(ct);
        var person = hit is null ? null : await db.Persons.AsNoTracking().Where(p => p.Id == hit.Id)
            .Select(p => new { p.Id, p.CommunityCode, p.Status }).SingleAsync(ct);
        if (person is null) return Error.NotFound("moveRequest.notFound");
        if (person.CommunityCode == user.Org.Value) return Error.Conflict("moveRequest.alreadyHere");
        if (!MoveRequestRules.MayAsk(user.Org, person.CommunityCode)) return Error.Forbidden("moveRequest.forbidden");
        if (person.Status != CaseStatus.Active) return Error.Conflict("moveRequest.notActive");

        if (await OpenRequestAsync(person.Id, ct) is { } open) return await OpenAnswerAsync(user, open, ct);
        var now = clock.UtcNow();
        var row = new MoveRequest
        {
            PersonId = person.Id, FromCommunityCode = person.CommunityCode, ToCommunityCode = user.Org.Value, State = MoveRequestState.Pending,
            RequestedAt = now, RequestedBy = user.UserName,
            DueOn = MoveRequestRules.DueOn(clock.Today(), options.Value.DecideWithinDays),
        };
        db.MoveRequests.Add(row);
        try
        {
            await audit.SaveWithAsync(AuditLog.Actions.Create, "move_request", () => Id(row.Id),
                detail: $"person={person.Id} from={row.FromCommunityCode} to={row.ToCommunityCode} due={row.DueOn:yyyy-MM-dd}",
                userName: user.UserName, ct: ct);
        }
        catch (DbUpdateException e) when (UniqueKey.IsViolation(e))
        {
            // A request for this person was opened a moment ago (double click, second tab, another community): the unique
            // key kept that one; answer as the check would have a moment later.
            db.ChangeTracker.Clear();
            open = await OpenRequestAsync(person.Id, ct);
            if (open is null) throw;
            return await OpenAnswerAsync(user, open, ct);
        }
        return await ItemAsync(user, row, ct);
    }

    /// <summary>The request already open: this community's own (shown again), or another community's (refused, not named).</summary>
    async Task<Result<MoveRequestItem>> OpenAnswerAsync(CurrentUser user, MoveRequest open, CancellationToken ct) =>
        open.ToCommunityCode == user.Org.Value ? await ItemAsync(user, open, ct) : Error.Conflict("moveRequest.openElsewhere");

    public async Task<MoveRequestLists> ListAsync(CurrentUser user, CancellationToken ct)
    {
        if (!user.CanReadPersons) return new([], []);
        var incoming = await db.MoveRequests.AsNoTracking().WithinOrg(r => r.FromCommunityCode, user.Org)
            .OrderBy(r => r.State).ThenBy(r => r.DueOn).ThenByDescending(r => r.Id).Take(ListLimit).ToListAsync(ct);
        var outgoing = await db.MoveRequests.AsNoTracking().WithinOrg(r => r.ToCommunityCode, user.Org)
            .OrderBy(r => r.State).ThenBy(r => r.DueOn).ThenByDescending(r => r.Id).Take(ListLimit).ToListAsync(ct);
        var items = await ItemsAsync(user, [.. incoming, .. outgoing], ct);
        // Names of persons are shown to the holder: a list of personal data viewed, one audit row per request.
        await audit.RecordListAsync(user, "move_request", user.Org.Value, "requests", items.Count, ct);
        return new(items.Take(incoming.Count).ToList(), items.Skip(incoming.Count).ToList());
    }

    public async Task<Result<MoveRequestItem>> AcceptAsync(CurrentUser user, long id, CancellationToken ct)
    {
        var request = await DecidableAsync(user, id, "accept", ct);
        if (!request.IsSuccess) return request.Error;
        var row = request.Value;
        var person = await db.Persons.AsNoTracking().Where(p => p.Id == row.PersonId).Select(p => new { p.Version, p.CommunityCode }).SingleAsync(ct);
        if (person.CommunityCode != row.FromCommunityCode) return Error.Conflict("moveRequest.caseMoved");
        var office = user.Org.Value != row.FromCommunityCode;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var moved = await movements.RecordHandOverAsync(user, row.PersonId,
            new MovementRequest(nameof(MovementKind.MoveWithinArea), clock.Today(), row.ToCommunityCode, Note: office ? "迁入申请逾期，由街道处理" : null,
                Version: person.Version), ct);
        if (!moved.IsSuccess)
        {
            // Nothing was moved and the request stays open.
            await tx.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            await audit.RecordAsync(AuditLog.Actions.Update, "move_request", Id(row.Id), AuditOutcome.Refused, "accept: " + moved.Error.Code, ct: ct);
            return moved.Error;
        }
        // The decision and the movement it names in one UPDATE (the table's trigger allows one change of an open request).
        if (!await DecideOnceAsync(row.Id, MoveRequestState.Accepted, null, user, ct, moved.Value.MovementId))
        {
            await tx.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            return Error.Conflict("moveRequest.decided");
        }
        audit.Add(AuditLog.Actions.Update, "move_request", Id(row.Id),
            detail: $"accepted movement={moved.Value.MovementId} by={user.Org.Value}" + (office ? " overdue" : ""), userName: user.UserName);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return await ItemAsync(user, await db.MoveRequests.AsNoTracking().SingleAsync(r => r.Id == row.Id, ct), ct);
    }

    public async Task<Result<MoveRequestItem>> DeclineAsync(CurrentUser user, long id, string? reason, CancellationToken ct)
    {
        var request = await DecidableAsync(user, id, "decline", ct);
        if (!request.IsSuccess) return request.Error;
        var (text, problem) = MoveRequestRules.DeclineReason(reason);
        if (text is null) return Error.Validation(problem!, "Reason");
        var row = request.Value;
        var office = user.Org.Value != row.FromCommunityCode;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (!await DecideOnceAsync(row.Id, MoveRequestState.Declined, text, user, ct))
        {
            await tx.RollbackAsync(ct);
            return Error.Conflict("moveRequest.decided");
        }
        // The reason is the worker's free text: it stays on the request, not in the audit detail.
        audit.Add(AuditLog.Actions.Update, "move_request", Id(row.Id), detail: $"declined by={user.Org.Value}" + (office ? " overdue" : ""),
            userName: user.UserName);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return await ItemAsync(user, await db.MoveRequests.AsNoTracking().SingleAsync(r => r.Id == row.Id, ct), ct);
    }

    /// <summary>
    /// Closes the request if it is still open, in the caller's transaction: one UPDATE … WHERE state = open, so of two
    /// deciders at once (the holder and its street on the first overdue day) one decides and the other is told it is decided.
    /// </summary>
    async Task<bool> DecideOnceAsync(long id, MoveRequestState state, string? reason, CurrentUser user, CancellationToken ct,
        long? movementId = null)
    {
        var now = clock.UtcNow();
        var changed = await db.MoveRequests.Where(r => r.Id == id && r.State == MoveRequestState.Pending).ExecuteUpdateAsync(s => s
            .SetProperty(r => r.State, state).SetProperty(r => r.DecidedAt, now).SetProperty(r => r.DecidedBy, user.UserName)
            .SetProperty(r => r.DecidedByOrg, user.Org.Value).SetProperty(r => r.Reason, reason).SetProperty(r => r.MovementId, movementId), ct);
        return changed == 1;
    }

    /// <summary>An open request the user may decide now; else not found (outside scope), forbidden, or why not yet.</summary>
    async Task<Result<MoveRequest>> DecidableAsync(CurrentUser user, long id, string what, CancellationToken ct)
    {
        var row = await db.MoveRequests.AsNoTracking().WithinOrg(r => r.FromCommunityCode, user.Org).SingleOrDefaultAsync(r => r.Id == id, ct);
        if (row is null || !user.CanReadPersons)
        {
            await audit.RecordAsync(AuditLog.Actions.Update, "move_request", Id(id), AuditOutcome.Refused, $"{what}: not found or outside scope", ct: ct);
            return Error.NotFound("moveRequest.notFound");
        }
        if (!user.CanWritePersons)
        {
            await audit.RecordAsync(AuditLog.Actions.Update, "move_request", Id(id), AuditOutcome.Refused, $"{what}: read-only role", ct: ct);
            return Error.Forbidden("moveRequest.forbidden");
        }
        if (row.State != MoveRequestState.Pending) return Error.Conflict("moveRequest.decided");
        if (!MoveRequestRules.MayDecide(user.Org, row.FromCommunityCode, MoveRequestRules.IsOverdue(row.State, row.DueOn, clock.Today())))
        {
            await audit.RecordAsync(AuditLog.Actions.Update, "move_request", Id(id), AuditOutcome.Refused, $"{what}: not yet overdue", ct: ct);
            return Error.Conflict("moveRequest.notYetOverdue");
        }
        return row;
    }

    Task<MoveRequest?> OpenRequestAsync(long personId, CancellationToken ct) =>
        db.MoveRequests.AsNoTracking().FirstOrDefaultAsync(r => r.PersonId == personId && r.State == MoveRequestState.Pending, ct);

    async Task<MoveRequestItem> ItemAsync(CurrentUser user, MoveRequest row, CancellationToken ct) => (await ItemsAsync(user, [row], ct))[0];

    async Task<IReadOnlyList<MoveRequestItem>> ItemsAsync(CurrentUser user, IReadOnlyList<MoveRequest> rows, CancellationToken ct)
    {
        var personIds = rows.Select(r => r.PersonId).Distinct().ToList();
        var persons = await db.Persons.AsNoTracking().Where(p => personIds.Contains(p.Id))
            .Select(p => new { p.Id, p.Name, p.IdNumber, p.CommunityCode }).ToDictionaryAsync(p => p.Id, ct);
        var codes = rows.SelectMany(r => new[] { r.FromCommunityCode, r.ToCommunityCode, r.DecidedByOrg }).OfType<string>().Distinct().ToList();
        var names = await db.OrgUnits.AsNoTracking().Where(o => codes.Contains(o.Code)).ToDictionaryAsync(o => o.Code, o => o.Name, ct);
        var today = clock.Today();
        return [.. rows.Select(r =>
        {
            var p = persons[r.PersonId];
            // Name and case only where the case is in the user's scope now (the holder; the asker once it was handed over).
            var mine = user.CanReadPersons && user.Org.Contains(p.CommunityCode);
            var overdue = MoveRequestRules.IsOverdue(r.State, r.DueOn, today);
            var mayDecide = user.CanWritePersons && r.State == MoveRequestState.Pending && user.Org.Contains(r.FromCommunityCode)
                            && MoveRequestRules.MayDecide(user.Org, r.FromCommunityCode, overdue);
            return new MoveRequestItem(r.Id, Masking.IdNumber(p.IdNumber), mine ? p.Name : null, mine ? p.Id : null,
                r.FromCommunityCode, names.GetValueOrDefault(r.FromCommunityCode), r.ToCommunityCode, names.GetValueOrDefault(r.ToCommunityCode),
                r.State, r.RequestedAt, r.RequestedBy, r.DecidedAt, r.DueOn, overdue, r.Reason,
                r.DecidedByOrg is { } by ? names.GetValueOrDefault(by) ?? by : null,
                r.DecidedByOrg is { } org && org != r.FromCommunityCode, mayDecide);
        })];
    }

    static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);
}
