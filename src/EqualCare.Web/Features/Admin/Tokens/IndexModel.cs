using EqualCare.Web.Features.Identity;
using EqualCare.Web.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace EqualCare.Web.Features.Admin.Tokens;

public sealed class IndexModel(TokenAdministration tokens, IStringLocalizer localizer) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Done { get; set; }

    // Nullable, so that an empty field gets the service's message rather than MVC's implicit "required".
    [BindProperty]
    public string? UserName { get; set; }

    [BindProperty]
    public string? Label { get; set; }

    public IReadOnlyList<TokenRow> Tokens { get; private set; } = [];

    /// <summary>The service accounts the administrator may issue a token for (a person makes her own on /Account/Tokens).</summary>
    public IReadOnlyList<string> ServiceAccounts { get; private set; } = [];

    /// <summary>The token just issued, shown in this one response and nowhere else.</summary>
    public ApiTokenService.Created? Issued { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostIssueAsync(CancellationToken ct)
    {
        var result = await tokens.IssueAsync(HttpContext.CurrentUser(), UserName, Label, ct);
        if (!result.IsSuccess) result.Error.AddTo(ModelState, localizer);
        else
        {
            // No redirect here: the plain token exists only in this response. Carrying it across a redirect would put it
            // in an address or a cookie; the page is marked no-store so the browser keeps no copy either. Reloading the
            // page re-posts the form and issues a second token, which the list then shows and the admin can revoke.
            Issued = result.Value;
            Response.Headers.CacheControl = "no-store";
            UserName = "";
            Label = "";
            ModelState.Clear();
        }
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(long id, CancellationToken ct)
    {
        var result = await tokens.RevokeAsync(HttpContext.CurrentUser(), id, ct);
        if (!result.IsSuccess) return NotFound();
        return Redirect("/Admin/Tokens?done=revoked");
    }

    async Task LoadAsync(CancellationToken ct)
    {
        Tokens = await tokens.ListAsync(HttpContext.CurrentUser(), ct);
        ServiceAccounts = await tokens.ServiceAccountsAsync(HttpContext.CurrentUser(), ct);
    }
}
