using EqualCare.Web.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace EqualCare.Web.Features.DataQuality;

public sealed class IndexModel(DataQualityQueries queries) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Unit { get; set; }

    public DataQualityReport Report { get; private set; } = null!;

    public static readonly QualityIssue[] Issues = Enum.GetValues<QualityIssue>();

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var result = await queries.ReportAsync(HttpContext.CurrentUser(), Unit, ct);
        if (!result.IsSuccess) return NotFound();
        Report = result.Value;
        return Page();
    }
}
