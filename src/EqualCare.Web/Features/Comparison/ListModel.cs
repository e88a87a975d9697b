using EqualCare.Web.Domain.Comparison;
using EqualCare.Web.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace EqualCare.Web.Features.Comparison;

/// <summary>/Comparison/List/{id}: one agency list's four result lists, counted by community, each count a drill-down.</summary>
public sealed class ListModel(ComparisonQueries queries) : PageModel
{
    public AgencyListInfo? List { get; private set; }
    public IReadOnlyList<CommunityCount> Counts { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        var user = HttpContext.CurrentUser();
        if (!user.CanReadPersons) return NotFound();
        List = await queries.ListAsync(user, id, ct);
        if (List is null) return NotFound();
        Counts = await queries.CountsAsync(user, id, ct);
        return Page();
    }

    public int Total(FindingKind kind, bool open) => Counts.Where(c => c.Kind == kind).Sum(c => open ? c.Open : c.Total);
}
