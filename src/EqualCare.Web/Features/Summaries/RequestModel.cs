using EqualCare.Web.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace EqualCare.Web.Features.Summaries;

/// <summary>One request: each unit's state (on time, late, not submitted, returned), who submitted, how many files.</summary>
public sealed class RequestModel(SummaryHandler handler) : PageModel
{
    public SummaryRequestView View { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        var result = await handler.GetAsync(HttpContext.CurrentUser(), id, ct);
        if (!result.IsSuccess) return NotFound();
        View = result.Value;
        return Page();
    }
}
