using System.Globalization;
using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using EqualCare.Web.Domain.Statistics;
using EqualCare.Web.Web;
using Microsoft.EntityFrameworkCore;

namespace EqualCare.Web.Features.Activities;

/// <summary>A fixed publicity site as a form sends it: kind by name (NoticeBoard, DispensingPoint, VendingMachine).</summary>
public sealed record PublicitySiteRequest(string? Kind, string? Name, string? Address, string? Contents);

public sealed record PublicitySiteItem(long Id, string OrgCode, string OrgName, PublicitySiteKind Kind, string Name, string Address, string? Contents,
    DateTime CreatedAt, string CreatedBy);

/// <summary>
/// The registry of a community's fixed publicity sites (宣传栏, 药具发放点, 自助发放机: seed 001 三(一)2, seed 002 一(一)) with
/// where they are and what is there; activities held at one name it. A community registers its own; offices above read
/// the sites in their area.
/// </summary>
public sealed class PublicitySiteHandler(EqualCareDb db, AuditLog audit, TimeProvider clock)
{
    const int MaxText = 200;

    public async Task<IReadOnlyList<PublicitySiteItem>> ListAsync(CurrentUser user, CancellationToken ct)
    {
        if (user.Role == Roles.SystemAdmin) return [];
        var sites = await db.Set<PublicitySite>().AsNoTracking().WithinOrg(s => s.OrgCode, user.Org)
            .OrderBy(s => s.OrgCode).ThenBy(s => s.Kind).ThenBy(s => s.Id).Take(1000).ToListAsync(ct);
        var codes = sites.Select(s => s.OrgCode).Distinct().ToList();
        var names = await db.OrgUnits.AsNoTracking().Where(o => codes.Contains(o.Code)).ToDictionaryAsync(o => o.Code, o => o.Name, ct);
        return sites.Select(s => new PublicitySiteItem(s.Id, s.OrgCode, names.GetValueOrDefault(s.OrgCode, s.OrgCode), s.Kind, s.Name, s.Address,
            s.Contents, s.CreatedAt, s.CreatedBy)).ToList();
    }

    public async Task<Result<long>> AddAsync(CurrentUser user, PublicitySiteRequest request, CancellationToken ct)
    {
        if (user.Role != Roles.Community || user.Org.Level != 5) return Error.Forbidden("site.forbidden");
        var problems = new List<Error>();
        if (!EnumNames.TryParse<PublicitySiteKind>(request.Kind, out var kind)) problems.Add(Error.Validation("site.kind.bad", "Kind"));
        var name = request.Name?.Trim() ?? "";
        if (name.Length == 0) problems.Add(Error.Validation("site.name.required", "Name"));
        else if (name.Length > MaxText) problems.Add(Error.Validation("site.name.long", "Name"));
        var address = request.Address?.Trim() ?? "";
        if (address.Length == 0) problems.Add(Error.Validation("site.address.required", "Address"));
        else if (address.Length > MaxText) problems.Add(Error.Validation("site.address.long", "Address"));
        if (request.Contents?.Trim().Length > 1000) problems.Add(Error.Validation("site.contents.long", "Contents"));
        if (problems.Count > 0) return Error.Invalid(problems);
        var site = new PublicitySite
        {
            OrgCode = user.Org.Value, Kind = kind, Name = name, Address = address,
            Contents = string.IsNullOrWhiteSpace(request.Contents) ? null : request.Contents.Trim(), CreatedAt = clock.UtcNow(), CreatedBy = user.UserName,
        };
        db.Set<PublicitySite>().Add(site);
        await audit.SaveWithAsync(AuditLog.Actions.Create, "publicity-site", () => site.Id.ToString(CultureInfo.InvariantCulture),
            detail: $"kind={kind}", userName: user.UserName, ct: ct);
        return site.Id;
    }
}
