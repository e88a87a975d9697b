using EqualCare.Web.Features.Persons;
using EqualCare.Web.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace EqualCare.Web.Features.DataQuality;

public sealed class ListModel(DataQualityQueries queries) : PageModel
{
    [BindProperty(SupportsGet = true)] public QualityIssue Issue { get; set; }
    [BindProperty(SupportsGet = true)] public string? Community { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;

    public QualityListPage Result { get; private set; } = null!;
    public bool MayReveal { get; private set; }
    public int PageCount => Math.Max(1, (Result.Total + Result.PageSize - 1) / Result.PageSize);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var user = HttpContext.CurrentUser();
        var result = await queries.ListAsync(user, Issue, Community, PageNumber, ct);
        if (!result.IsSuccess) return NotFound();
        Result = result.Value;
        MayReveal = PersonReveal.MayReveal(user);
        return Page();
    }

    public string Query(int? page = null) =>
        $"?issue={Issue}&community={Uri.EscapeDataString(Community ?? "")}" + (page is { } p ? $"&p={p}" : "");
}
