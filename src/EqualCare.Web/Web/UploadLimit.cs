using EqualCare.Web.Features.Import;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Localization;

namespace EqualCare.Web.Web;

/// <summary>
/// Marks a route that takes a file upload (a page model or a minimal API endpoint). Its body is held to the upload limit
/// of the settings (<see cref="ImportSettings.MaxUploadBytes"/>, <c>EqualCare:Import:MaxUploadMegabytes</c>), or to the
/// route's own smaller limit, instead of the server's defaults (issue 14, point 11: the limit is a setting).
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
public sealed class UploadLimitAttribute(long maxBytes = 0) : Attribute
{
    /// <summary>The route's own limit when smaller than the setting (0: the setting alone).</summary>
    public long MaxBytes { get; } = maxBytes;
}

public static class UploadLimits
{
    /// <summary>The limit of a marked route: the setting, or the route's own limit when smaller.</summary>
    public static long For(UploadLimitAttribute route, ImportSettings settings) =>
        route.MaxBytes > 0 ? Math.Min(route.MaxBytes, settings.MaxUploadBytes) : settings.MaxUploadBytes;

    /// <summary>
    /// After routing and authorization, before anything reads the form (antiforgery does): a declared length beyond the
    /// limit is refused at once with 413 naming the limit (API: ProblemDetails; pages: the error page), unread; a body
    /// without a declared length is cut off at the limit by the server.
    /// </summary>
    public static WebApplication UseUploadLimits(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            if (context.GetEndpoint()?.Metadata.GetMetadata<UploadLimitAttribute>() is not { } route)
            {
                await next(context);
                return;
            }
            var limit = For(route, context.RequestServices.GetRequiredService<ImportSettings>());
            if (context.Request.ContentLength > limit)
            {
                await RefuseAsync(context, limit);
                return;
            }
            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size) size.MaxRequestBodySize = limit;
            context.Features.Set<IFormFeature>(new FormFeature(context.Request, new FormOptions { MultipartBodyLengthLimit = limit }));
            await next(context);
        });
        return app;
    }

    /// <summary>The limit in MB of a refused upload, for the error page (<c>HttpContext.Items</c>).</summary>
    public const string RefusedLimitItem = "upload.limit";

    static async Task RefuseAsync(HttpContext context, long limit)
    {
        var megabytes = (limit >> 20).ToString(System.Globalization.CultureInfo.InvariantCulture);
        context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
        if (!context.Request.Path.StartsWithSegments("/api"))
        {
            context.Items[RefusedLimitItem] = megabytes; // the pages' status handler shows /Error/413 with it
            // The error page is re-executed with this request: it must not read the refused body.
            context.Features.Set<IFormFeature>(new FormFeature(FormCollection.Empty));
            return;
        }
        var localizer = context.RequestServices.GetRequiredService<IStringLocalizer>();
        await TypedResults.Problem(title: localizer["upload.tooLarge", megabytes], statusCode: StatusCodes.Status413PayloadTooLarge,
            extensions: new Dictionary<string, object?> { ["code"] = "upload.tooLarge", ["field"] = "file", ["limit"] = megabytes })
            .ExecuteAsync(context);
    }
}
