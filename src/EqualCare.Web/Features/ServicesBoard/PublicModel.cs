using EqualCare.Web.Domain;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace EqualCare.Web.Features.ServicesBoard;

/// <summary>
/// The public services page (服务信息, docs/rules.md §10.3): no login, phone first. A migrant chooses her district, street
/// and community (or opens the link of a QR code, which names the division code) and sees what is near: the published,
/// unexpired items of her community and of the offices above it, the hotlines to call (tap to call), the consultation
/// rooms and the coming check-up days. It reads <see cref="PublicBoardQuery"/> alone, which cannot reach a person table;
/// it is rate limited per client address (the login's limit is per account, which an anonymous page does not have) and
/// cached briefly (one minute) when nobody is signed in. What the request brings is only ever shown as a known unit.
/// </summary>
[AllowAnonymous]
[EnableRateLimiting(RatePolicy)]
public sealed class PublicModel(PublicBoardQuery query) : PageModel
{
    public const string RatePolicy = "public-board";
    public const string Path = "/Public/Services";

    /// <summary>The division code from the route (a QR code's link) or the find form.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Code { get; set; }

    public PublicBoardView? Board { get; private set; }
    public IReadOnlyList<PublicPlace> Start { get; private set; } = [];
    public bool Unknown { get; private set; }

    public static string PathOf(OrgCode unit) => $"{Path}/{unit.Prefix}";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        // Briefly cacheable for everyone when anonymous; never in a shared cache when a signed-in session is attached.
        Response.Headers.CacheControl = User.Identity?.IsAuthenticated == true ? "private, no-store" : "public, max-age=60";
        Response.Headers.Vary = "Cookie";
        var code = Code?.Trim();
        if (string.IsNullOrEmpty(code))
        {
            Start = await query.StartAsync(ct);
            return Page();
        }
        Board = await query.ForAsync(code, ct);
        if (Board is null)
        {
            Unknown = true;
            Start = await query.StartAsync(ct);
            Response.StatusCode = StatusCodes.Status404NotFound;
        }
        return Page();
    }
}
