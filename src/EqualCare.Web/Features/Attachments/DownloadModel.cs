using EqualCare.Web.Domain.Attachments;
using EqualCare.Web.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Net.Http.Headers;

namespace EqualCare.Web.Features.Attachments;

/// <summary>
/// The one way a kept file leaves the app: for a user whose unit holds the uploader's unit, audited, always as a download
/// (Content-Disposition: attachment) with nosniff, so that no browser renders an upload as a page of this site.
/// </summary>
public sealed class DownloadModel(AttachmentStore store) : PageModel
{
    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        var opened = await store.OpenAsync(HttpContext.CurrentUser(), id, ct);
        if (!opened.IsSuccess) return NotFound();
        var (row, content) = opened.Value;
        Response.Headers[HeaderNames.XContentTypeOptions] = "nosniff";
        Response.Headers[HeaderNames.CacheControl] = "private, no-store";
        return File(content, FileKinds.ContentType(row.Kind), row.FileName);
    }
}
