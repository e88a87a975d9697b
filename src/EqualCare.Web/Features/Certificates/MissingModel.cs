using EqualCare.Web.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace EqualCare.Web.Features.Certificates;

/// <summary>Women who should have presented a 婚育证明 by now (条例 Art. 8) and have no valid one on file.</summary>
public sealed class MissingModel(MissingCertificates query) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Community { get; set; }

    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public MissingPage Result { get; private set; } = new(0, 1, 20, 30, []);

    public int PageCount => Math.Max(1, (Result.Total + Result.PageSize - 1) / Result.PageSize);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var user = HttpContext.CurrentUser();
        if (!user.CanReadPersons) return NotFound();
        Result = await query.ListAsync(user, new MissingSearch(Community, PageNumber), ct);
        return Page();
    }
}
