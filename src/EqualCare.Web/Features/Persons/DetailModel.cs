using EqualCare.Web.Features.Services;
using EqualCare.Web.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace EqualCare.Web.Features.Persons;

public sealed class DetailModel(PersonQueries cases, TimelineQuery timelines) : PageModel
{
    public CaseView? Case { get; private set; }
    public Timeline? Timeline { get; private set; }

    [BindProperty(SupportsGet = true)]
    public bool Saved { get; set; }

    [BindProperty(SupportsGet = true)]
    public bool Existing { get; set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        Case = await cases.GetAsync(HttpContext.CurrentUser(), id, ct);
        if (Case is null) return NotFound();
        Timeline = await timelines.ForAsync(HttpContext.CurrentUser(), id, ct);
        return Page();
    }
}
