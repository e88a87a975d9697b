using EqualCare.Web.Domain;
using EqualCare.Web.Domain.Campaigns;
using EqualCare.Web.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace EqualCare.Web.Features.Campaigns;

/// <summary>
/// One campaign: its quota and deadline; each candidate the user may see with seed 000's criteria (met / not met / not known),
/// 主要事迹 and both levels' opinions. A community proposes a person of its scope; the street approves or declines.
/// </summary>
public sealed class DetailModel(CampaignHandler handler, IStringLocalizer localizer) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Done { get; set; }
    [BindProperty] public string? IdNumber { get; set; }
    [BindProperty] public string? Deeds { get; set; }
    [BindProperty] public string? Opinion { get; set; }

    public CampaignDetail Detail { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct) => await LoadAsync(id, ct) ?? Page();

    public async Task<IActionResult> OnPostProposeAsync(long id, CancellationToken ct)
    {
        var result = await handler.ProposeAsync(HttpContext.CurrentUser(), id, IdNumber, new ProposalInput(Deeds, Opinion), ct);
        return result.IsSuccess ? Redirect($"/Campaigns/{id}?done=proposed") : await RefuseAsync(id, result.Error, ct);
    }

    public Task<IActionResult> OnPostApproveAsync(long id, long candidate, CancellationToken ct) => DecideAsync(id, candidate, true, ct);

    public Task<IActionResult> OnPostDeclineAsync(long id, long candidate, CancellationToken ct) => DecideAsync(id, candidate, false, ct);

    async Task<IActionResult> DecideAsync(long id, long candidate, bool approve, CancellationToken ct)
    {
        var result = await handler.DecideAsync(HttpContext.CurrentUser(), candidate, approve, Opinion, ct);
        return result.IsSuccess ? Redirect($"/Campaigns/{id}?done={(approve ? "approved" : "declined")}") : await RefuseAsync(id, result.Error, ct);
    }

    async Task<IActionResult> RefuseAsync(long id, Error error, CancellationToken ct)
    {
        if (error.Kind == ErrorKind.NotFound && error.Code is "campaign.notFound" or "campaign.candidate.notFound") return NotFound();
        error.AddTo(ModelState, localizer, key: "");
        return await LoadAsync(id, ct) ?? Page();
    }

    async Task<IActionResult?> LoadAsync(long id, CancellationToken ct)
    {
        var detail = await handler.GetAsync(HttpContext.CurrentUser(), id, ct);
        if (!detail.IsSuccess) return NotFound();
        Detail = detail.Value;
        return null;
    }
}
