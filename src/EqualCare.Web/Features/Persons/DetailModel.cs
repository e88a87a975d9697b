using EqualCare.Web.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace EqualCare.Web.Features.Persons;

public sealed class DetailModel(PersonQueries queries) : PageModel
{
    public PersonDetail? Person { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        var result = await queries.GetAsync(HttpContext.CurrentUser(), id, ct);
        if (!result.IsSuccess) return NotFound();
        Person = result.Value;
        return Page();
    }
}
