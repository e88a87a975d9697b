using EqualCare.Web.Domain;
using EqualCare.Web.Features.Attachments;
using EqualCare.Web.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace EqualCare.Web.Features.Summaries;

/// <summary>
/// One unit's summary of one request: the unit writes its text, attaches files and submits; the asking office reads it,
/// opens its files and may return it for rework with a reason. Every step shows with who and when.
/// </summary>
public sealed class UnitModel(SummaryHandler handler, AttachmentStore store, IStringLocalizer localizer) : PageModel
{
    public SummaryUnitView View { get; private set; } = null!;

    [BindProperty]
    public string? Body { get; set; }

    [BindProperty]
    public string? Reason { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Done { get; set; }

    /// <summary>Why the last upload was refused, in words (never the file's name).</summary>
    public string? UploadError { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id, string unit, CancellationToken ct) =>
        await LoadAsync(id, unit, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAttachAsync(long id, string unit, IFormFile? upload, CancellationToken ct)
    {
        Result<long> result;
        if (upload is null || upload.Length == 0) result = Error.Validation(AttachmentStore.Missing, "File");
        else
        {
            await using var content = upload.OpenReadStream();
            result = await handler.AttachAsync(HttpContext.CurrentUser(), id, unit, content, upload.FileName, ct);
        }
        if (result.IsSuccess) return Redirect($"/Summaries/{id}/{unit}?done=attached");
        if (result.Error.Kind == ErrorKind.NotFound) return NotFound();
        UploadError = store.Message(result.Error, localizer);
        if (!await LoadAsync(id, unit, ct)) return NotFound();
        Response.StatusCode = result.Error.Kind == ErrorKind.Forbidden ? StatusCodes.Status403Forbidden
            : result.Error.Kind == ErrorKind.Conflict ? StatusCodes.Status409Conflict : StatusCodes.Status400BadRequest;
        return Page();
    }

    public async Task<IActionResult> OnPostSubmitAsync(long id, string unit, CancellationToken ct) =>
        await AfterAsync(id, unit, await handler.SubmitAsync(HttpContext.CurrentUser(), id, unit, Body, ct), "submitted", ct);

    public async Task<IActionResult> OnPostReturnAsync(long id, string unit, CancellationToken ct) =>
        await AfterAsync(id, unit, await handler.ReturnAsync(HttpContext.CurrentUser(), id, unit, Reason, ct), "returned", ct);

    async Task<IActionResult> AfterAsync<T>(long id, string unit, Result<T> result, string done, CancellationToken ct)
    {
        if (result.IsSuccess) return Redirect($"/Summaries/{id}/{unit}?done={done}");
        if (result.Error.Kind == ErrorKind.NotFound) return NotFound();
        ModelState.Clear();
        result.Error.AddTo(ModelState, localizer, key: "");
        if (!await LoadAsync(id, unit, ct)) return NotFound();
        Response.StatusCode = result.Error.Kind switch
        {
            ErrorKind.Forbidden => StatusCodes.Status403Forbidden,
            ErrorKind.Conflict => StatusCodes.Status409Conflict,
            _ => StatusCodes.Status400BadRequest,
        };
        return Page();
    }

    async Task<bool> LoadAsync(long id, string unit, CancellationToken ct)
    {
        var result = await handler.GetUnitAsync(HttpContext.CurrentUser(), id, unit, ct);
        if (!result.IsSuccess) return false;
        View = result.Value;
        Body ??= View.Body;
        return true;
    }

    public static string Size(long bytes) => bytes >= 1024 * 1024
        ? (bytes / 1024.0 / 1024.0).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + " MB"
        : Math.Max(1, bytes / 1024).ToString(System.Globalization.CultureInfo.InvariantCulture) + " KB";
}
