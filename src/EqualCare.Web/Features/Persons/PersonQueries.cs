using System.Globalization;
using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using EqualCare.Web.Features.Audit;
using EqualCare.Web.Web;
using Microsoft.EntityFrameworkCore;

namespace EqualCare.Web.Features.Persons;

public sealed record PersonSearch(string? Name = null, string? Community = null, int Page = 1, int PageSize = 20)
{
    public const int MaxPageSize = 200;
    public int SafePage => Math.Max(1, Page);
    public int SafePageSize => Math.Clamp(PageSize, 1, MaxPageSize);
}

/// <summary>A list row: the ID number is masked here; lists never carry the full number.</summary>
public sealed record PersonListItem(
    long Id, string Name, string IdNumberMasked, Sex Sex, DateOnly BirthDate, string CommunityCode, string? CommunityName,
    DateOnly ArrivalDate);

public sealed record PersonPage(int Total, int Page, int PageSize, IReadOnlyList<PersonListItem> Items);

public sealed record PersonDetail(
    long Id, string Name, string IdNumberMasked, Sex Sex, DateOnly BirthDate, string CommunityCode, string? CommunityName,
    string HukouCountyCode, string? HukouCountyName, DateOnly ArrivalDate, MaritalStatus MaritalStatus, long? SpouseId,
    long? MotherId, long? FatherId, string? Occupation, string PhoneMasked, int Version);

/// <summary>Scoped reads of persons, shared by the pages and the API.</summary>
public sealed class PersonQueries(EqualCareDb db, AuditLog audit)
{
    public async Task<PersonPage> ListAsync(CurrentUser user, PersonSearch search, CancellationToken ct)
    {
        var query = db.Persons.AsNoTracking().InScopeOf(user);
        if (!string.IsNullOrWhiteSpace(search.Name))
        {
            var name = search.Name.Trim();
            query = query.Where(p => p.Name.StartsWith(name));
        }
        if (OrgCode.TryParse(search.Community, out var community))
            query = query.WithinOrg(p => p.CommunityCode, community);
        var total = await query.CountAsync(ct);
        var rows = await query
            .OrderBy(p => p.Id)
            .Skip((search.SafePage - 1) * search.SafePageSize)
            .Take(search.SafePageSize)
            .Select(p => new
            {
                p.Id, p.Name, p.IdNumber, p.Sex, p.BirthDate, p.CommunityCode, p.ArrivalDate,
                CommunityName = db.OrgUnits.Where(o => o.Code == p.CommunityCode).Select(o => o.Name).FirstOrDefault(),
            })
            .ToListAsync(ct);
        var items = rows.Select(r => new PersonListItem(r.Id, r.Name, Masking.IdNumber(r.IdNumber), r.Sex, r.BirthDate,
            r.CommunityCode, r.CommunityName, r.ArrivalDate)).ToList();
        return new PersonPage(total, search.SafePage, search.SafePageSize, items);
    }

    /// <summary>One person's detail, audited whether it is shown or refused. Outside scope is "not found".</summary>
    public async Task<Result<PersonDetail>> GetAsync(CurrentUser user, long id, CancellationToken ct)
    {
        var entityId = id.ToString(CultureInfo.InvariantCulture);
        var p = await db.Persons.AsNoTracking().InScopeOf(user).SingleOrDefaultAsync(x => x.Id == id, ct);
        if (p is null)
        {
            await audit.RecordAsync(AuditLog.Actions.View, "person", entityId, AuditOutcome.Refused, "not found or outside scope", ct: ct);
            return Error.NotFound("person.notFound");
        }
        var names = await db.OrgUnits.AsNoTracking()
            .Where(o => o.Code == p.CommunityCode || o.Code == p.HukouCountyCode + "000000")
            .ToDictionaryAsync(o => o.Code, o => o.Name, ct);
        await audit.RecordAsync(AuditLog.Actions.View, "person", entityId, ct: ct);
        return new PersonDetail(p.Id, p.Name, Masking.IdNumber(p.IdNumber), p.Sex, p.BirthDate, p.CommunityCode,
            names.GetValueOrDefault(p.CommunityCode), p.HukouCountyCode, names.GetValueOrDefault(p.HukouCountyCode + "000000"),
            p.ArrivalDate, p.MaritalStatus, p.SpouseId, p.MotherId, p.FatherId, p.Occupation, Masking.Phone(p.Phone), p.Version);
    }
}
