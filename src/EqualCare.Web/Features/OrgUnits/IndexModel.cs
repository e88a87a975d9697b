using EqualCare.Web.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace EqualCare.Web.Features.OrgUnits;

/// <summary>The org-unit browser: one unit with its breadcrumb and children, or the hits of a search.</summary>
public sealed class IndexModel(OrgUnitQueries queries, UnitContacts contacts, IStringLocalizer localizer) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Code { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    public OrgUnitNode? Node { get; private set; }
    public OrgUnitSearchResult? Search { get; private set; }
    public CurrentUser Viewer { get; private set; } = null!;

    /// <summary>The unit's contact details when the user may keep them (her own unit or one below it).</summary>
    public UnitContact? Contact { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Viewer = HttpContext.CurrentUser();
        if (!string.IsNullOrWhiteSpace(Q))
        {
            var found = await queries.SearchAsync(Viewer, Q, ct);
            if (found.IsSuccess) Search = found.Value;
            else found.Error.AddTo(ModelState, localizer);
            return Page();
        }
        var node = await queries.GetAsync(Viewer, Code, ct);
        if (!node.IsSuccess) return NotFound();
        Node = node.Value;
        var contact = await contacts.GetAsync(Viewer, Node.Unit.Code, ct);
        Contact = contact.IsSuccess ? contact.Value : null;
        return Page();
    }

    public bool MayBrowse(string code12) => OrgUnitQueries.MayBrowse(Viewer, code12);

    /// <summary>The shortest code that names the unit (410103007 for 大学路街道): what people type and what links use.</summary>
    public static string ShortCode(string code12) => Domain.OrgCode.Parse(code12).Prefix;
}
