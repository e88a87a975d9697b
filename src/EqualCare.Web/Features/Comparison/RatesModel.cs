using EqualCare.Web.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace EqualCare.Web.Features.Comparison;

/// <summary>/Comparison/Rates: 漏管率 and 漏档率 of the user's unit and each unit below it over the lists dated in a period, and
/// month by month; every count opens its results.</summary>
public sealed class RatesModel(ComparisonRates rates, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Unit { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? From { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? To { get; set; }

    public GapRates Rates { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var user = HttpContext.CurrentUser();
        if (!user.CanReadPersons) return NotFound();
        var today = clock.Today();
        From ??= new DateOnly(today.Year, 1, 1);
        To ??= today;
        if (From > To) (From, To) = (To, From);
        var result = await rates.RatesAsync(user, Unit, From.Value, To.Value, ct);
        if (result.IsFailure) return NotFound();
        Rates = result.Value;
        return Page();
    }

    /// <summary>The results behind a count: one kind, the unit, the lists of the period (all, or the open ones).</summary>
    public string Drill(string unit, string kind, bool open = false) =>
        $"/Comparison/Results?kind={kind}&community={unit}&from={ComparisonQueries.Iso(Rates.From)}&to={ComparisonQueries.Iso(Rates.To)}"
        + (open ? "&open=true" : "");

    public static string Percent(double? rate) => RateText.Percent(rate);
}
