using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using EqualCare.Web.Domain.Cases;
using EqualCare.Web.Domain.IdNumbers;
using EqualCare.Web.Web;
using Microsoft.EntityFrameworkCore;

namespace EqualCare.Web.Features.Persons;

/// <summary>
/// A case with the same name, birth date and 户籍地 county. Outside the caller's scope never the name or the number; the
/// community only when it lies in the caller's own street (so she can ask it, as the move request does), otherwise
/// nothing but that the case is registered elsewhere in the installation (issue 14, point 8).
/// </summary>
public sealed record DuplicateCandidate(long? Id, string? Name, string? IdNumberMasked, DateOnly BirthDate, string? CommunityCode, bool InScope);

/// <param name="ExistingPersonId">The case that already has this ID number: open it instead of making a second one.
/// A merged case answers with the case it was merged into.</param>
/// <param name="ExistingCommunityCode">The community holding that case: for the handler only (it names the community to a
/// worker of the same street and nothing to anyone else).</param>
public sealed record DuplicateFinding(long? ExistingPersonId, bool ExistingInScope, IReadOnlyList<DuplicateCandidate> Similar,
    string? ExistingCommunityCode = null)
{
    public bool OpensExisting => ExistingPersonId is not null;
    public bool HasWarning => Similar.Count > 0;
}

/// <summary>The entry check of 人口查重 (docs/rules.md §2.3, 卡片管理): run before a case is registered or its identity edited.</summary>
public sealed class DuplicateCheck(EqualCareDb db)
{
    public const int MaxCandidates = 20;

    /// <param name="exceptPersonId">The case being edited, which must not find itself.</param>
    public async Task<DuplicateFinding> CheckAsync(CurrentUser user, string? idNumber, string name, DateOnly birthDate,
        string hukouCountyCode, long? exceptPersonId, CancellationToken ct)
    {
        long? existing = null;
        var existingInScope = false;
        string? existingCommunity = null;
        var normalized = NormalizedRealNumber(idNumber);
        if (normalized is not null)
        {
            // Across all offices: a real number is unique in the whole registry (the unique partial index), whoever holds it.
            var hit = await db.Persons.AsNoTracking()
                .Where(p => p.IdNumber == normalized && p.IdState != IdState.Placeholder && p.Id != exceptPersonId)
                .Select(p => new { Id = p.MergedIntoId ?? p.Id })
                .FirstOrDefaultAsync(ct);
            if (hit is not null)
            {
                existing = hit.Id;
                existingInScope = await db.Persons.AsNoTracking().InScopeOf(user).AnyAsync(p => p.Id == hit.Id, ct);
                existingCommunity = await db.Persons.AsNoTracking().Where(p => p.Id == hit.Id).Select(p => p.CommunityCode).FirstOrDefaultAsync(ct);
            }
        }

        var trimmed = name.Trim();
        var similar = await db.Persons.AsNoTracking()
            .Where(p => p.Name == trimmed && p.BirthDate == birthDate && p.HukouCountyCode == hukouCountyCode
                && p.MergedIntoId == null && p.Id != exceptPersonId && p.Id != existing)
            .OrderBy(p => p.Id)
            .Take(MaxCandidates)
            .Select(p => new { p.Id, p.Name, p.IdNumber, p.BirthDate, p.CommunityCode })
            .ToListAsync(ct);
        var candidates = similar.Select(p => user.CanReadPersons && user.Org.Contains(p.CommunityCode)
                ? new DuplicateCandidate(p.Id, p.Name, Masking.IdNumber(p.IdNumber), p.BirthDate, p.CommunityCode, true)
                : new DuplicateCandidate(null, null, null, p.BirthDate,
                    MoveRequestRules.SameStreet(user.Org, p.CommunityCode) ? p.CommunityCode : null, false))
            .ToList();
        return new DuplicateFinding(existing, existingInScope, candidates, existingCommunity);
    }

    /// <summary>The number as stored, or null for nothing or a placeholder (placeholders repeat by nature and prove nothing).</summary>
    public static string? NormalizedRealNumber(string? idNumber) => IdNumberValidator.RealStoredForm(idNumber);
}
