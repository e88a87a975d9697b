using EqualCare.Web.Domain;
using EqualCare.Web.Domain.Cases;
using EqualCare.Web.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.WebUtilities;

namespace EqualCare.Web.Features.Persons;

public sealed class IndexModel(PersonQueries queries) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public string? IdNumber { get; set; }
    [BindProperty(SupportsGet = true)] public string? Name { get; set; }
    [BindProperty(SupportsGet = true)] public bool NameExact { get; set; }
    [BindProperty(SupportsGet = true)] public string? Phone { get; set; }
    [BindProperty(SupportsGet = true)] public string? Community { get; set; }
    [BindProperty(SupportsGet = true)] public CaseStatus? Status { get; set; }
    [BindProperty(SupportsGet = true)] public Sex? Sex { get; set; }
    [BindProperty(SupportsGet = true)] public AgeBand? AgeBand { get; set; }
    [BindProperty(SupportsGet = true)] public FlowDirection? Flow { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? ArrivedFrom { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? ArrivedTo { get; set; }

    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public PersonPage Result { get; private set; } = new(0, 1, 20, []);

    public int PageCount => Math.Max(1, (Result.Total + Result.PageSize - 1) / Result.PageSize);

    public bool MayReveal { get; private set; }

    public PersonSearch Search => new(IdNumber, Name, NameExact, Phone, Community, Status, Sex, AgeBand, Flow, ArrivedFrom,
        ArrivedTo, PageNumber, Q: Q);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var user = HttpContext.CurrentUser();
        if (!user.CanReadPersons) return NotFound();
        MayReveal = PersonReveal.MayReveal(user);
        Result = await queries.ListAsync(user, Search, ct);
        return Page();
    }

    /// <summary>The current query string with another page number (the filters stay as they are).</summary>
    public string PageLink(int page)
    {
        var query = Request.Query.Where(q => q.Key != "p").ToDictionary(q => q.Key, q => q.Value);
        query["p"] = page.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return QueryHelpers.AddQueryString("/Persons", query);
    }

    /// <summary>The current filters as a query string, for the export link.</summary>
    public string FilterQuery => QueryString.Create(Request.Query.Where(q => q.Key != "p")).ToString();
}
