using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using EqualCare.Web.Web;
using Microsoft.EntityFrameworkCore;

namespace EqualCare.Web.Features.OrgUnits;

/// <summary>
/// Adds an org unit the statistical division data lacks: a community that existed when an office's documents were written
/// but was merged or renamed before the 2023 data (大学路街道's 学苑, 绿城 and 交通新苑 社区, seed 004). The code must sit
/// under an existing parent at the next level; who added it is in the audit log.
/// </summary>
public sealed class OrgUnitAdder(EqualCareDb db, AuditLog audit)
{
    public async Task<Result<OrgUnit>> AddAsync(string? code, string? name, string? parentCode, string? addedBy, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(addedBy)) return Error.Validation("orgunits.add.by", "by");
        if (!OrgCode.TryParse(code, out var org) || org.Level == 1) return Error.Validation("orgunits.add.code", "code");
        if (!OrgCode.TryParse(parentCode, out var parent) || org.Parent != parent) return Error.Validation("orgunits.add.parent", "parent");
        var trimmed = name?.Trim();
        if (string.IsNullOrEmpty(trimmed) || trimmed.Length > 100) return Error.Validation("orgunits.add.name", "name");
        if (!await db.OrgUnits.AnyAsync(o => o.Code == parent.Value, ct)) return Error.Validation("orgunits.add.parent", "parent");
        if (await db.OrgUnits.AnyAsync(o => o.Code == org.Value, ct)) return Error.Conflict("orgunits.add.exists");
        var unit = new OrgUnit { Code = org.Value, Name = trimmed, Level = org.Level, ParentCode = parent.Value };
        db.OrgUnits.Add(unit);
        audit.Add(AuditLog.Actions.Create, "org-unit", unit.Code, detail: $"added by hand under {parent.Value}: {trimmed}", userName: addedBy.Trim());
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (UniqueKey.IsViolation(e))
        {
            // Added a moment ago by another command: the primary key on the code kept that one.
            db.ChangeTracker.Clear();
            return Error.Conflict("orgunits.add.exists");
        }
        return unit;
    }
}
