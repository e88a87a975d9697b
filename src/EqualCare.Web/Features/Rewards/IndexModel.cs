using EqualCare.Web.Domain;
using EqualCare.Web.Domain.Rewards;
using EqualCare.Web.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace EqualCare.Web.Features.Rewards;

/// <summary>奖励扶助 of one person: what was given, recorded and voided; the case's community or street records a new one.</summary>
public sealed class IndexModel(RewardHandler handler, IStringLocalizer localizer) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Done { get; set; }
    [BindProperty] public RewardKind? Kind { get; set; }
    [BindProperty] public DateOnly? GivenOn { get; set; }
    [BindProperty] public long? AmountYuan { get; set; }
    [BindProperty] public string? Description { get; set; }
    [BindProperty] public string? Reason { get; set; }

    public PersonRewards Rewards { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct) => await LoadAsync(id, ct) ?? Page();

    public async Task<IActionResult> OnPostAsync(long id, CancellationToken ct)
    {
        var result = await handler.RecordAsync(HttpContext.CurrentUser(), id, new RewardInput(Kind, GivenOn, AmountYuan, Description), ct);
        return result.IsSuccess ? Redirect($"/Persons/{id}/Rewards?done=recorded") : await RefuseAsync(id, result.Error, ct);
    }

    public async Task<IActionResult> OnPostVoidAsync(long id, long reward, CancellationToken ct)
    {
        var result = await handler.VoidAsync(HttpContext.CurrentUser(), id, reward, Reason, ct);
        return result.IsSuccess ? Redirect($"/Persons/{id}/Rewards?done=voided") : await RefuseAsync(id, result.Error, ct);
    }

    async Task<IActionResult> RefuseAsync(long id, Error error, CancellationToken ct)
    {
        if (error.Code == "person.notFound") return NotFound();
        error.AddTo(ModelState, localizer, key: "");
        return await LoadAsync(id, ct) ?? Page();
    }

    async Task<IActionResult?> LoadAsync(long id, CancellationToken ct)
    {
        var rewards = await handler.ListAsync(HttpContext.CurrentUser(), id, ct);
        if (!rewards.IsSuccess) return NotFound();
        Rewards = rewards.Value;
        return null;
    }
}
