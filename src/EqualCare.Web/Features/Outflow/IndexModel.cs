using EqualCare.Web.Features.Exchange;
using EqualCare.Web.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace EqualCare.Web.Features.Outflow;

/// <summary>流出人口: our people living elsewhere, by where they live, with what was reported and what is missing.</summary>
public sealed class IndexModel(OutflowQuery query, ExchangeQueries exchange) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Place { get; set; }
    [BindProperty(SupportsGet = true)] public string? Community { get; set; }
    [BindProperty(SupportsGet = true)] public string? Missing { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;

    public OutflowPage Result { get; private set; } = null!;

    /// <summary>Our people whom a partner installation notified as arrived in its area (issue 16 point 4): first page only.</summary>
    public IReadOnlyList<NoticedArrival> Noticed { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var user = HttpContext.CurrentUser();
        if (!user.CanReadPersons) return NotFound();
        Result = await query.ListAsync(user, new OutflowSearch(Place, Community, Missing, PageNumber), ct);
        if (Result.CountyOrAbove && PageNumber <= 1) Noticed = await exchange.NoticedArrivalsAsync(user, ct);
        return Page();
    }

    /// <summary>This page's address with one filter changed (and the page reset unless given).</summary>
    public string Link(string? place = null, string? community = null, string? missing = null, int? page = null, bool keep = true)
    {
        var q = new List<string>();
        void Add(string name, string? value) { if (!string.IsNullOrEmpty(value)) q.Add(name + "=" + Uri.EscapeDataString(value)); }
        Add("place", place ?? (keep ? Place : null));
        Add("community", community ?? (keep ? Community : null));
        Add("missing", missing ?? Missing);
        if (page is { } p && p > 1) q.Add("p=" + p);
        return "/Outflow" + (q.Count > 0 ? "?" + string.Join("&", q) : "");
    }
}
