using Microsoft.AspNetCore.Http.Features;

namespace EqualCare.Web.Web;

/// <summary>
/// A page's form that does not read (a broken multipart body, a body cut short) is a 400, in every environment (issue
/// 14, point 14). Read here, once, after the upload limits are set and before antiforgery and the page filters read it:
/// left to them, the failure escaped as an exception, and the error page, posted the same body, failed again.
/// </summary>
public static class MalformedForms
{
    public static WebApplication UseMalformedFormsAsBadRequests(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            var request = context.Request;
            if (request.Path.StartsWithSegments("/api") || !HttpMethods.IsPost(request.Method) || !request.HasFormContentType)
            {
                await next(context);
                return;
            }
            try
            {
                await request.ReadFormAsync(context.RequestAborted);
            }
            catch (Exception e) when (e is InvalidDataException or IOException && !context.RequestAborted.IsCancellationRequested)
            {
                // The error page is re-executed with this request: it gets an empty form, not the same failure again.
                context.Features.Set<IFormFeature>(new FormFeature(FormCollection.Empty));
                context.Response.StatusCode = e is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status400BadRequest;
                return;
            }
            await next(context);
        });
        return app;
    }
}
