using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using EqualCare.Web.Web;
using Microsoft.EntityFrameworkCore;

namespace EqualCare.Web.Features.OrgUnits;

/// <summary>A unit's contact details as printed on its notices: address, phone, office hours (each may be empty).</summary>
public sealed record UnitContact(string Code, string Name, string? Address, string? Phone, string? OfficeHours);

/// <summary>
/// Reads and edits a unit's contact details. An office keeps its own details and those of the units below it (a community
/// worker her community, a street or district office theirs and below); a unit outside the user's scope is "not found".
/// The system administrator keeps the org units (docs: 系统管理员 manages org units, users, settings) and may edit any unit's
/// contact details: they are the office's, not a person's, so separation of duties does not forbid it.
/// Every change is audited in the same transaction, naming the fields changed, never their old values' owners.
/// </summary>
public sealed class UnitContacts(EqualCareDb db, AuditLog audit)
{
    public const int MaxAddress = 200;
    public const int MaxPhone = 40;
    public const int MaxOfficeHours = 100;

    public static bool MayEdit(CurrentUser user, string code12) =>
        user.IsSystemAdmin || (Roles.IsKnown(user.Role) && user.Org.Contains(code12));

    public async Task<Result<UnitContact>> GetAsync(CurrentUser user, string? code, CancellationToken ct)
    {
        if (!OrgCode.TryParse(code, out var org) || !MayEdit(user, org.Value)) return Error.NotFound("orgUnit.notFound");
        var unit = await db.OrgUnits.AsNoTracking().Where(o => o.Code == org.Value)
            .Select(o => new UnitContact(o.Code, o.Name, o.Address, o.Phone, o.OfficeHours)).SingleOrDefaultAsync(ct);
        return unit is null ? Error.NotFound("orgUnit.notFound") : unit;
    }

    public async Task<Result<UnitContact>> UpdateAsync(CurrentUser user, string? code, string? address, string? phone, string? officeHours,
        CancellationToken ct)
    {
        if (!OrgCode.TryParse(code, out var org) || !MayEdit(user, org.Value))
        {
            await audit.RecordAsync(AuditLog.Actions.Update, "org_unit", code?.Trim(), AuditOutcome.Refused, "contact: outside scope", ct: ct);
            return Error.NotFound("orgUnit.notFound");
        }
        address = Clean(address);
        phone = Clean(phone);
        officeHours = Clean(officeHours);
        var problems = new List<Error>();
        if (address?.Length > MaxAddress) problems.Add(Error.Validation("orgUnit.contact.addressLong", "Address"));
        if (phone is not null && (phone.Length > MaxPhone || !phone.All(c => char.IsAsciiDigit(c) || c is '-' or ' ' or '(' or ')' or '+' or '、' or ',')
                || !phone.Any(char.IsAsciiDigit)))
            problems.Add(Error.Validation("orgUnit.contact.phoneBad", "Phone"));
        if (officeHours?.Length > MaxOfficeHours) problems.Add(Error.Validation("orgUnit.contact.hoursLong", "OfficeHours"));
        if (problems.Count > 0) return Error.Invalid(problems);

        var unit = await db.OrgUnits.SingleOrDefaultAsync(o => o.Code == org.Value, ct);
        if (unit is null) return Error.NotFound("orgUnit.notFound");
        var changed = new List<string>();
        if (unit.Address != address) changed.Add("address");
        if (unit.Phone != phone) changed.Add("phone");
        if (unit.OfficeHours != officeHours) changed.Add("officeHours");
        if (changed.Count > 0)
        {
            unit.Address = address;
            unit.Phone = phone;
            unit.OfficeHours = officeHours;
            audit.Add(AuditLog.Actions.Update, "org_unit", unit.Code, detail: "contact: " + string.Join(",", changed));
            await db.SaveChangesAsync(ct);
        }
        return new UnitContact(unit.Code, unit.Name, unit.Address, unit.Phone, unit.OfficeHours);
    }

    static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
