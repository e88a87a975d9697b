using System.Security.Claims;
using EqualCare.Web.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Localization;

namespace EqualCare.Web.Features.Identity;

/// <summary>
/// A user whose role needs a second factor (administrators, and the roles that may reveal or export unmasked) and who
/// has not enrolled one reaches only the enrolment page, the change-password page and logout: every other page
/// redirects to the enrolment and every API route answers 403 with a problem body (等保 2.0 三级, 身份鉴别; issue 14
/// point 5), as <see cref="MustChangePasswordGate"/> does for a password to change. It judges cookie sessions, the
/// people at a browser; a bearer token is a system's credential, created by its owner from such a session.
/// Off when <see cref="SecurityOptions.RequireTwoFactor"/> is (demo mode by default).
/// </summary>
public static class TwoFactorGate
{
    public const string EnrolmentPath = "/Account/TwoFactor";
    public const string ProblemCode = "twoFactor.required";

    static readonly string[] OpenPaths = [EnrolmentPath, MustChangePasswordGate.ChangePasswordPath, "/Account/Logout", "/Error"];

    /// <summary>After the must-change-password gate, before authorization.</summary>
    public static IApplicationBuilder UseTwoFactorEnrolment(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (CurrentUser.From(context.User) is { } user && IsCookieSession(context.User) && !IsOpen(context))
        {
            var twoFactor = context.RequestServices.GetRequiredService<TwoFactor>();
            if (twoFactor.IsRequiredFor(user.Role) && !await twoFactor.IsEnabledAsync(user.Id, context.RequestAborted))
            {
                if (context.Request.Path.StartsWithSegments("/api"))
                {
                    var localizer = context.RequestServices.GetRequiredService<IStringLocalizer>();
                    await Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: localizer[ProblemCode],
                        type: ProblemCode, extensions: new Dictionary<string, object?> { ["code"] = ProblemCode }).ExecuteAsync(context);
                    return;
                }
                context.Response.Redirect(EnrolmentPath);
                return;
            }
        }
        await next(context);
    });

    static bool IsCookieSession(ClaimsPrincipal principal) => principal.FindFirst(UserSessions.SessionClaim) is not null;

    static bool IsOpen(HttpContext context) =>
        OpenPaths.Any(p => context.Request.Path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase))
        || context.GetEndpoint()?.Metadata.GetMetadata<IAllowAnonymous>() is not null;
}
