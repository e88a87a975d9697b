using EqualCare.Web.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace EqualCare.Web.Features.Campaigns;

/// <summary>
/// Seed 000 附件2 of one candidate, on A4. GET shows it with the ID number masked; the office's printed form carries the
/// full number, so printing (POST Print) and the .xlsx (POST Xlsx) are for the roles that may reveal it, and each is
/// audited as a reveal of the person. POST only: a reveal is never something a link or a prefetch does.
/// </summary>
public sealed class FormModel(CampaignHandler handler, NominationWorkbook workbook) : PageModel
{
    public NominationForm Form { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct) => await LoadAsync(id, false, "view", ct) ?? Page();

    public async Task<IActionResult> OnPostPrintAsync(long id, CancellationToken ct)
    {
        if (await LoadAsync(id, true, "print", ct) is { } refused) return refused;
        Response.Headers.CacheControl = "no-store";
        return Page();
    }

    public async Task<IActionResult> OnPostXlsxAsync(long id, CancellationToken ct)
    {
        if (await LoadAsync(id, true, "xlsx", ct) is { } refused) return refused;
        Response.Headers.CacheControl = "no-store";
        return File(workbook.Write(Form), NominationWorkbook.ContentType, $"推荐选拔表-{Form.Name}.xlsx");
    }

    async Task<IActionResult?> LoadAsync(long id, bool full, string how, CancellationToken ct)
    {
        var form = await handler.FormAsync(HttpContext.CurrentUser(), id, full, how, ct);
        if (!form.IsSuccess) return NotFound();
        Form = form.Value;
        return null;
    }
}
