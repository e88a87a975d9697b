using EqualCare.Web.Data;
using EqualCare.Web.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace EqualCare.Web.Features.Identity;

/// <summary>
/// A user whose password must be changed (a new account, or one an administrator reset) reaches only the
/// change-password page and logout until she changes it: every other page redirects there and every API route answers
/// 403 with a problem body. A password an administrator knows must open nothing else (等保 2.0 三级, identification
/// and authentication; issue 14 point 2). Anonymous endpoints (login, culture switch, health) and error pages stay
/// open, as they are to anybody; static files are served before this gate.
/// </summary>
public static class MustChangePasswordGate
{
    public const string ChangePasswordPath = "/Account/ChangePassword";
    public const string ProblemCode = "password.mustChange";

    /// <summary>
    /// Set by an authentication that read the user's row in this request (the API token's lookup joins it): the gate then
    /// takes the flag from there instead of asking the database a second time on every API call (issue 15, the to-do list
    /// under load). Cookie sessions are judged from the database on each request, as before.
    /// </summary>
    public const string ReadThisRequest = "eqc.mustChangePassword";

    static readonly string[] OpenPaths = [ChangePasswordPath, "/Account/Logout", "/Error"];

    /// <summary>After authentication and routing, before authorization.</summary>
    public static IApplicationBuilder UseMustChangePassword(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (CurrentUser.From(context.User) is { } user && !IsOpen(context) && await MustChangeAsync(context, user.Id))
        {
            if (context.Request.Path.StartsWithSegments("/api"))
            {
                var localizer = context.RequestServices.GetRequiredService<IStringLocalizer>();
                await Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: localizer[ProblemCode],
                    type: ProblemCode, extensions: new Dictionary<string, object?> { ["code"] = ProblemCode }).ExecuteAsync(context);
                return;
            }
            context.Response.Redirect(ChangePasswordPath);
            return;
        }
        await next(context);
    });

    static bool IsOpen(HttpContext context) =>
        OpenPaths.Any(p => context.Request.Path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase))
        || context.GetEndpoint()?.Metadata.GetMetadata<IAllowAnonymous>() is not null;

    static Task<bool> MustChangeAsync(HttpContext context, long userId) =>
        context.Items.TryGetValue(ReadThisRequest, out var read) && read is bool known ? Task.FromResult(known) : context.RequestServices.GetRequiredService<EqualCareDb>().Users
            .AnyAsync(u => u.Id == userId && u.MustChangePassword, context.RequestAborted);
}
