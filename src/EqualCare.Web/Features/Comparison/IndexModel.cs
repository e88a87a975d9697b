using EqualCare.Web.Domain.Comparison;
using EqualCare.Web.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace EqualCare.Web.Features.Comparison;

/// <summary>/Comparison: the agency lists the user may open, and the upload of a new one (its columns are mapped next).</summary>
[UploadLimit]
public sealed class IndexModel(ComparisonService comparisons, ComparisonQueries queries, IStringLocalizer localizer, TimeProvider clock) : PageModel
{
    public IReadOnlyList<AgencyListInfo> Lists { get; private set; } = [];

    [BindProperty]
    public string? Agency { get; set; }

    [BindProperty]
    public AgencyListKind? Kind { get; set; }

    [BindProperty]
    public DateOnly? ListDate { get; set; }

    public bool MayUpload { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var user = HttpContext.CurrentUser();
        if (!user.CanReadPersons) return NotFound();
        await LoadAsync(user, ct);
        ListDate ??= clock.Today();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(IFormFile? upload, CancellationToken ct)
    {
        var user = HttpContext.CurrentUser();
        if (!user.CanWritePersons) return NotFound();
        ModelState.Clear();
        if (upload is null || upload.Length == 0)
        {
            ModelState.AddModelError("upload", localizer["comparison.file.missing"]);
            await LoadAsync(user, ct);
            return Page();
        }
        await using var content = upload.OpenReadStream();
        var result = await comparisons.UploadAsync(user, content, upload.FileName, Agency, Kind, ListDate, ct);
        if (result.IsFailure)
        {
            result.Error.AddTo(ModelState, localizer);
            await LoadAsync(user, ct);
            return Page();
        }
        return Redirect("/Comparison/Map/" + result.Value.ToString("N"));
    }

    async Task LoadAsync(CurrentUser user, CancellationToken ct)
    {
        MayUpload = user.CanWritePersons;
        Lists = await queries.ListsAsync(user, ct);
    }
}
