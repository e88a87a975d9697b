using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using EqualCare.Web.Web;
using Microsoft.EntityFrameworkCore;

namespace EqualCare.Web.Features.Persons;

/// <summary>A linked family member as the case form shows her: name and masked ID number (lists never carry the full number).</summary>
public sealed record FamilyLinkLabel(long Id, string Name, string IdNumberMasked);

/// <summary>One family link field of the case form: spouse, mother or father.</summary>
public sealed record FamilyLinkField(string Key, string LabelKey, long? Id, string? IdNumber, FamilyLinkLabel? Linked);

/// <summary>
/// The family links of the case form: a worker enters a spouse, mother or father by ID number or picks her from a search,
/// and sees the linked person by name and masked number, never by the internal case number.
/// </summary>
public static class FamilyLinks
{
    public static async Task<IReadOnlyList<FamilyLinkField>> FieldsAsync(EqualCareDb db, CurrentUser user, CaseForm f, CancellationToken ct)
    {
        var ids = new[] { f.SpouseId, f.MotherId, f.FatherId }.OfType<long>().Distinct().ToList();
        var labels = ids.Count == 0
            ? []
            : await db.Persons.AsNoTracking().WithinOrg(p => p.CommunityCode, user.Org).Where(p => ids.Contains(p.Id))
                .Select(p => new { p.Id, p.Name, p.IdNumber }).ToListAsync(ct);
        FamilyLinkLabel? Label(long? id) => labels.Where(l => l.Id == id)
            .Select(l => new FamilyLinkLabel(l.Id, l.Name, Masking.IdNumber(l.IdNumber))).FirstOrDefault();
        return
        [
            new("Spouse", "family.spouse", f.SpouseId, f.SpouseIdNumber, Label(f.SpouseId)),
            new("Mother", "family.mother", f.MotherId, f.MotherIdNumber, Label(f.MotherId)),
            new("Father", "family.father", f.FatherId, f.FatherIdNumber, Label(f.FatherId)),
        ];
    }
}
