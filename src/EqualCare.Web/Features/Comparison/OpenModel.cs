using EqualCare.Web.Domain.Comparison;
using EqualCare.Web.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace EqualCare.Web.Features.Comparison;

/// <summary>/Comparison/Open: the results still open, of every list, counted per community: each community's gaps to clear.</summary>
public sealed class OpenModel(ComparisonQueries queries) : PageModel
{
    public IReadOnlyList<CommunityCount> Counts { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var user = HttpContext.CurrentUser();
        if (!user.CanReadPersons) return NotFound();
        Counts = (await queries.CountsAsync(user, null, ct)).Where(c => c.Open > 0).ToList();
        return Page();
    }

    public int Open(string community, FindingKind kind) => Counts.FirstOrDefault(c => c.Community == community && c.Kind == kind)?.Open ?? 0;
}
