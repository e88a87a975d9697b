namespace EqualCare.Web.Web;

/// <summary>Security headers on every response, pages, API and static files alike (等保 2.0 三级 intrusion prevention;
/// OWASP Secure Headers), and the one check of every return URL.</summary>
public static class SecurityHeaders
{
    /// <summary>The content policy: scripts only from the site's own files (no inline script, handler attribute or
    /// javascript: link in any view: print buttons use wwwroot/js/print.js), no framing, plugins, foreign base or form
    /// targets.</summary>
    public const string ContentSecurityPolicy =
        "script-src 'self'; frame-ancestors 'none'; object-src 'none'; base-uri 'self'; form-action 'self'";

    public static WebApplication UseSecurityHeaders(this WebApplication app)
    {
        app.Use((context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.ContentSecurityPolicy = ContentSecurityPolicy;
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "same-origin";
                if (context.Request.IsHttps) headers.StrictTransportSecurity = "max-age=31536000";
                headers.Remove("Server");
                return Task.CompletedTask;
            });
            return next(context);
        });
        return app;
    }

    /// <summary>A path of this site, or "/": "//evil.com", "/\evil.com" and "https://evil.com" would leave the site
    /// (open redirect), so they go home instead.</summary>
    public static string LocalOrRoot(string? url) =>
        url is { Length: > 0 } && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'))
        && !url.Any(char.IsControl) ? url : "/";
}
