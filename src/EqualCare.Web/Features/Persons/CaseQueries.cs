using System.Globalization;
using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using EqualCare.Web.Domain.Cases;
using EqualCare.Web.Features.IdNumbers;
using EqualCare.Web.Web;
using Microsoft.EntityFrameworkCore;

namespace EqualCare.Web.Features.Persons;

public sealed record LinkedPerson(long Id, string Name, Sex Sex, DateOnly BirthDate, bool AccompanyingChild);

/// <summary>The whole case as the case page shows it: masked identifiers, names of places and linked persons.</summary>
public sealed record CaseView(
    Person Person, string IdNumberMasked, string PhoneMasked, string? CommunityName, string? HukouCountyName,
    LinkedPerson? Spouse, LinkedPerson? Mother, LinkedPerson? Father, IReadOnlyList<LinkedPerson> Children,
    int Age, bool ChildbearingAge, DateOnly? AgedOutOn)
{
    public bool CanEdit { get; init; }
}

/// <summary>Reads one case in the user's scope; every view (and every refusal) is audited.</summary>
public sealed class CaseQueries(EqualCareDb db, AuditLog audit, AreaCodeDirectory areas, TimeProvider clock)
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
}
