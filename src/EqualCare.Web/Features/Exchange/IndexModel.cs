using EqualCare.Web.Domain.Exchange;
using EqualCare.Web.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace EqualCare.Web.Features.Exchange;

/// <summary>
/// 协查通报管理: the office's messages with the other places, inbox and outbox, open and overdue first, with the counts of
/// each office below the user's; the drill-down of the 协查 rates lands here with its filter.
/// </summary>
public sealed class IndexModel(ExchangeQueries queries) : PageModel
{
    [BindProperty(SupportsGet = true)] public Box Box { get; set; } = Box.Inbox;
    [BindProperty(SupportsGet = true)] public MessageFilter Filter { get; set; } = MessageFilter.Open;
    [BindProperty(SupportsGet = true)] public MessageKind? Kind { get; set; }
    [BindProperty(SupportsGet = true)] public string? Unit { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? DueFrom { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? DueTo { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;
    [BindProperty(SupportsGet = true)] public string? Done { get; set; }

    public MessageCounts Counts { get; private set; } = new(0, 0, 0, 0, 0, []);
    public MessagePage Result { get; private set; } = new([], 0, 1, ExchangeQueries.PageSize);
    public int PageCount => Math.Max(1, (Result.Total + Result.PageSize - 1) / Result.PageSize);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var user = HttpContext.CurrentUser();
        if (!user.CanReadPersons) return NotFound();
        var list = await queries.ListAsync(user, new MessageQuery(Box, Filter, Kind, Unit, DueFrom, DueTo, PageNumber), ct);
        if (!list.IsSuccess) return NotFound();
        Result = list.Value;
        Counts = await queries.CountsAsync(user, ct);
        return Page();
    }

    public string Link(Box? box = null, MessageFilter? filter = null, int? page = null, bool keepKind = true)
    {
        var q = new Dictionary<string, string?>
        {
            ["box"] = (box ?? Box).ToString(), ["filter"] = (filter ?? Filter).ToString(),
            ["kind"] = keepKind ? Kind?.ToString() : null, ["unit"] = Unit,
            ["dueFrom"] = DueFrom?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), ["dueTo"] = DueTo?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ["p"] = page is > 1 ? page.Value.ToString(System.Globalization.CultureInfo.InvariantCulture) : null,
        };
        return Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString("/Exchange",
            q.Where(kv => !string.IsNullOrEmpty(kv.Value)).Select(kv => new KeyValuePair<string, Microsoft.Extensions.Primitives.StringValues>(kv.Key, kv.Value)));
    }
}
