using EqualCare.Web.Domain;
using EqualCare.Web.Domain.Campaigns;
using EqualCare.Web.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace EqualCare.Web.Features.Campaigns;

/// <summary>评选表彰: the campaigns that concern the user's unit; a street or an office above sets a new one here.</summary>
public sealed class IndexModel(CampaignHandler handler, IStringLocalizer localizer) : PageModel
{
    [BindProperty] public string? Title { get; set; }
    [BindProperty] public int? Quota { get; set; }
    [BindProperty] public DateOnly? Deadline { get; set; }

    public IReadOnlyList<CampaignSummary> Campaigns { get; private set; } = [];
    public bool MaySet { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!HttpContext.CurrentUser().CanReadPersons) return NotFound();
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var user = HttpContext.CurrentUser();
        if (!user.CanReadPersons) return NotFound();
        var created = await handler.CreateAsync(user, new CampaignInput(Title, Quota, Deadline), ct);
        if (created.IsSuccess) return Redirect($"/Campaigns/{created.Value}?done=created");
        created.Error.AddTo(ModelState, localizer, key: "");
        await LoadAsync(ct);
        return Page();
    }

    async Task LoadAsync(CancellationToken ct)
    {
        var user = HttpContext.CurrentUser();
        MaySet = CampaignHandler.MaySet(user);
        Campaigns = await handler.ListAsync(user, ct);
    }
}
