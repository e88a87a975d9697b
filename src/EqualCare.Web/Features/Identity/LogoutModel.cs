using EqualCare.Web.Data;
using EqualCare.Web.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace EqualCare.Web.Features.Identity;

public sealed class LogoutModel(AuditLog audit, UserSessions sessions) : PageModel
{
    public IActionResult OnGet() => Redirect("/");

    /// <summary>Ends the session on the server, so that a copy of the cookie is worth nothing afterwards (issue 14, point 3).</summary>
    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (UserSessions.IdOf(User) is { } session && CurrentUser.From(User) is { } user)
            await sessions.EndAsync(user.Id, session, "logout", ct);
        else
            await audit.RecordAsync(AuditLog.Actions.Logout, "user", null, ct: ct);
        await HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return Redirect("/Account/Login");
    }
}
