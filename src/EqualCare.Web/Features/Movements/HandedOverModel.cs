using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace EqualCare.Web.Features.Movements;

/// <summary>
/// Shown after a community worker moved a person to another community of its street: the case now belongs there and is
/// outside the worker's scope, so the history page would answer 404. Names the community only, never the person.
/// </summary>
public sealed class HandedOverModel(EqualCareDb db) : PageModel
{
    public string? CommunityName { get; private set; }

    public async Task OnGetAsync(string? to, CancellationToken ct)
    {
        if (OrgCode.TryParse(to, out var code) && code.Level == 5)
            CommunityName = await db.OrgUnits.AsNoTracking().Where(o => o.Code == code.Value).Select(o => o.Name).SingleOrDefaultAsync(ct);
    }
}
