using System.Globalization;
using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using EqualCare.Web.Domain.Cases;
using EqualCare.Web.Web;
using Microsoft.EntityFrameworkCore;

namespace EqualCare.Web.Features.Worklist;

/// <summary>Gives persons of one community to one of its workers: the persons named, or every person of a building.</summary>
public sealed record AssignRequest(string? Community, long WorkerId, IReadOnlyList<long>? PersonIds = null, string? Building = null);

/// <summary>What an assignment did: persons newly given to the worker, of whom how many were taken from another worker.</summary>
public sealed record AssignResult(string Community, long WorkerId, int Assigned, int Reassigned, int Unchanged);

public sealed record WorkerChoice(long Id, string UserName, string DisplayName, int Assigned);

public sealed record BuildingChoice(string Building, int Persons, int Unassigned);

public sealed record AssignablePerson(long PersonId, string Name, string IdNumberMasked, Sex Sex, int Age, string? Building,
    long? WorkerId, string? WorkerName);

public sealed record CommunityChoice(string Code, string Name);

/// <summary>A street's view of one community for assignment: its workers, its buildings, and a page of its persons;
/// <see cref="AssignmentBoard.Total"/> and <see cref="AssignmentBoard.Unassigned"/> count the persons the filters select.</summary>
public sealed record AssignmentBoard(
    string Community, string CommunityName, IReadOnlyList<CommunityChoice> Communities, IReadOnlyList<WorkerChoice> Workers,
    IReadOnlyList<BuildingChoice> Buildings, IReadOnlyList<AssignablePerson> Persons, int Total, int Unassigned, int Page, int PageCount);

/// <summary>
/// Per-worker assignment (分片包干, issue 13 point 5). The street office (街道计生办) organises its communities' work, so a
/// street user assigns, within her street only; a community worker, a district office and the system administrator do not
/// (the administrator sees no persons at all: separation of duties). A community outside the caller's scope is 404, as
/// every record outside scope is; a role that may not assign is 403. A person has one current worker: a reassignment ends
/// the current row and appends the next, each person's change audited in the same transaction.
/// </summary>
public sealed class AssignmentHandler(EqualCareDb db, AuditLog audit, TimeProvider clock)
{
    public const int PageSize = 100;

    static bool MayAssign(CurrentUser user) => user.Role == Roles.Street;

    /// <summary>The communities of the caller's street, by name; empty for a user who may not assign.</summary>
    public async Task<IReadOnlyList<CommunityChoice>> CommunitiesAsync(CurrentUser user, CancellationToken ct)
    {
        if (!MayAssign(user) || !user.CanReadPersons) return [];
        var units = await db.OrgUnits.AsNoTracking().Where(o => o.ParentCode == user.Org.Value && o.Level == 5)
            .OrderBy(o => o.Code).Select(o => new { o.Code, o.Name }).ToListAsync(ct);
        return units.Select(u => new CommunityChoice(u.Code, UnitNames.Spoken(u.Name))).ToList();
    }

    async Task<Error?> CheckAsync(CurrentUser user, string? community, CancellationToken ct)
    {
        if (!user.CanReadPersons || !OrgCode.TryParse(community, out var code) || code.Level != 5 || !user.Org.Contains(code.Value))
            return Error.NotFound("assign.community.notFound");
        if (!MayAssign(user)) return Error.Forbidden("assign.forbidden");
        if (!await db.OrgUnits.AnyAsync(o => o.Code == code.Value, ct)) return Error.NotFound("assign.community.notFound");
        return null;
    }

    IQueryable<Person> PersonsOf(CurrentUser user, string community) => db.Persons.AsNoTracking().InScopeOf(user)
        .Where(p => p.CommunityCode == community && p.Status == CaseStatus.Active && p.FlowDirection == FlowDirection.Inflow && p.MergedIntoId == null);

    IQueryable<User> WorkersOf(string community) =>
        db.Users.AsNoTracking().Where(u => u.OrgCode == community && u.Role == Roles.Community && !u.IsDisabled);

    public async Task<Result<AssignmentBoard>> BoardAsync(CurrentUser user, string? community, string? building, bool unassignedOnly, int page,
        CancellationToken ct)
    {
        if (await CheckAsync(user, community, ct) is { } error) return error;
        var code = community!;
        var today = clock.Today();
        var name = await db.OrgUnits.AsNoTracking().Where(o => o.Code == code).Select(o => o.Name).SingleAsync(ct);
        var workers = await WorkersOf(code).OrderBy(u => u.UserName).Select(u => new { u.Id, u.UserName, u.DisplayName }).ToListAsync(ct);
        var current = await db.WorkerAssignments.AsNoTracking().Where(a => a.CommunityCode == code && a.EndedAt == null)
            .Select(a => new { a.PersonId, a.WorkerId }).ToDictionaryAsync(a => a.PersonId, a => a.WorkerId, ct);
        var userNames = await db.Users.AsNoTracking().Where(u => current.Values.Distinct().Contains(u.Id))
            .ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        var persons = (await PersonsOf(user, code).OrderBy(p => p.ResidenceAddress).ThenBy(p => p.Id)
                .Select(p => new { p.Id, p.Name, p.IdNumber, p.Sex, p.BirthDate, p.ResidenceAddress }).ToListAsync(ct))
            .Select(p =>
            {
                long? worker = current.TryGetValue(p.Id, out var w) ? w : null;
                return new AssignablePerson(p.Id, p.Name, Masking.IdNumber(p.IdNumber), p.Sex, CaseRules.AgeOn(p.BirthDate, today),
                    Building.Of(p.ResidenceAddress), worker, worker is { } id && userNames.TryGetValue(id, out var n) ? n : null);
            }).ToList();
        var buildings = persons.Where(p => p.Building is not null).GroupBy(p => p.Building!, StringComparer.Ordinal)
            .Select(g => new BuildingChoice(g.Key, g.Count(), g.Count(p => p.WorkerId is null))).OrderBy(b => b.Building, StringComparer.Ordinal).ToList();
        var shown = persons.Where(p => string.IsNullOrEmpty(building) || p.Building == building)
            .Where(p => !unassignedOnly || p.WorkerId is null).ToList();
        var pages = Math.Max(1, (shown.Count + PageSize - 1) / PageSize);
        var number = Math.Clamp(page, 1, pages);
        var counts = persons.Where(p => p.WorkerId is not null).GroupBy(p => p.WorkerId!.Value).ToDictionary(g => g.Key, g => g.Count());
        return new AssignmentBoard(code, UnitNames.Spoken(name), await CommunitiesAsync(user, ct),
            workers.Select(w => new WorkerChoice(w.Id, w.UserName, w.DisplayName, counts.GetValueOrDefault(w.Id))).ToList(),
            buildings, shown.Skip((number - 1) * PageSize).Take(PageSize).ToList(), shown.Count, shown.Count(p => p.WorkerId is null),
            number, pages);
    }

    public async Task<Result<AssignResult>> AssignAsync(CurrentUser user, AssignRequest request, CancellationToken ct)
    {
        if (await CheckAsync(user, request.Community, ct) is { } error) return error;
        var community = request.Community!;
        var ids = (request.PersonIds ?? []).Distinct().ToList();
        var building = string.IsNullOrWhiteSpace(request.Building) ? null : request.Building.Trim();
        if (ids.Count == 0 && building is null) return Error.Validation("assign.persons.required", "PersonIds");
        if (!await WorkersOf(community).AnyAsync(u => u.Id == request.WorkerId, ct))
            return Error.Validation("assign.worker.notInCommunity", "WorkerId");

        List<long> persons;
        if (building is not null)
        {
            // The prefix is an index-free LIKE over one community's rows; the exact building is then checked by the rule.
            var candidates = await PersonsOf(user, community).Where(p => p.ResidenceAddress != null && p.ResidenceAddress.StartsWith(building))
                .Select(p => new { p.Id, p.ResidenceAddress }).ToListAsync(ct);
            persons = candidates.Where(p => Building.Of(p.ResidenceAddress) == building).Select(p => p.Id).ToList();
            if (persons.Count == 0) return Error.Validation("assign.building.empty", "Building");
        }
        else
        {
            persons = await PersonsOf(user, community).Where(p => ids.Contains(p.Id)).Select(p => p.Id).ToListAsync(ct);
            // A person not of this community (or not in scope) refuses the whole request: no partial writes.
            if (persons.Count != ids.Count) return Error.NotFound("assign.person.notFound");
        }

        var now = clock.UtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var current = await db.WorkerAssignments.Where(a => persons.Contains(a.PersonId) && a.EndedAt == null).ToListAsync(ct);
        var unchanged = current.Where(a => a.WorkerId == request.WorkerId).Select(a => a.PersonId).ToHashSet();
        var ended = current.Where(a => a.WorkerId != request.WorkerId).ToDictionary(a => a.PersonId);
        foreach (var a in ended.Values)
        {
            a.EndedAt = now;
            a.EndedBy = user.UserName;
        }
        // The ends are written first: the partial unique index allows the person's next current row only once this one ended.
        await db.SaveChangesAsync(ct);
        var worker = request.WorkerId.ToString(CultureInfo.InvariantCulture);
        foreach (var id in persons.Where(p => !unchanged.Contains(p)))
        {
            db.WorkerAssignments.Add(new WorkerAssignment
            {
                PersonId = id, CommunityCode = community, WorkerId = request.WorkerId, Building = building, AssignedAt = now, AssignedBy = user.UserName,
            });
            var from = ended.TryGetValue(id, out var old) ? " from=" + old.WorkerId.ToString(CultureInfo.InvariantCulture) : "";
            audit.Add(AuditLog.Actions.Update, "person", id.ToString(CultureInfo.InvariantCulture),
                detail: $"assign worker={worker}{from}" + (building is null ? "" : " building=" + building), userName: user.UserName);
        }
        try
        {
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another assignment of one of these persons committed first (the unique current row): nothing of this one is kept.
            db.ChangeTracker.Clear();
            return Error.Conflict("assign.conflict");
        }
        return new AssignResult(community, request.WorkerId, persons.Count - unchanged.Count, ended.Count, unchanged.Count);
    }
}
