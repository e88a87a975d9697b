using EqualCare.Web.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace EqualCare.Web.Features.Notices;

/// <summary>
/// Notices for a list, one A4 sheet per person: a unit's due items of a kind (or of a to-do group and view), or the
/// persons named by ids — a check-up day links here with its women, the kind WomensCheckup, its day and place.
/// </summary>
public sealed class IndexModel(NoticeHandler handler, IStringLocalizer localizer) : NoticePageModel(localizer)
{
    [BindProperty(SupportsGet = true)] public string? Community { get; set; }
    [BindProperty(SupportsGet = true)] public string? Kind { get; set; }
    [BindProperty(SupportsGet = true)] public string? Group { get; set; }
    [BindProperty(SupportsGet = true)] public string? View { get; set; }
    [BindProperty(SupportsGet = true)] public string? Name { get; set; }
    [BindProperty(SupportsGet = true)] public string? Ids { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? Day { get; set; }
    [BindProperty(SupportsGet = true)] public string? Place { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid) return BadInput("notice.day.bad");
        var result = await handler.ForListAsync(HttpContext.CurrentUser(),
            new NoticeRequest(Community, Kind, Group, View, Name, Ids, Day: Day, Place: Place), ct);
        return Show(result);
    }
}
