using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace EqualCare.Web.Web;

public static class AnonymousHome
{
    /// <summary>
    /// The site's address shows the login page itself to someone not signed in (a 200, not a redirect), so that the first
    /// thing an office worker or a health check sees at "/" is the Chinese login form. Signed in, "/" is the home page.
    /// Runs before routing, so it authenticates the cookie itself; only requests for "/" pay for that.
    /// </summary>
    public static WebApplication UseLoginAtRoot(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            if (context.Request.Path == "/" && context.Request.Headers.Authorization.Count == 0)
            {
                var result = await context.AuthenticateAsync(CookieAuthenticationDefaults.AuthenticationScheme);
                if (!result.Succeeded) context.Request.Path = "/Account/Login";
            }
            await next(context);
        });
        return app;
    }
}
