using System.Security.Claims;
using EqualCare.Web.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace EqualCare.Web.Features.Identity;

[AllowAnonymous]
public sealed class LoginModel(LoginHandler login, UserSessions sessions, IStringLocalizer localizer, IOptions<EqualCareOptions> options,
    TimeProvider clock) : PageModel
{
    [BindProperty]
    public string UserName { get; set; } = "";

    [BindProperty]
    public string Password { get; set; } = "";

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    /// <summary>Shown on the page in demo mode only.</summary>
    public string? DemoPassword => options.Value.Demo ? options.Value.DemoPassword : null;

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(UserName) || string.IsNullOrEmpty(Password) || UserName.Length > 50 || Password.Length > 200)
        {
            ModelState.AddModelError(string.Empty, localizer["login.failed"]);
            return Page();
        }
        var result = await login.LoginAsync(UserName.Trim(), Password, ct);
        if (result.SecondFactorFor is { } pending)
        {
            // Not signed in yet: the code page finishes the login (issue 14 point 5).
            PendingLogin.Write(HttpContext, pending, SecurityHeaders.LocalOrRoot(ReturnUrl), clock);
            return Redirect(PendingLogin.Path);
        }
        if (result.User is not { } user)
        {
            // A locked account answers like a wrong password or an unknown name, so the answer does not tell whether
            // the name exists (issue 14, user enumeration); the one message mentions the lockout rule instead.
            var key = result.Failure == LoginFailure.Disabled ? "login.disabled" : "login.failed";
            ModelState.AddModelError(string.Empty, localizer[key]);
            return Page();
        }
        var identity = new ClaimsIdentity(CurrentUser.ClaimsOf(user, "password"), CookieAuthenticationDefaults.AuthenticationScheme);
        identity.AddClaim(new Claim(UserSessions.SessionClaim, await sessions.StartAsync(user.Id, HttpContext, ct)));
        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity));
        if (user.MustChangePassword) return Redirect("/Account/ChangePassword");
        return LocalRedirect(SecurityHeaders.LocalOrRoot(ReturnUrl));
    }
}
