using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using EqualCare.Web.Domain;
using EqualCare.Web.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace EqualCare.Web.Features.Identity;

/// <summary>
/// Between the password and the code: who passed the password step, with which security stamp, until when, and where to
/// go after. Kept in a cookie of its own, encrypted and signed with the app's Data Protection keys, so nothing can be
/// forged or read from it; it is not an authentication cookie and opens no page but the code form.
/// </summary>
public sealed record PendingLogin(long UserId, string Stamp, DateTime ExpiresAt, string ReturnUrl)
{
    public const string CookieName = "equalcare.2fa";
    public const string Path = "/Account/LoginTwoFactor";

    /// <summary>Five minutes to type the code: long enough to find the phone, short enough that a left login form expires.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    static IDataProtector Protector(HttpContext http) =>
        http.RequestServices.GetRequiredService<IDataProtectionProvider>().CreateProtector("EqualCare.TwoFactor.PendingLogin.v1");

    public static void Write(HttpContext http, User user, string returnUrl, TimeProvider clock)
    {
        var expires = clock.UtcNow() + Lifetime;
        var payload = string.Join('\n', user.Id.ToString(CultureInfo.InvariantCulture), user.SecurityStamp,
            expires.Ticks.ToString(CultureInfo.InvariantCulture), returnUrl);
        http.Response.Cookies.Append(CookieName, Protector(http).Protect(payload), new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Secure = http.Request.IsHttps,
            Path = Path,
            IsEssential = true,
        });
    }

    public static PendingLogin? Read(HttpContext http, TimeProvider clock)
    {
        if (http.Request.Cookies[CookieName] is not { Length: > 0 } value) return null;
        string payload;
        try
        {
            payload = Protector(http).Unprotect(value);
        }
        catch (CryptographicException)
        {
            return null;
        }
        var parts = payload.Split('\n');
        if (parts.Length != 4 || !long.TryParse(parts[0], CultureInfo.InvariantCulture, out var id)
            || !long.TryParse(parts[2], CultureInfo.InvariantCulture, out var ticks)) return null;
        var expires = new DateTime(ticks, DateTimeKind.Utc);
        return clock.UtcNow() < expires ? new PendingLogin(id, parts[1], expires, parts[3]) : null;
    }

    public static void Clear(HttpContext http) => http.Response.Cookies.Delete(CookieName, new CookieOptions { Path = Path });
}

/// <summary>The login's second step: the code from the authenticator app, or one recovery code.</summary>
[AllowAnonymous]
public sealed class LoginTwoFactorModel(LoginHandler login, UserSessions sessions, IStringLocalizer localizer, TimeProvider clock) : PageModel
{
    [BindProperty]
    public string Code { get; set; } = "";

    public IActionResult OnGet() => PendingLogin.Read(HttpContext, clock) is null ? Redirect("/Account/Login") : Page();

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (PendingLogin.Read(HttpContext, clock) is not { } pending) return Redirect("/Account/Login");
        if (string.IsNullOrWhiteSpace(Code))
        {
            ModelState.AddModelError(string.Empty, localizer["twoFactor.login.failed"]);
            return Page();
        }
        var result = await login.SecondFactorAsync(pending.UserId, pending.Stamp, Code.Trim(), ct);
        if (result.User is not { } user)
        {
            ModelState.AddModelError(string.Empty, localizer[result.Failure == LoginFailure.Disabled ? "login.disabled" : "twoFactor.login.failed"]);
            return Page();
        }
        PendingLogin.Clear(HttpContext);
        var identity = new ClaimsIdentity(CurrentUser.ClaimsOf(user, "password+otp"), CookieAuthenticationDefaults.AuthenticationScheme);
        identity.AddClaim(new Claim(UserSessions.SessionClaim, await sessions.StartAsync(user.Id, HttpContext, ct)));
        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity));
        if (user.MustChangePassword) return Redirect(MustChangePasswordGate.ChangePasswordPath);
        return LocalRedirect(SecurityHeaders.LocalOrRoot(pending.ReturnUrl));
    }
}
