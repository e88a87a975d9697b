using EqualCare.Web.Domain;
using EqualCare.Web.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace EqualCare.Web.Features.Checkups;

/// <summary>The check-up days of the user's community (or of a unit below a street or district office), and a new one.</summary>
public sealed class IndexModel(CheckupDays days, TimeProvider clock, IStringLocalizer localizer) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Org { get; set; }

    [BindProperty]
    public DateOnly? Day { get; set; }

    [BindProperty]
    public string? Place { get; set; }

    public IReadOnlyList<CheckupDayListItem> Days { get; private set; } = [];
    public bool CanCreate { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var user = HttpContext.CurrentUser();
        if (!user.CanReadPersons) return NotFound();
        Day ??= clock.Today();
        await LoadAsync(user, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var user = HttpContext.CurrentUser();
        if (!user.CanReadPersons) return NotFound();
        // A malformed date reaches the rules as "missing": one Chinese message instead of MVC's English one.
        ModelState.Clear();
        var result = await days.CreateAsync(user, new NewCheckupDay(Day, Place), ct);
        if (result.IsSuccess) return Redirect($"/Checkups/{result.Value.Id}");
        result.Error.AddTo(ModelState, localizer);
        await LoadAsync(user, ct);
        return Page();
    }

    async Task LoadAsync(CurrentUser user, CancellationToken ct)
    {
        CanCreate = CheckupWriters.May(user);
        Days = await days.ListAsync(user, OrgCode.TryParse(Org, out var org) ? org : null, ct);
    }
}
