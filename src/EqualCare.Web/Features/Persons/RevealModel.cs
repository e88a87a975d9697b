using EqualCare.Web.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace EqualCare.Web.Features.Persons;

/// <summary>POST only (antiforgery-checked): a reveal is an audited act, never something a link or a prefetch does.</summary>
public sealed class RevealModel(PersonReveal reveal) : PageModel
{
    public RevealedIdentity? Person { get; private set; }

    public IActionResult OnGet() => NotFound();

    public async Task<IActionResult> OnPostAsync(long id, CancellationToken ct)
    {
        var result = await reveal.RevealAsync(HttpContext.CurrentUser(), id, ct);
        if (!result.IsSuccess) return NotFound();
        Person = result.Value;
        Response.Headers.CacheControl = "no-store";
        return Page();
    }
}
