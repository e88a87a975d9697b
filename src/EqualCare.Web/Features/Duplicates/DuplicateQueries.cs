using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using EqualCare.Web.Domain.Cases;
using EqualCare.Web.Web;
using Microsoft.EntityFrameworkCore;

namespace EqualCare.Web.Features.Duplicates;

public enum DuplicateKind
{
    /// <summary>Same name, birth date and 户籍地 county.</summary>
    NameBirthHukou = 1,
    /// <summary>
    /// Same placeholder number (000000+date+0000 of a child, or a temporary number). Real numbers cannot repeat (unique
    /// index), and the all-zero number says nothing, so it is left out.
    /// </summary>
    SamePlaceholderId = 2,
}

/// <summary>A member as read, full values included; lists show <see cref="ToMember"/> (masked).</summary>
public sealed record DuplicateRow(
    long Id, string Name, string IdNumber, string? Phone, Sex Sex, DateOnly BirthDate, string HukouCountyCode, string CommunityCode,
    IdState IdState, DateOnly ArrivalDate, CaseStatus Status, int Version)
{
    public string GroupKey(DuplicateKind kind) => kind == DuplicateKind.SamePlaceholderId
        ? IdNumber
        : string.Join('|', Name, BirthDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), HukouCountyCode);

    public DuplicateMember ToMember() => new(Id, Name, Masking.IdNumber(IdNumber), Sex, BirthDate, HukouCountyCode, CommunityCode,
        IdState, ArrivalDate, Status, Version);
}

public sealed record DuplicateMember(
    long Id, string Name, string IdNumberMasked, Sex Sex, DateOnly BirthDate, string HukouCountyCode, string CommunityCode,
    IdState IdState, DateOnly ArrivalDate, CaseStatus Status, int Version);

public sealed record DuplicateGroup(IReadOnlyList<DuplicateMember> Members);

public sealed record DuplicateGroupPage(DuplicateKind Kind, int TotalGroups, int Page, int PageSize, IReadOnlyList<DuplicateGroup> Groups);

/// <summary>
/// Suspected duplicates in the caller's scope (人口查重): the groups are found by one GROUP BY … HAVING COUNT(*) > 1 over
/// the duplicate-key index, and the members of one page of groups by one join to it.
/// </summary>
public sealed class DuplicateQueries(EqualCareDb db, AuditLog audit)
{
    public const int GroupsPerPage = 20;
    const string AllZeros = "000000000000000000";

    public async Task<DuplicateGroupPage> ListAsync(CurrentUser user, DuplicateKind kind, int page, CancellationToken ct)
    {
        var safePage = Math.Max(1, page);
        var total = kind == DuplicateKind.SamePlaceholderId
            ? await PlaceholderKeys(user).CountAsync(ct)
            : await NameKeys(user).CountAsync(ct);
        var rows = await Rows(user, kind, (safePage - 1) * GroupsPerPage, GroupsPerPage).ToListAsync(ct);
        var groups = rows.GroupBy(r => r.GroupKey(kind), StringComparer.Ordinal)
            .Select(g => new DuplicateGroup(g.OrderBy(r => r.Id).Select(r => r.ToMember()).ToList()))
            .ToList();
        // The groups are a list of persons (issue 14 point 18): one audit row per page asked for, rows = persons shown.
        await audit.RecordListAsync(user, "duplicates", user.Org.Value, $"duplicateKind={kind};page={safePage}", rows.Count, ct);
        return new DuplicateGroupPage(kind, total, safePage, GroupsPerPage, groups);
    }

    /// <summary>Members of the groups (all of them, or one page of groups), ordered by group key then id; the export streams this.</summary>
    public IQueryable<DuplicateRow> Rows(CurrentUser user, DuplicateKind kind, int? skipGroups = null, int? takeGroups = null)
    {
        var scoped = Scoped(user);
        if (kind == DuplicateKind.SamePlaceholderId)
        {
            var keys = PlaceholderKeys(user).OrderBy(k => k);
            var paged = skipGroups is { } s && takeGroups is { } t ? keys.Skip(s).Take(t) : keys;
            return from p in scoped.Where(p => p.IdState == IdState.Placeholder)
                join k in paged on p.IdNumber equals k
                orderby p.IdNumber, p.Id
                select Row(p);
        }
        var nameKeys = NameKeys(user).OrderBy(k => k.Name).ThenBy(k => k.BirthDate).ThenBy(k => k.HukouCountyCode);
        var pagedNames = skipGroups is { } s2 && takeGroups is { } t2 ? nameKeys.Skip(s2).Take(t2) : nameKeys;
        return from p in scoped
            join k in pagedNames on new { p.Name, p.BirthDate, p.HukouCountyCode } equals new { k.Name, k.BirthDate, k.HukouCountyCode }
            orderby p.Name, p.BirthDate, p.HukouCountyCode, p.Id
            select Row(p);
    }

    static DuplicateRow Row(Person p) => new(p.Id, p.Name, p.IdNumber, p.Phone, p.Sex, p.BirthDate, p.HukouCountyCode,
        p.CommunityCode, p.IdState, p.ArrivalDate, p.Status, p.Version);

    IQueryable<Person> Scoped(CurrentUser user) => db.Persons.AsNoTracking().InScopeOf(user).Where(p => p.MergedIntoId == null);

    IQueryable<NameKey> NameKeys(CurrentUser user) => Scoped(user)
        .GroupBy(p => new { p.Name, p.BirthDate, p.HukouCountyCode })
        .Where(g => g.Count() > 1)
        .Select(g => new NameKey { Name = g.Key.Name, BirthDate = g.Key.BirthDate, HukouCountyCode = g.Key.HukouCountyCode });

    IQueryable<string> PlaceholderKeys(CurrentUser user) => Scoped(user)
        .Where(p => p.IdState == IdState.Placeholder && p.IdNumber != AllZeros)
        .GroupBy(p => p.IdNumber)
        .Where(g => g.Count() > 1)
        .Select(g => g.Key);

    sealed class NameKey
    {
        public string Name { get; init; } = "";
        public DateOnly BirthDate { get; init; }
        public string HukouCountyCode { get; init; } = "";
    }
}
