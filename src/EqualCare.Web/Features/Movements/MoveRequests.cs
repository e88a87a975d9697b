using System.Globalization;
using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using EqualCare.Web.Domain.Cases;
using EqualCare.Web.Domain.IdNumbers;
using EqualCare.Web.Web;
using Microsoft.EntityFrameworkCore;

namespace EqualCare.Web.Features.Movements;

/// <summary>
/// A request as a list shows it. The asking community sees only the masked number and the holder's name (the case is not
/// in its scope until handed over); the holder also sees the person's name and case.
/// </summary>
public sealed record MoveRequestItem(
    long Id, string IdNumberMasked, string? PersonName, long? PersonId, string FromCommunityCode, string? FromCommunityName,
    string ToCommunityCode, string? ToCommunityName, MoveRequestState State, DateTime RequestedAt, string RequestedBy, DateTime? DecidedAt);

/// <summary>Requests for the user's community: those it must decide (incoming) and those it asked (outgoing), open first.</summary>
public sealed record MoveRequestLists(IReadOnlyList<MoveRequestItem> Incoming, IReadOnlyList<MoveRequestItem> Outgoing);

/// <summary>
/// 迁入申请 within a street (issue 13 point 8): a community worker who finds that a person she is registering is already
/// registered in another community of her street asks that community to hand the case over. The holder accepts (a
/// MoveWithinArea movement is recorded, as MovementHandler records any move) or declines. Every write and its audit row
/// commit together; one open request per person and asking community (a unique key). Across streets: issue 16.
/// </summary>
public sealed class MoveRequests(EqualCareDb db, AuditLog audit, MovementHandler movements, TimeProvider clock)
{
    public async Task<Result<MoveRequestItem>> CreateAsync(CurrentUser user, string? idNumber, CancellationToken ct)
    {
        if (!user.CanWritePersons || user.Org.Level != 5) return Error.Forbidden("moveRequest.forbidden");
        var number = RealNumber(idNumber);
        if (number is null) return Error.Validation("moveRequest.idNumber.bad", "IdNumber");
        var hit = await db.Persons.AsNoTracking().Where(p => p.IdNumber == number && p.IdState != IdState.Placeholder)
            .Select(p => new { Id = p.MergedIntoId ?? p.Id }).FirstOrDefaultAsync(ct);
        var person = hit is null ? null : await db.Persons.AsNoTracking().Where(p => p.Id == hit.Id)
            .Select(p => new { p.Id, p.CommunityCode, p.Status }).SingleAsync(ct);
        if (person is null) return Error.NotFound("moveRequest.notFound");
        if (person.CommunityCode == user.Org.Value) return Error.Conflict("moveRequest.alreadyHere");
        // Beyond the street nothing is said about where the case is (the registration said only "elsewhere").
        if (!MoveRequestRules.SameStreet(user.Org, person.CommunityCode))
        {
            await audit.RecordAsync(AuditLog.Actions.Create, "move_request", null, AuditOutcome.Refused, "case outside the street", ct: ct);
            return Error.Validation("moveRequest.otherStreet", "IdNumber");
        }
        if (person.Status != CaseStatus.Active) return Error.Conflict("moveRequest.notActive");

        var open = await OpenRequestAsync(person.Id, user.Org.Value, ct);
        if (open is not null) return await ItemAsync(user, open, ct);
        var row = new MoveRequest
        {
            PersonId = person.Id, FromCommunityCode = person.CommunityCode, ToCommunityCode = user.Org.Value, State = MoveRequestState.Pending,
            RequestedAt = clock.UtcNow(), RequestedBy = user.UserName,
        };
        db.MoveRequests.Add(row);
        try
        {
            await audit.SaveWithAsync(AuditLog.Actions.Create, "move_request", () => Id(row.Id),
                detail: $"person={person.Id} from={row.FromCommunityCode} to={row.ToCommunityCode}", userName: user.UserName, ct: ct);
        }
        catch (DbUpdateException)
        {
            // The same request was sent a moment ago (double click, second tab): the unique key kept one; show that one.
            db.ChangeTracker.Clear();
            open = await OpenRequestAsync(person.Id, user.Org.Value, ct);
            if (open is null) throw;
            return await ItemAsync(user, open, ct);
        }
        return await ItemAsync(user, row, ct);
    }

    public async Task<MoveRequestLists> ListAsync(CurrentUser user, CancellationToken ct)
    {
        if (!user.CanReadPersons) return new([], []);
        var incoming = await db.MoveRequests.AsNoTracking().WithinOrg(r => r.FromCommunityCode, user.Org)
            .OrderBy(r => r.State).ThenByDescending(r => r.RequestedAt).Take(200).ToListAsync(ct);
        var outgoing = await db.MoveRequests.AsNoTracking().WithinOrg(r => r.ToCommunityCode, user.Org)
            .OrderBy(r => r.State).ThenByDescending(r => r.RequestedAt).Take(200).ToListAsync(ct);
        var items = await ItemsAsync(user, [.. incoming, .. outgoing], ct);
        return new(items.Take(incoming.Count).ToList(), items.Skip(incoming.Count).ToList());
    }

    public async Task<Result<MoveRequestItem>> AcceptAsync(CurrentUser user, long id, CancellationToken ct)
    {
        var request = await DecidableAsync(user, id, "accept", ct);
        if (!request.IsSuccess) return request.Error;
        var row = request.Value;
        var version = await db.Persons.AsNoTracking().Where(p => p.Id == row.PersonId).Select(p => p.Version).SingleAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var moved = await movements.RecordAsync(user, row.PersonId,
            new MovementRequest(nameof(MovementKind.MoveWithinArea), clock.Today(), row.ToCommunityCode, Version: version), ct);
        if (!moved.IsSuccess)
        {
            // Nothing was moved; the movement's own refusal (if it audited one) is kept.
            await tx.CommitAsync(ct);
            return moved.Error;
        }
        row.State = MoveRequestState.Accepted;
        row.DecidedAt = clock.UtcNow();
        row.DecidedBy = user.UserName;
        row.MovementId = moved.Value.MovementId;
        audit.Add(AuditLog.Actions.Update, "move_request", Id(row.Id), detail: $"accepted movement={row.MovementId}", userName: user.UserName);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return await ItemAsync(user, row, ct);
    }

    public async Task<Result<MoveRequestItem>> DeclineAsync(CurrentUser user, long id, CancellationToken ct)
    {
        var request = await DecidableAsync(user, id, "decline", ct);
        if (!request.IsSuccess) return request.Error;
        var row = request.Value;
        row.State = MoveRequestState.Declined;
        row.DecidedAt = clock.UtcNow();
        row.DecidedBy = user.UserName;
        audit.Add(AuditLog.Actions.Update, "move_request", Id(row.Id), detail: "declined", userName: user.UserName);
        await db.SaveChangesAsync(ct);
        return await ItemAsync(user, row, ct);
    }

    /// <summary>An open request the user's unit holds the case of and may write; else not found (or forbidden to read-only roles).</summary>
    async Task<Result<MoveRequest>> DecidableAsync(CurrentUser user, long id, string what, CancellationToken ct)
    {
        var row = await db.MoveRequests.WithinOrg(r => r.FromCommunityCode, user.Org).SingleOrDefaultAsync(r => r.Id == id, ct);
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
        return row;
    }

    Task<MoveRequest?> OpenRequestAsync(long personId, string to, CancellationToken ct) =>
        db.MoveRequests.AsNoTracking().FirstOrDefaultAsync(r => r.PersonId == personId && r.ToCommunityCode == to && r.State == MoveRequestState.Pending, ct);

    async Task<MoveRequestItem> ItemAsync(CurrentUser user, MoveRequest row, CancellationToken ct) => (await ItemsAsync(user, [row], ct))[0];

    async Task<IReadOnlyList<MoveRequestItem>> ItemsAsync(CurrentUser user, IReadOnlyList<MoveRequest> rows, CancellationToken ct)
    {
        var personIds = rows.Select(r => r.PersonId).Distinct().ToList();
        var persons = await db.Persons.AsNoTracking().Where(p => personIds.Contains(p.Id))
            .Select(p => new { p.Id, p.Name, p.IdNumber, p.CommunityCode }).ToDictionaryAsync(p => p.Id, ct);
        var codes = rows.SelectMany(r => new[] { r.FromCommunityCode, r.ToCommunityCode }).Distinct().ToList();
        var names = await db.OrgUnits.AsNoTracking().Where(o => codes.Contains(o.Code)).ToDictionaryAsync(o => o.Code, o => o.Name, ct);
        return [.. rows.Select(r =>
        {
            var p = persons[r.PersonId];
            // Name and case only where the case is in the user's scope now (the holder; the asker once it was handed over).
            var mine = user.CanReadPersons && user.Org.Contains(p.CommunityCode);
            return new MoveRequestItem(r.Id, Masking.IdNumber(p.IdNumber), mine ? p.Name : null, mine ? p.Id : null,
                r.FromCommunityCode, names.GetValueOrDefault(r.FromCommunityCode), r.ToCommunityCode, names.GetValueOrDefault(r.ToCommunityCode),
                r.State, r.RequestedAt, r.RequestedBy, r.DecidedAt);
        })];
    }

    /// <summary>The stored form of a real ID number (as the registration's duplicate check reads it); null for a placeholder.</summary>
    static string? RealNumber(string? idNumber)
    {
        if (string.IsNullOrWhiteSpace(idNumber)) return null;
        var text = IdNumberValidator.Normalize(idNumber);
        if (text.Length == 15 && text.All(char.IsAsciiDigit)) text = IdNumberValidator.UpgradeFrom15(text);
        return Placeholders.Recognise(text) is null ? text : null;
    }

    static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);
}
