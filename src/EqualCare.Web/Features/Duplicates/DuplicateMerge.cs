using System.Globalization;
using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using EqualCare.Web.Domain.Cases;
using EqualCare.Web.Web;
using Microsoft.EntityFrameworkCore;

namespace EqualCare.Web.Features.Duplicates;

/// <param name="Version">The version the user saw; a case changed since then is not merged.</param>
public sealed record MergedCase(long Id, int Version);

public sealed record MergeRequest(long SurvivorId, int SurvivorVersion, IReadOnlyList<MergedCase> Merged, string? Note);

public sealed record MergeResult(long SurvivorId, IReadOnlyList<long> MergedIds);

/// <summary>
/// Merges duplicates into the case that survives. Nothing is deleted or moved: each merged case gets merged_into_id (so
/// lists hide it) and keeps its own movements and certificates; both cases get a MergedDuplicate movement naming the
/// other, so both histories tell what happened. One SaveChanges: the merge, its movements and its audit rows commit
/// together or not at all.
/// </summary>
public sealed class DuplicateMerge(EqualCareDb db, AuditLog audit, TimeProvider clock)
{
    public const string AuditAction = "merge";
    public const int MaxNoteLength = 500;

    public async Task<Result<MergeResult>> MergeAsync(CurrentUser user, MergeRequest request, CancellationToken ct)
    {
        if (!user.CanWritePersons) return Error.NotFound("person.notFound");
        var mergedIds = request.Merged.Select(m => m.Id).ToList();
        if (mergedIds.Count == 0 || mergedIds.Contains(request.SurvivorId) || mergedIds.Distinct().Count() != mergedIds.Count)
            return Error.Validation("duplicates.merge.choose");
        var note = string.IsNullOrWhiteSpace(request.Note) ? null : request.Note.Trim();
        if (note is { Length: > MaxNoteLength }) return Error.Validation("duplicates.merge.noteTooLong", "note");

        var ids = mergedIds.Append(request.SurvivorId).ToList();
        var persons = await db.Persons.InScopeOf(user).Where(p => ids.Contains(p.Id)).ToListAsync(ct);
        if (persons.Count != ids.Count) return Error.NotFound("person.notFound");
        var survivor = persons.Single(p => p.Id == request.SurvivorId);
        var merged = persons.Where(p => p.Id != request.SurvivorId).ToList();
        if (persons.Any(p => p.MergedIntoId is not null)) return Error.Conflict("duplicates.merge.alreadyMerged");
        if (survivor.Version != request.SurvivorVersion
            || merged.Any(m => m.Version != request.Merged.Single(r => r.Id == m.Id).Version))
            return Error.Conflict("duplicates.merge.stale");
        if (!merged.All(m => AreDuplicates(survivor, m))) return Error.Validation("duplicates.merge.notDuplicates");

        var now = clock.UtcNow();
        var today = clock.Today();
        var survivorId = survivor.Id.ToString(CultureInfo.InvariantCulture);
        foreach (var m in merged)
        {
            var mergedId = m.Id.ToString(CultureInfo.InvariantCulture);
            m.MergedIntoId = survivor.Id;
            m.UpdatedAt = now;
            m.Version++;
            db.Movements.Add(MergeMovement(m, today, now, user, $"合并重复个案：本个案并入 {survivorId}", note));
            db.Movements.Add(MergeMovement(survivor, today, now, user, $"合并重复个案：个案 {mergedId} 并入本个案", note));
            audit.Add(AuditAction, "person", mergedId, detail: "merged into " + survivorId);
        }
        survivor.UpdatedAt = now;
        survivor.Version++;
        audit.Add(AuditAction, "person", survivorId, detail: "survivor of " + string.Join(',', mergedIds));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Error.Conflict("duplicates.merge.stale");
        }
        return new MergeResult(survivor.Id, mergedIds);
    }

    /// <summary>Only cases the duplicate list would group together may be merged: a merge cannot join two different people by a slip.</summary>
    public static bool AreDuplicates(Person a, Person b) =>
        (a.Name == b.Name && a.BirthDate == b.BirthDate && a.HukouCountyCode == b.HukouCountyCode)
        || (a.IdNumber == b.IdNumber && a.IdState == IdState.Placeholder && b.IdState == IdState.Placeholder);

    static Movement MergeMovement(Person person, DateOnly today, DateTime now, CurrentUser user, string text, string? note) => new()
    {
        PersonId = person.Id,
        Kind = MovementKind.MergedDuplicate,
        OccurredOn = today,
        RecordedAt = now,
        RecordedBy = user.UserName,
        FromCommunityCode = person.CommunityCode,
        ToCommunityCode = person.CommunityCode,
        Note = note is null ? text : text + "。" + note,
    };
}
