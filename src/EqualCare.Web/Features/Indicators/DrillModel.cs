using EqualCare.Web.Domain;
using EqualCare.Web.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace EqualCare.Web.Features.Indicators;

/// <summary>The persons behind one figure, masked, paged; each page viewed is audited.</summary>
public sealed class DrillModel(IndicatorDrill drill) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Unit { get; set; }
    [BindProperty(SupportsGet = true)] public string? Period { get; set; }
    /// <summary>"numerator" for the numerator alone; otherwise the denominator, each person marked.</summary>
    [BindProperty(SupportsGet = true)] public string? List { get; set; }
    [BindProperty(SupportsGet = true, Name = "page")] public int PageNumber { get; set; } = 1;

    public DrillPage Result { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string code, CancellationToken ct)
    {
        var result = await drill.ListAsync(HttpContext.CurrentUser(), code, Unit, Period, List == "numerator", PageNumber, ct);
        if (!result.IsSuccess) return result.Error.Kind == ErrorKind.NotFound ? NotFound() : BadRequest();
        Result = result.Value;
        return Page();
    }

    public string PageLink(int page) =>
        $"/Indicators/{Result.Indicator.Code}/Drill?unit={Result.UnitCode}&period={Result.Period.Key}"
        + (Result.NumeratorOnly ? "&list=numerator" : "") + $"&page={page}";
}
