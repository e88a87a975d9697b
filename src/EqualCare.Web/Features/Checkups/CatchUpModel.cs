using System.Globalization;
using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using EqualCare.Web.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace EqualCare.Web.Features.Checkups;

/// <summary>The 补检 list of this quarter for the user's community or a unit below; printed for the follow-up visits.</summary>
public sealed class CatchUpModel(CatchUpQuery query, AuditLog audit) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Org { get; set; }

    public CatchUpList List { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var user = HttpContext.CurrentUser();
        if (!user.CanReadPersons) return NotFound();
        List = await query.ForAsync(user, OrgCode.TryParse(Org, out var org) ? org : null, ct);
        await audit.RecordAsync(AuditLog.Actions.List, "checkup_catch_up", List.OrgCode,
            detail: "persons=" + string.Join(",", List.Items.Select(i => i.PersonId.ToString(CultureInfo.InvariantCulture))), ct: ct);
        return Page();
    }
}
