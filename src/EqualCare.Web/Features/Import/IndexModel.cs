using EqualCare.Web.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace EqualCare.Web.Features.Import;

/// <summary>/Import: the template downloads and the upload form; the upload is checked and the report shown next.</summary>
[UploadLimit]
public sealed class IndexModel(ImportService imports, IStringLocalizer localizer) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public int? Loaded { get; set; }

    [BindProperty(SupportsGet = true)]
    public int? Skipped { get; set; }

    /// <summary>The user's uploads not yet loaded or discarded: a report left open, a load under way or interrupted.</summary>
    public IReadOnlyList<PendingImport> Pending { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var user = HttpContext.CurrentUser();
        if (!user.CanWritePersons) return NotFound();
        Pending = await imports.PendingAsync(user, ct);
        return Page();
    }

    public IActionResult OnGetTemplate(string? format)
    {
        if (!HttpContext.CurrentUser().CanWritePersons) return NotFound();
        return format == "csv"
            ? File(ImportTemplate.Csv(), "text/csv; charset=utf-8", ImportTemplate.CsvName)
            : File(ImportTemplate.Xlsx(), ImportTemplate.XlsxType, ImportTemplate.XlsxName);
    }

    public async Task<IActionResult> OnPostAsync(IFormFile? upload, CancellationToken ct)
    {
        var user = HttpContext.CurrentUser();
        if (!user.CanWritePersons) return NotFound();
        if (upload is null || upload.Length == 0)
        {
            ModelState.AddModelError("upload", localizer["import.file.missing"]);
            return Page();
        }
        await using var content = upload.OpenReadStream();
        var result = await imports.ValidateAsync(user, content, upload.FileName, ct);
        if (!result.IsSuccess)
        {
            result.Error.AddTo(ModelState, localizer, key: "upload");
            return Page();
        }
        return Redirect("/Import/Report/" + result.Value.Id);
    }
}
