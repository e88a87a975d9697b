using EqualCare.Web.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace EqualCare.Web.Features.Exchange;

/// <summary>协查反馈率 and 协查及时率 of the user's unit and each unit below it, for a period; every figure opens its messages.</summary>
public sealed class RatesModel(ExchangeIndicators indicators, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Unit { get; set; }
    [BindProperty(SupportsGet = true)] public RateSide Side { get; set; } = RateSide.Answering;
    [BindProperty(SupportsGet = true)] public DateOnly? From { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? To { get; set; }

    public RateTable? Table { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var user = HttpContext.CurrentUser();
        if (!user.CanReadPersons) return NotFound();
        // Default period: the current calendar year to today.
        var today = clock.Today();
        From ??= new DateOnly(today.Year, 1, 1);
        To ??= new DateOnly(today.Year, 12, 31);
        var table = await indicators.TableAsync(user, Unit, Side, From.Value, To.Value, ct);
        if (!table.IsSuccess) return NotFound();
        Table = table.Value;
        return Page();
    }

    /// <summary>The messages behind a figure: the unit's inbox (answering side) or outbox (asking side), 协查 due in the period.</summary>
    public string Drill(string unit, MessageFilter filter) =>
        $"/Exchange?box={(Side == RateSide.Answering ? Box.Inbox : Box.Outbox)}&filter={filter}&kind=Verification&unit={unit}"
        + $"&dueFrom={Table!.From:yyyy-MM-dd}&dueTo={Table.To:yyyy-MM-dd}";

    public static string Percent(double? value) => value is { } v ? v.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + "%" : "—";
}
