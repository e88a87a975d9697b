using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace EqualCare.Web.Features;

/// <summary>The friendly error page: a short message in the user's language, never a stack trace.</summary>
[AllowAnonymous]
[IgnoreAntiforgeryToken]
[ResponseCache(Duration = 0, Location = ResponseCacheLocation.None, NoStore = true)]
public sealed class ErrorModel : PageModel
{
    public string MessageKey { get; private set; } = "error.500";

    /// <summary>What the message names: the upload limit in MB of a refused upload (413).</summary>
    public string MessageArgument { get; private set; } = "";

    public void OnGet(int? status) => Set(status);
    public void OnPost(int? status) => Set(status);

    void Set(int? status)
    {
        var code = status ?? 500;
        MessageKey = code switch
        {
            400 => "error.400",
            403 => "error.403",
            404 => "error.404",
            413 => "error.413",
            429 => "error.429",
            _ => "error.500",
        };
        MessageArgument = HttpContext.Items[Web.UploadLimits.RefusedLimitItem] as string ?? "";
        // Re-executed requests keep their original status; a direct visit answers with the one named.
        if (HttpContext.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodeReExecuteFeature>() is null && status is not null)
            Response.StatusCode = code;
    }
}
