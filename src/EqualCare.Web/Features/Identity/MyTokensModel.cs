using EqualCare.Web.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace EqualCare.Web.Features.Identity;

/// <summary>
/// A user's own API tokens, for a system she uses in her own name. Only she makes them: an administrator issues tokens
/// for service accounts only, so that no token acts in a person's name without that person (issue 14 point 1).
/// </summary>
public sealed class MyTokensModel(ApiTokenService tokens, IStringLocalizer localizer, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Done { get; set; }

    // Nullable, so that an empty field gets the service's message rather than MVC's implicit "required".
    [BindProperty]
    public string? Label { get; set; }

    public IReadOnlyList<Domain.ApiToken> Tokens { get; private set; } = [];

    /// <summary>The token just made, shown in this one response and nowhere else.</summary>
    public ApiTokenService.Created? Issued { get; private set; }

    public DateTime UtcNow { get; private set; }

    public int LifetimeDays => (int)tokens.Lifetime.TotalDays;

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostIssueAsync(CancellationToken ct)
    {
        var result = await tokens.CreateOwnAsync(HttpContext.CurrentUser(), Label ?? "", ct);
        if (!result.IsSuccess) result.Error.AddTo(ModelState, localizer);
        else
        {
            // As on the administrators' page: no redirect, the plain token exists only in this response, kept by no cache.
            Issued = result.Value;
            Response.Headers.CacheControl = "no-store";
            Label = "";
            ModelState.Clear();
        }
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(long id, CancellationToken ct)
    {
        var result = await tokens.RevokeOwnAsync(HttpContext.CurrentUser(), id, ct);
        if (!result.IsSuccess) return NotFound();
        return Redirect("/Account/Tokens?done=revoked");
    }

    async Task LoadAsync(CancellationToken ct)
    {
        UtcNow = clock.UtcNow();
        Tokens = await tokens.OwnAsync(HttpContext.CurrentUser().Id, ct);
    }
}
