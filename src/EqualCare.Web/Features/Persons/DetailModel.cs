using EqualCare.Web.Features.Registry;
using EqualCare.Web.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace EqualCare.Web.Features.Persons;

public sealed class DetailModel(CaseQueries cases) : PageModel
{
    public CaseView? Case { get; private set; }

    [BindProperty(SupportsGet = true)]
    public bool Saved { get; set; }

    [BindProperty(SupportsGet = true)]
    public bool Existing { get; set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        Case = await cases.GetAsync(HttpContext.CurrentUser(), id, ct);
        return Case is null ? NotFound() : Page();
    }
}
