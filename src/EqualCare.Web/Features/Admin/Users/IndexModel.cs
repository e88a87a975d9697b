using EqualCare.Web.Features.Identity;
using EqualCare.Web.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace EqualCare.Web.Features.Admin.Users;

/// <summary>The users in the administrator's scope, and the form that creates one.</summary>
public sealed class IndexModel(UserDirectory directory, UserAccounts accounts, IStringLocalizer localizer, TimeProvider clock)
    : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    // The form fields carry the names UserAccounts reports its errors under, so each message lands next to its field.
    // They are nullable so that MVC adds no implicit "required" message of its own: UserAccounts is the one judge.
    [BindProperty]
    public string? UserName { get; set; }

    [BindProperty]
    public string? DisplayName { get; set; }

    [BindProperty]
    public string? Role { get; set; } = Domain.Roles.Community;

    [BindProperty]
    public string? OrgCode { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    /// <summary>Another system's account: no password, tokens issued by an administrator (issue 14 point 1).</summary>
    [BindProperty]
    public bool ServiceAccount { get; set; }

    public UserPage Users { get; private set; } = new(0, 1, UserDirectory.PageSize, []);
    public DateTime UtcNow { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var created = await accounts.CreateAsync(new NewUser(UserName ?? "", DisplayName ?? "", Role ?? "", OrgCode ?? "", Password ?? "", ServiceAccount), HttpContext.CurrentUser(), ct);
        if (!created.IsSuccess)
        {
            created.Error.AddTo(ModelState, localizer);
            await LoadAsync(ct);
            return Page();
        }
        return Redirect($"/Admin/Users/{created.Value.Id}?done=created");
    }

    async Task LoadAsync(CancellationToken ct)
    {
        UtcNow = clock.UtcNow();
        Users = await directory.ListAsync(HttpContext.CurrentUser(), Q, PageNumber, ct);
    }

    public string PageLink(int page) =>
        PageLinks.With("/Admin/Users", ("q", Q), ("p", page.ToString(System.Globalization.CultureInfo.InvariantCulture)));
}
