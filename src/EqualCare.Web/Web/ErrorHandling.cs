namespace EqualCare.Web.Web;

/// <summary>
/// No stack trace ever reaches a user: the API answers ProblemDetails for every error status, pages show the friendly
/// error page (/Error/{status}).
/// </summary>
public static class ErrorHandling
{
    public static WebApplication UseEqualCareErrors(this WebApplication app)
    {
        app.UseWhen(IsApi, api =>
        {
            api.UseExceptionHandler();
            api.UseStatusCodePages();
        });
        app.UseWhen(c => !IsApi(c), pages =>
        {
            pages.UseExceptionHandler("/Error/500");
            pages.UseStatusCodePagesWithReExecute("/Error/{0}");
        });
        return app;
    }

    static bool IsApi(HttpContext context) => context.Request.Path.StartsWithSegments("/api");
}
