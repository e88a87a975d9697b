using EqualCare.Web.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace EqualCare.Web.Features.Notices;

/// <summary>The notice of one person: every item she is due for, or the one named by item (a kind) and key (e.g. a dose).</summary>
public sealed class PersonModel(NoticeHandler handler, IStringLocalizer localizer) : NoticePageModel(localizer)
{
    [BindProperty(SupportsGet = true)] public long Id { get; set; }
    [BindProperty(SupportsGet = true)] public string? Item { get; set; }
    [BindProperty(SupportsGet = true)] public string? Key { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? Day { get; set; }
    [BindProperty(SupportsGet = true)] public string? Place { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid) return BadInput("notice.day.bad");
        var result = await handler.ForPersonAsync(HttpContext.CurrentUser(), Id, Item, Key, Day, Place, ct);
        return Show(result);
    }
}
