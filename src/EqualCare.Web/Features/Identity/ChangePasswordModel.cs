using System.Security.Claims;
using EqualCare.Web.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace EqualCare.Web.Features.Identity;

public sealed class ChangePasswordModel(UserAccounts accounts, IStringLocalizer localizer) : PageModel
{
    [BindProperty]
    public string CurrentPassword { get; set; } = "";

    [BindProperty]
    public string NewPassword { get; set; } = "";

    public bool Done { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var result = await accounts.ChangePasswordAsync(HttpContext.CurrentUser().Id, CurrentPassword, NewPassword, ct);
        if (!result.IsSuccess)
        {
            result.Error.AddTo(ModelState, localizer);
            return Page();
        }
        // The security stamp changed; sign in again so this session carries the new one.
        var identity = new ClaimsIdentity(CurrentUser.ClaimsOf(result.Value, "password"), CookieAuthenticationDefaults.AuthenticationScheme);
        // The same server-side session goes on: changing the password is not a new login.
        if (UserSessions.IdOf(User) is { } session) identity.AddClaim(new Claim(UserSessions.SessionClaim, session));
        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity));
        Done = true;
        return Page();
    }
}
