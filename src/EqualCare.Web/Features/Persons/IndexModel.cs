using EqualCare.Web.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace EqualCare.Web.Features.Persons;

public sealed class IndexModel(PersonQueries queries) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Name { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Community { get; set; }

    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public PersonPage Result { get; private set; } = new(0, 1, 20, []);

    public int PageCount => Math.Max(1, (Result.Total + Result.PageSize - 1) / Result.PageSize);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var user = HttpContext.CurrentUser();
        if (!user.CanReadPersons) return NotFound();
        Result = await queries.ListAsync(user, new PersonSearch(Name, Community, PageNumber), ct);
        return Page();
    }
}
