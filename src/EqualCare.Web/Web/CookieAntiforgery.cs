using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Mvc.Abstractions;

namespace EqualCare.Web.Web;

/// <summary>
/// Every state-changing or unmasking request made with the session cookie carries the antiforgery token (form field or the
/// <c>RequestVerificationToken</c> header), whatever its content type; a bearer request does not need one (issue 14,
/// point 9). Razor Pages check their own forms; this covers the minimal API endpoints, whose built-in check only looks at
/// form-bound endpoints, so a cookie POST of JSON or text/plain would otherwise pass on the strength of SameSite alone.
/// </summary>
public static class CookieAntiforgery
{
    public static IApplicationBuilder UseCookieAntiforgery(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (NeedsToken(context))
        {
            try
            {
                await context.RequestServices.GetRequiredService<IAntiforgery>().ValidateRequestAsync(context);
            }
            catch (AntiforgeryValidationException)
            {
                await Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "antiforgery token missing or invalid")
                    .ExecuteAsync(context);
                return;
            }
        }
        await next(context);
    });

    static bool NeedsToken(HttpContext context)
    {
        var method = context.Request.Method;
        if (HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) || HttpMethods.IsTrace(method))
            return false;
        if (context.User.Identity?.IsAuthenticated != true) return false;
        // The same test the authentication scheme selector makes: a Bearer header means the token, never the cookie, decided.
        if (context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return false;
        var endpoint = context.GetEndpoint();
        return endpoint is not null && endpoint.Metadata.GetMetadata<ActionDescriptor>() is null;
    }
}
