using EqualCare.Web.Domain;
using EqualCare.Web.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace EqualCare.Web.Features.Activities;

/// <summary>The fixed publicity sites in the user's area; a community worker registers the community's own here.</summary>
public sealed class SitesModel(PublicitySiteHandler handler, IStringLocalizer localizer) : PageModel
{
    [BindProperty]
    public SiteFields Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public bool Done { get; set; }

    public IReadOnlyList<PublicitySiteItem> Sites { get; private set; } = [];
    public bool CanWrite { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var result = await handler.AddAsync(HttpContext.CurrentUser(), new PublicitySiteRequest(Input.Kind, Input.Name, Input.Address, Input.Contents), ct);
        if (result.IsSuccess) return Redirect("/Activities/Sites?done=true");
        ModelState.Clear();
        result.Error.AddTo(ModelState, localizer, key: "");
        await LoadAsync(ct);
        Response.StatusCode = result.Error.Kind == ErrorKind.Forbidden ? StatusCodes.Status403Forbidden : StatusCodes.Status400BadRequest;
        return Page();
    }

    async Task LoadAsync(CancellationToken ct)
    {
        var user = HttpContext.CurrentUser();
        CanWrite = user.Role == Roles.Community;
        Sites = await handler.ListAsync(user, ct);
    }

    public sealed class SiteFields
    {
        public string? Kind { get; set; }
        public string? Name { get; set; }
        public string? Address { get; set; }
        public string? Contents { get; set; }
    }
}
