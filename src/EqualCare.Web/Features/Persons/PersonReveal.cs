using System.Globalization;
using EqualCare.Web.Domain;
using EqualCare.Web.Data;
using EqualCare.Web.Web;
using Microsoft.EntityFrameworkCore;

namespace EqualCare.Web.Features.Persons;

/// <summary>The full ID number and phone of one person, as shown after an audited reveal.</summary>
public sealed record RevealedIdentity(long Id, string Name, string IdNumber, string? Phone);

/// <summary>
/// Full reveal of the masked ID number and phone (docs/rules.md §8.5: full values only with a permission, every reveal
/// audited). The permission is the write permission: the community and street workers who keep the case and must phone
/// or verify the person. District/city offices read aggregates and masked lists; the system administrator sees no
/// person at all. Anyone else, and any person outside the caller's scope, gets "not found".
/// </summary>
public sealed class PersonReveal(EqualCareDb db, AuditLog audit)
{
    public static bool MayReveal(CurrentUser user) => user.CanWritePersons;

    public async Task<Result<RevealedIdentity>> RevealAsync(CurrentUser user, long id, CancellationToken ct)
    {
        var entityId = id.ToString(CultureInfo.InvariantCulture);
        var person = MayReveal(user)
            ? await db.Persons.AsNoTracking().InScopeOf(user).Where(p => p.Id == id)
                .Select(p => new RevealedIdentity(p.Id, p.Name, p.IdNumber, p.Phone)).SingleOrDefaultAsync(ct)
            : null;
        if (person is null)
        {
            await audit.RecordAsync(AuditLog.Actions.Reveal, "person", entityId, AuditOutcome.Refused,
                MayReveal(user) ? "not found or outside scope" : "role may not reveal", ct: ct);
            return Error.NotFound("person.notFound");
        }
        // The detail names what was shown, never the values themselves.
        await audit.RecordAsync(AuditLog.Actions.Reveal, "person", entityId, detail: "idNumber,phone", ct: ct);
        return person;
    }
}
