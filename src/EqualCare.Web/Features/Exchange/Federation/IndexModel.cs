using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using EqualCare.Web.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace EqualCare.Web.Features.Exchange.Federation;

/// <summary>
/// The operator page of delivery between installations (系统间交换), for the system administrator: this installation's id,
/// prefixes and public key; the outbox with its failures and retries and a "retry now"; the inbox; the partner directory
/// and its form. Masked: a message shows its kind, partner and the masked ID number of its case, never a name.
/// </summary>
[Authorize(Roles = Roles.SystemAdmin)]
public sealed class IndexModel(FederationQueries queries, IStringLocalizer localizer) : PageModel
{
    [BindProperty(SupportsGet = true)] public OutboxState? State { get; set; }
    [BindProperty(SupportsGet = true)] public string? Done { get; set; }
    [BindProperty] public PartnerForm Partner { get; set; } = new();

    public DeliveryOverview Overview { get; private set; } = null!;
    public IReadOnlyList<ExchangePartner> Partners { get; private set; } = [];
    public FederationOptions Options => queries.Options;
    public string PublicKeyPem => queries.PublicKeyPem;

    public sealed class PartnerForm
    {
        public string? InstallationId { get; set; }
        public string? Name { get; set; }
        public string? Prefixes { get; set; }
        public string? BaseAddress { get; set; }
        public string? PublicKey { get; set; }
        public bool Enabled { get; set; } = true;
    }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostRetryAsync(long? id, CancellationToken ct)
    {
        var result = await queries.RetryNowAsync(HttpContext.CurrentUser(), id, ct);
        if (result.IsFailure) return NotFound();
        return Redirect("/Exchange/Federation?done=retry");
    }

    public async Task<IActionResult> OnPostPartnerAsync(CancellationToken ct)
    {
        var result = await queries.SavePartnerAsync(HttpContext.CurrentUser(),
            new PartnerInput(Partner.InstallationId, Partner.Name, Partner.Prefixes, Partner.BaseAddress, Partner.PublicKey, Partner.Enabled), ct);
        if (result.IsSuccess) return Redirect("/Exchange/Federation?done=partner");
        foreach (var e in result.Error.Fields.Count > 0 ? result.Error.Fields : [result.Error])
            ModelState.AddModelError("Partner." + (e.Field ?? ""), localizer[e.Code]);
        await LoadAsync(ct);
        return Page();
    }

    async Task LoadAsync(CancellationToken ct)
    {
        Overview = await queries.OverviewAsync(HttpContext.CurrentUser(), State, ct);
        Partners = await queries.PartnersAsync(ct);
    }
}
