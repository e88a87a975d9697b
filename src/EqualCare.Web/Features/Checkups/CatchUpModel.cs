using System.Globalization;
using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using EqualCare.Web.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace EqualCare.Web.Features.Checkups;

/// <summary>The 补检 list of this quarter for the user's community or a unit below; printed for the follow-up visits.</summary>
public sealed class CatchUpModel(CatchUpQuery query, AuditLog audit, EqualCareDb db) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Org { get; set; }

    public CatchUpList List { get; private set; } = null!;

    /// <summary>The names of the unit and of the communities listed, as workers say them (issue 13 point 7: names, not codes).</summary>
    public IReadOnlyDictionary<string, string> Names { get; private set; } = new Dictionary<string, string>();

    public string NameOf(string code) => Names.GetValueOrDefault(code, code);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var user = HttpContext.CurrentUser();
        if (!user.CanReadPersons) return NotFound();
        List = await query.ForAsync(user, OrgCode.TryParse(Org, out var org) ? org : null, ct);
        var codes = List.Items.Select(i => i.CommunityCode).Append(List.OrgCode).Distinct().ToList();
        Names = await db.OrgUnits.Where(u => codes.Contains(u.Code))
            .ToDictionaryAsync(u => u.Code, u => UnitNames.Spoken(u.Name), ct);
        await audit.RecordAsync(AuditLog.Actions.List, "checkup_catch_up", List.OrgCode,
            detail: "persons=" + string.Join(",", List.Items.Select(i => i.PersonId.ToString(CultureInfo.InvariantCulture))), ct: ct);
        return Page();
    }
}
