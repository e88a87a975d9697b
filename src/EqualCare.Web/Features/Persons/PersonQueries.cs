using System.Globalization;
using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using EqualCare.Web.Domain.Cases;
using EqualCare.Web.Domain.IdNumbers;
using EqualCare.Web.Features.IdNumbers;
using EqualCare.Web.Web;
using Microsoft.EntityFrameworkCore;

namespace EqualCare.Web.Features.Persons;

/// <summary>A list row: ID number and phone are masked here; lists never carry the full values.</summary>
public sealed record PersonListItem(
    long Id, string Name, string IdNumberMasked, Sex Sex, DateOnly BirthDate, string CommunityCode, string? CommunityName,
    DateOnly ArrivalDate, string PhoneMasked, CaseStatus Status, FlowDirection FlowDirection);

/// <summary>A row as read, full values included: only masked output or an audited unmasked export may use it.</summary>
public sealed record PersonRow(
    long Id, string Name, string IdNumber, string? Phone, Sex Sex, DateOnly BirthDate, string CommunityCode, string? CommunityName,
    DateOnly ArrivalDate, FlowDirection FlowDirection, CaseStatus Status);

public sealed record PersonPage(int Total, int Page, int PageSize, IReadOnlyList<PersonListItem> Items);

public sealed record LinkedPerson(long Id, string Name, Sex Sex, DateOnly BirthDate, bool AccompanyingChild);

/// <summary>The whole case as the case page shows it: masked identifiers, names of places and linked persons.</summary>
public sealed record CaseView(
    Person Person, string IdNumberMasked, string PhoneMasked, string? CommunityName, string? HukouCountyName,
    LinkedPerson? Spouse, LinkedPerson? Mother, LinkedPerson? Father, IReadOnlyList<LinkedPerson> Children,
    int Age, bool ChildbearingAge, DateOnly? AgedOutOn)
{
    public bool CanEdit { get; init; }
}

/// <summary>
/// Scoped reads of persons, shared by the pages and the API: the list, and one case as its page shows it (every view of a
/// case, and every refusal, is audited).
/// </summary>
public sealed class PersonQueries(EqualCareDb db, AuditLog audit, AreaCodeDirectory areas, TimeProvider clock)
{
    public async Task<CaseView?> GetAsync(CurrentUser user, long id, CancellationToken ct)
    {
        var entityId = id.ToString(CultureInfo.InvariantCulture);
        var inScope = db.Persons.AsNoTracking().InScopeOf(user);
        var p = await inScope.SingleOrDefaultAsync(x => x.Id == id, ct);
        if (p is null)
        {
            await audit.RecordAsync(AuditLog.Actions.View, "person", entityId, AuditOutcome.Refused, "not found or outside scope", ct: ct);
            return null;
        }
        var linkedIds = new[] { p.SpouseId, p.MotherId, p.FatherId }.Where(x => x is not null).Select(x => x!.Value).ToList();
        var linked = await inScope.Where(x => linkedIds.Contains(x.Id) || x.MotherId == id || x.FatherId == id)
            .Select(x => new { x.Id, x.Name, x.Sex, x.BirthDate, x.AccompanyingChild, x.MotherId, x.FatherId })
            .Take(50).ToListAsync(ct);
        LinkedPerson? One(long? lid) => linked.Where(x => x.Id == lid).Select(x => new LinkedPerson(x.Id, x.Name, x.Sex, x.BirthDate, x.AccompanyingChild)).FirstOrDefault();
        var children = linked.Where(x => x.MotherId == id || x.FatherId == id).OrderBy(x => x.BirthDate)
            .Select(x => new LinkedPerson(x.Id, x.Name, x.Sex, x.BirthDate, x.AccompanyingChild)).ToList();
        var community = await db.OrgUnits.AsNoTracking().Where(o => o.Code == p.CommunityCode).Select(o => o.Name).FirstOrDefaultAsync(ct);
        await audit.RecordAsync(AuditLog.Actions.View, "person", entityId, ct: ct);
        var today = clock.Today();
        return new CaseView(p, Masking.IdNumber(p.IdNumber), Masking.Phone(p.Phone), community, areas.Name(p.HukouCountyCode),
            One(p.SpouseId), One(p.MotherId), One(p.FatherId), children, CaseRules.AgeOn(p.BirthDate, today),
            CaseRules.IsChildbearingAge(p.BirthDate, today), FamilyPlanningAge.AgedOutOn(p.Sex, p.BirthDate, today))
        {
            CanEdit = user.CanWritePersons && p.MergedIntoId is null,
        };
    }

    /// <summary>
    /// One page of the list in one round trip: the total is an uncorrelated scalar subquery of the same statement (both
    /// databases evaluate it once); only a page past the end needs a second, counting query.
    /// </summary>
    public async Task<PersonPage> ListAsync(CurrentUser user, PersonSearch search, CancellationToken ct)
    {
        var query = Filtered(user, search);
        // Newest first: the case just registered or imported is the one a worker looks for.
        var rows = await query
            .OrderByDescending(p => p.Id)
            .Skip((search.SafePage - 1) * search.SafePageSize)
            .Take(search.SafePageSize)
            .Select(p => new
            {
                p.Id, p.Name, p.IdNumber, p.Sex, p.BirthDate, p.CommunityCode, p.ArrivalDate, p.Phone, p.Status, p.FlowDirection,
                CommunityName = db.OrgUnits.Where(o => o.Code == p.CommunityCode).Select(o => o.Name).FirstOrDefault(),
                Total = query.Count(),
            })
            .ToListAsync(ct);
        var total = rows.Count > 0 ? rows[0].Total : search.SafePage == 1 ? 0 : await query.CountAsync(ct);
        var items = rows.Select(r => new PersonListItem(r.Id, r.Name, Masking.IdNumber(r.IdNumber), r.Sex, r.BirthDate,
            r.CommunityCode, r.CommunityName, r.ArrivalDate, Masking.Phone(r.Phone), r.Status, r.FlowDirection)).ToList();
        // Searching by an ID number, whole or in part, tells who holds it: a view of each person found (issue 13 point 6).
        // The detail names the kind of search, never the digits typed.
        var byId = search.NormalizedIdNumber is not null ? "idNumber" : search.Text.IsByIdNumber ? search.Text.Kind.ToString() : null;
        if (byId is not null)
        {
            foreach (var item in items)
                audit.Add(AuditLog.Actions.View, "person", item.Id.ToString(CultureInfo.InvariantCulture), detail: "search=" + byId);
        }
        // The list itself is a view of personal data (issue 14 point 18): one row per request, with the unit listed and the
        // filters, saved with the views above.
        var unit = OrgCode.TryParse(search.Community, out var listed) ? listed.Value : user.Org.Value;
        audit.AddList(user, "persons", unit, search.Describe(typed: true), items.Count);
        await db.SaveChangesAsync(ct);
        return new PersonPage(total, search.SafePage, search.SafePageSize, items);
    }

    /// <summary>Every row a search selects, in id order, for streaming (the export); no paging.</summary>
    public IQueryable<PersonRow> Rows(CurrentUser user, PersonSearch search) =>
        Filtered(user, search).OrderBy(p => p.Id).Select(p => new PersonRow(p.Id, p.Name, p.IdNumber, p.Phone, p.Sex, p.BirthDate,
            p.CommunityCode, db.OrgUnits.Where(o => o.Code == p.CommunityCode).Select(o => o.Name).FirstOrDefault(), p.ArrivalDate,
            p.FlowDirection, p.Status));

    /// <summary>
    /// The persons a search selects inside the user's scope, merged duplicates left out. Every filter is index-friendly:
    /// ID number by equality (with the unique partial index's own condition, so PostgreSQL can use it), name by equality
    /// or prefix (LIKE 'x%', text_pattern_ops), phone by equality, age band as a birth_date range.
    /// </summary>
    public IQueryable<Person> Filtered(CurrentUser user, PersonSearch search)
    {
        var query = db.Persons.AsNoTracking().InScopeOf(user).Where(p => p.MergedIntoId == null);
        if (search.NormalizedIdNumber is { } id) query = WithIdNumber(query, id);
        query = WithText(query, search.Text);
        if (!string.IsNullOrWhiteSpace(search.Name))
        {
            var name = search.Name.Trim();
            query = search.NameExact ? query.Where(p => p.Name == name) : query.Where(p => p.Name.StartsWith(name));
        }
        if (search.NormalizedPhone is { } phone) query = query.Where(p => p.Phone == phone);
        if (OrgCode.TryParse(search.Community, out var community))
            query = query.WithinOrg(p => p.CommunityCode, community);
        if (search.Status is { } status) query = query.Where(p => p.Status == status);
        if (search.Sex is { } sex) query = query.Where(p => p.Sex == sex);
        if (search.Flow is { } flow) query = query.Where(p => p.FlowDirection == flow);
        if (search.AgeBand is { } band)
        {
            var (bornAfter, bornOnOrBefore) = AgeBands.BirthDates(band, clock.Today());
            if (bornAfter is { } after) query = query.Where(p => p.BirthDate > after);
            if (bornOnOrBefore is { } before) query = query.Where(p => p.BirthDate <= before);
        }
        if (search.ArrivedFrom is { } from) query = query.Where(p => p.ArrivalDate >= from);
        if (search.ArrivedTo is { } to) query = query.Where(p => p.ArrivalDate <= to);
        return query;
    }

    static IQueryable<Person> WithIdNumber(IQueryable<Person> query, string id) =>
        Placeholders.Recognise(id) is null
            ? query.Where(p => p.IdNumber == id && p.IdState != IdState.Placeholder)
            : query.Where(p => p.IdNumber == id && p.IdState == IdState.Placeholder);

    /// <summary>
    /// The search box (issue 13 point 6), each kind through an index on PostgreSQL (Migrations/Postgres/0013_person_search):
    /// a name fragment of 1–2 characters by the GIN index of the name's characters and pairs, of 3 or more by the trigram
    /// index (LIKE); the suffixes by expression indexes, which the query spells exactly as the index does (right(x, 4) on
    /// PostgreSQL, substr(x, -4) on SQLite). Placeholder numbers are not anybody's ID number, so suffixes skip them.
    /// </summary>
    IQueryable<Person> WithText(IQueryable<Person> query, SearchText text)
    {
        var postgres = db.Database.IsNpgsql();
        var v = text.Value;
        switch (text.Kind)
        {
            case SearchKind.NameFragment when !postgres:
                return query.Where(p => p.Name.Contains(v));
            case SearchKind.NameFragment when v.EnumerateRunes().Count() <= 2:
                return query.Where(p => PersonSearchFunctions.NameHas(p.Name, v));
            case SearchKind.NameFragment:
                var pattern = "%" + v.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal)
                    .Replace("_", "\\_", StringComparison.Ordinal) + "%";
                return query.Where(p => EF.Functions.Like(p.Name, pattern, "\\"));
            case SearchKind.IdNumber:
                return WithIdNumber(query, v);
            case SearchKind.IdLast4 or SearchKind.IdMasked:
                query = postgres
                    ? query.Where(p => PersonSearchFunctions.Right(p.IdNumber, 4) == v && p.IdState != IdState.Placeholder)
                    : query.Where(p => PersonSearchFunctions.Substr(p.IdNumber, -4) == v && p.IdState != IdState.Placeholder);
                var idPrefix = text.Prefix;
                return idPrefix is null ? query : query.Where(p => p.IdNumber.StartsWith(idPrefix));
            case SearchKind.Last4:
                return postgres
                    ? query.Where(p => (PersonSearchFunctions.Right(p.IdNumber, 4) == v && p.IdState != IdState.Placeholder)
                        || PersonSearchFunctions.Right(p.Phone, 4) == v)
                    : query.Where(p => (PersonSearchFunctions.Substr(p.IdNumber, -4) == v && p.IdState != IdState.Placeholder)
                        || PersonSearchFunctions.Substr(p.Phone, -4) == v);
            case SearchKind.IdLast6:
                return postgres
                    ? query.Where(p => PersonSearchFunctions.Right(p.IdNumber, 6) == v && p.IdState != IdState.Placeholder)
                    : query.Where(p => PersonSearchFunctions.Substr(p.IdNumber, -6) == v && p.IdState != IdState.Placeholder);
            case SearchKind.Phone:
                return query.Where(p => p.Phone == v);
            case SearchKind.PhoneMasked:
                var phonePrefix = text.Prefix!;
                return (postgres
                    ? query.Where(p => PersonSearchFunctions.Right(p.Phone, 4) == v)
                    : query.Where(p => PersonSearchFunctions.Substr(p.Phone, -4) == v)).Where(p => p.Phone!.StartsWith(phonePrefix));
            case SearchKind.Unrecognised:
                return query.Where(p => false);
            default:
                return query;
        }
    }
}
