using EqualCare.Web.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace EqualCare.Web.Features.Exchange;

/// <summary>
/// The 回执 the registration place received for its people (康检 / 避孕节育情况报告单 of each quarter), newest first, or one
/// person's by ID number: what the outflow case shows as reported by the residence place.
/// </summary>
public sealed class ReportsModel(ExchangeQueries queries) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? IdNumber { get; set; }

    public IReadOnlyList<ReceivedReportItem> Items { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var user = HttpContext.CurrentUser();
        if (!user.CanReadPersons) return NotFound();
        Items = await queries.ReceivedReportsAsync(user, IdNumber, ct);
        return Page();
    }
}
