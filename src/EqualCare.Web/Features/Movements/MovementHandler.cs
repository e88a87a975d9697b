using System.Globalization;
using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using EqualCare.Web.Domain.Cases;
using EqualCare.Web.Web;
using Microsoft.EntityFrameworkCore;

namespace EqualCare.Web.Features.Movements;

/// <summary>A movement as the form or the API sends it; <see cref="Version"/> is the case version the user saw.</summary>
public sealed record MovementRequest(
    string? Kind, DateOnly? OccurredOn, string? ToCommunityCode = null, string? Destination = null, string? Note = null,
    int? Version = null);

/// <param name="PersonId">The case the event was recorded on: this one, or a duplicate merged into it (both histories are kept).</param>
public sealed record MovementItem(
    long Id, long PersonId, string Kind, DateOnly OccurredOn, DateTime RecordedAt, string RecordedBy, string? FromCommunityCode,
    string? FromCommunityName, string? ToCommunityCode, string? ToCommunityName, string? Destination, string? Note);

/// <summary>A case's movement history, oldest event first, with what the pages need around it.</summary>
public sealed record MovementHistory(
    long PersonId, string Name, string IdNumberMasked, Sex Sex, DateOnly BirthDate, string CommunityCode, string? CommunityName,
    string Status, int Version, DateOnly? AgedOutOn, IReadOnlyList<MovementItem> Items);

public sealed record MovementRecorded(long PersonId, long MovementId, string Kind, string Status, string CommunityCode, int Version);

/// <summary>
/// Records movements (docs/rules.md §2.3 退档管理): the event, the case's new status or community, the version increment and
/// the audit row are saved together in one SaveChanges, i.e. one transaction; a stale version changes nothing.
/// </summary>
public sealed class MovementHandler(EqualCareDb db, AuditLog audit, TimeProvider clock)
{
    public async Task<Result<MovementHistory>> HistoryAsync(CurrentUser user, long personId, CancellationToken ct)
    {
        var entityId = Id(personId);
        var p = await db.Persons.AsNoTracking().InScopeOf(user).SingleOrDefaultAsync(x => x.Id == personId, ct);
        if (p is null)
        {
            await audit.RecordAsync(AuditLog.Actions.View, "person", entityId, AuditOutcome.Refused, "movements: not found or outside scope", ct: ct);
            return Error.NotFound("person.notFound");
        }
        var rows = await db.Movements.AsNoTracking()
            .Where(m => m.PersonId == personId || db.Persons.Any(x => x.Id == m.PersonId && x.MergedIntoId == personId))
            .OrderBy(m => m.OccurredOn).ThenBy(m => m.RecordedAt).ThenBy(m => m.Id).ToListAsync(ct);
        var codes = rows.SelectMany(m => new[] { m.FromCommunityCode, m.ToCommunityCode }).Append(p.CommunityCode)
            .OfType<string>().Distinct().ToList();
        var names = await db.OrgUnits.AsNoTracking().Where(o => codes.Contains(o.Code)).ToDictionaryAsync(o => o.Code, o => o.Name, ct);
        await audit.RecordAsync(AuditLog.Actions.View, "person", entityId, detail: "movements", ct: ct);
        var items = rows.Select(m => new MovementItem(m.Id, m.PersonId, m.Kind.ToString(), m.OccurredOn, m.RecordedAt, m.RecordedBy,
            m.FromCommunityCode, Name(names, m.FromCommunityCode), m.ToCommunityCode, Name(names, m.ToCommunityCode),
            m.Destination, m.Note)).ToList();
        return new MovementHistory(p.Id, p.Name, Masking.IdNumber(p.IdNumber), p.Sex, p.BirthDate, p.CommunityCode,
            Name(names, p.CommunityCode), p.Status.ToString(), p.Version, FamilyPlanningAge.AgedOutOn(p.Sex, p.BirthDate, clock.Today()),
            items);
    }

    public Task<Result<MovementRecorded>> RecordAsync(CurrentUser user, long personId, MovementRequest request, CancellationToken ct) =>
        RecordAsync(user, personId, request, handOver: false, ct);

    /// <summary>
    /// The move an accepted 迁入申请 records (<see cref="MoveRequests"/>): the asking community may lie anywhere in the
    /// installation, beyond the decider's own scope, because that community asked for the case.
    /// </summary>
    internal Task<Result<MovementRecorded>> RecordHandOverAsync(CurrentUser user, long personId, MovementRequest request, CancellationToken ct) =>
        RecordAsync(user, personId, request, handOver: true, ct);

    async Task<Result<MovementRecorded>> RecordAsync(CurrentUser user, long personId, MovementRequest request, bool handOver, CancellationToken ct)
    {
        var entityId = Id(personId);
        var person = await db.Persons.InScopeOf(user).SingleOrDefaultAsync(x => x.Id == personId, ct);
        if (person is null) return await RefuseAsync(entityId, "not found or outside scope", Error.NotFound("person.notFound"), ct);
        if (!user.CanWritePersons) return await RefuseAsync(entityId, "read-only role", Error.Forbidden("movement.forbidden"), ct);
        if (!Enum.TryParse<MovementKind>(request.Kind, ignoreCase: true, out var kind) || !Enum.IsDefined(kind)
            || int.TryParse(request.Kind, out _))
            return Error.Validation("movement.kind.bad", nameof(MovementRequest.Kind));
        if (request.Version is not { } version) return Error.Validation("movement.version.required", nameof(MovementRequest.Version));
        if (version != person.Version)
            return await RefuseAsync(entityId, "stale version", Error.Conflict("movement.staleVersion"), ct);

        var latest = await db.Movements.Where(m => m.PersonId == personId)
            .OrderByDescending(m => m.OccurredOn).Select(m => (DateOnly?)m.OccurredOn).FirstOrDefaultAsync(ct);
        var (movement, problems) = MovementRules.Check(
            new MovementInput(kind, request.OccurredOn, request.ToCommunityCode, request.Destination, request.Note),
            person.Status, person.CommunityCode, person.BirthDate, latest, clock.Today());
        if (movement is null) return Error.Invalid(problems);

        if (movement.ToCommunityCode is { } to)
        {
            // A code of the right shape is not enough: the community must exist in the division data we serve.
            if (!await db.OrgUnits.AnyAsync(o => o.Code == to && o.Level == 5, ct))
                return Error.Validation("movement.toCommunity.notCommunity", nameof(MovementRequest.ToCommunityCode));
            if (!handOver && !MovementRules.MayMoveTo(user.Org, OrgCode.Parse(to)))
                return await RefuseAsync(entityId, $"move to {to} outside scope",
                    Error.Validation("movement.toCommunity.outsideScope", nameof(MovementRequest.ToCommunityCode)), ct);
        }

        var now = clock.UtcNow();
        var row = new Movement
        {
            PersonId = person.Id,
            Kind = movement.Kind,
            OccurredOn = movement.OccurredOn,
            RecordedAt = now,
            RecordedBy = user.UserName,
            FromCommunityCode = movement.ToCommunityCode is null ? null : person.CommunityCode,
            ToCommunityCode = movement.ToCommunityCode,
            Destination = movement.Destination,
            Note = movement.Note,
        };
        db.Movements.Add(row);
        person.Status = movement.NextStatus;
        if (movement.ToCommunityCode is { } target) person.CommunityCode = target;
        person.Version = version + 1;
        person.UpdatedAt = now;
        // Codes and kinds only: no names, ID numbers or free text in the audit detail.
        audit.Add(AuditLog.Actions.Update, "person", entityId,
            detail: $"movement={movement.Kind} status={movement.NextStatus}"
                    + (row.ToCommunityCode is null ? "" : $" from={row.FromCommunityCode} to={row.ToCommunityCode}"),
            userName: user.UserName);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Someone saved the case between our read and our write: nothing of ours was written.
            db.ChangeTracker.Clear();
            return await RefuseAsync(entityId, "stale version", Error.Conflict("movement.staleVersion"), ct);
        }
        return new MovementRecorded(person.Id, row.Id, row.Kind.ToString(), person.Status.ToString(), person.CommunityCode, person.Version);
    }

    /// <summary>
    /// The 流入 event of a newly registered case. The registration calls this after the person row has its id, inside its
    /// own transaction on the same scoped <see cref="EqualCareDb"/>, so the case and its first event commit together.
    /// It only appends (the case's version is not touched: the registration made version 0).
    /// </summary>
    public async Task<Movement> RecordArrivalAsync(Person person, string recordedBy, CancellationToken ct)
    {
        if (person.Id <= 0) throw new InvalidOperationException("Save the person before recording its arrival.");
        var arrival = MovementRules.ArrivalOf(person, recordedBy, clock.UtcNow());
        db.Movements.Add(arrival);
        await db.SaveChangesAsync(ct);
        return arrival;
    }

    /// <summary>Communities the user may move a person to (see <see cref="MovementRules.MayMoveTo"/>), for the form's list.</summary>
    public async Task<IReadOnlyList<OrgUnit>> TargetCommunitiesAsync(CurrentUser user, CancellationToken ct)
    {
        var area = user.Org.Level == 5 && user.Org.Parent is { } street ? street : user.Org;
        if (area.Level < 4) return []; // a district holds hundreds of communities: it types the code instead
        return await db.OrgUnits.AsNoTracking().WithinOrg(o => o.Code, area).Where(o => o.Level == 5)
            .OrderBy(o => o.Code).ToListAsync(ct);
    }

    async Task<Error> RefuseAsync(string entityId, string detail, Error error, CancellationToken ct)
    {
        await audit.RecordAsync(AuditLog.Actions.Update, "person", entityId, AuditOutcome.Refused, "movement: " + detail, ct: ct);
        return error;
    }

    static string? Name(Dictionary<string, string> names, string? code) => code is null ? null : names.GetValueOrDefault(code);

    static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);
}
