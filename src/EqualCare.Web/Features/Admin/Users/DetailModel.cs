using EqualCare.Web.Domain;
using EqualCare.Web.Features.Identity;
using EqualCare.Web.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace EqualCare.Web.Features.Admin.Users;

/// <summary>One user: disable or enable it, or give it another role and org unit. Each change ends its open sessions.</summary>
public sealed class DetailModel(UserDirectory directory, UserAccounts accounts, IStringLocalizer localizer, TimeProvider clock)
    : PageModel
{
    /// <summary>What was just done, after the redirect: created, disabled, enabled, rescoped.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Done { get; set; }

    // Nullable, so that an empty field reaches UserAccounts (one Chinese message) rather than MVC's implicit "required".
    [BindProperty]
    public string? Role { get; set; }

    [BindProperty]
    public string? OrgCode { get; set; }

    public UserRow Account { get; private set; } = null!;
    public DateTime UtcNow { get; private set; }
    public bool IsSelf { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        Role = Account.Role;
        OrgCode = Account.OrgCode;
        return Page();
    }

    public async Task<IActionResult> OnPostStatusAsync(long id, bool disable, CancellationToken ct)
    {
        var result = await accounts.SetDisabledAsync(id, disable, HttpContext.CurrentUser(), ct);
        return await AfterAsync(id, result, disable ? "disabled" : "enabled", ct);
    }

    public async Task<IActionResult> OnPostRescopeAsync(long id, CancellationToken ct)
    {
        var result = await accounts.RescopeAsync(id, Role ?? "", OrgCode ?? "", HttpContext.CurrentUser(), ct);
        return await AfterAsync(id, result, "rescoped", ct);
    }

    async Task<IActionResult> AfterAsync(long id, Result<Domain.User> result, string done, CancellationToken ct)
    {
        if (result.IsSuccess) return Redirect($"/Admin/Users/{id}?done={done}");
        if (result.Error.Kind == ErrorKind.NotFound || !await LoadAsync(id, ct)) return NotFound();
        result.Error.AddTo(ModelState, localizer);
        return Page();
    }

    async Task<bool> LoadAsync(long id, CancellationToken ct)
    {
        var me = HttpContext.CurrentUser();
        var account = await directory.FindAsync(me, id, ct);
        if (account is null) return false;
        Account = account;
        IsSelf = account.Id == me.Id;
        UtcNow = clock.UtcNow();
        return true;
    }
}
