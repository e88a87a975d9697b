using EqualCare.Web.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace EqualCare.Web.Features.Identity;

/// <summary>The user's own second factor: enrol (QR code and key), new recovery codes, or switch off where optional.</summary>
public sealed class TwoFactorModel(TwoFactor twoFactor, IStringLocalizer localizer) : PageModel
{
    [BindProperty]
    public string Code { get; set; } = "";

    public bool Enabled { get; private set; }
    public bool Required { get; private set; }
    public int RecoveryCodesLeft { get; private set; }
    public TwoFactorEnrolment? Enrolment { get; private set; }

    /// <summary>Shown once, right after they were made; only their hashes are kept.</summary>
    public IReadOnlyList<string>? NewRecoveryCodes { get; private set; }

    public bool Disabled { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostConfirmAsync(CancellationToken ct)
    {
        NewRecoveryCodes = await twoFactor.ConfirmAsync(HttpContext.CurrentUser().Id, Code ?? "", ct);
        return await AfterAsync(NewRecoveryCodes is not null, ct);
    }

    public async Task<IActionResult> OnPostRecoveryCodesAsync(CancellationToken ct)
    {
        NewRecoveryCodes = await twoFactor.NewRecoveryCodesAsync(HttpContext.CurrentUser().Id, Code ?? "", ct);
        return await AfterAsync(NewRecoveryCodes is not null, ct);
    }

    public async Task<IActionResult> OnPostDisableAsync(CancellationToken ct)
    {
        Disabled = await twoFactor.DisableAsync(HttpContext.CurrentUser(), Code ?? "", ct);
        return await AfterAsync(Disabled, ct);
    }

    async Task<IActionResult> AfterAsync(bool done, CancellationToken ct)
    {
        if (!done) ModelState.AddModelError(nameof(Code), localizer["twoFactor.wrongCode"]);
        Code = "";
        ModelState.Remove(nameof(Code) + ".Value");
        await LoadAsync(ct);
        return Page();
    }

    async Task LoadAsync(CancellationToken ct)
    {
        var user = HttpContext.CurrentUser();
        Required = twoFactor.IsRequiredFor(user.Role);
        Enabled = await twoFactor.IsEnabledAsync(user.Id, ct);
        if (Enabled) RecoveryCodesLeft = await twoFactor.RecoveryCodesLeftAsync(user.Id, ct);
        else Enrolment = await twoFactor.PendingEnrolmentAsync(user, ct);
    }
}
