using System.Security.Claims;
using EqualCare.Web.Domain;

namespace EqualCare.Web.Web;

/// <summary>Who is asking and what they may see: role × org scope, read from the authenticated principal.</summary>
public sealed record CurrentUser(long Id, string UserName, string Role, OrgCode Org)
{
    public const string OrgClaim = "org";
    public const string StampClaim = "stamp";

    public static CurrentUser? From(ClaimsPrincipal principal)
    {
        if (principal.Identity?.IsAuthenticated != true) return null;
        var id = principal.FindFirstValue(ClaimTypes.NameIdentifier);
        var name = principal.FindFirstValue(ClaimTypes.Name);
        var role = principal.FindFirstValue(ClaimTypes.Role);
        var org = principal.FindFirstValue(OrgClaim);
        if (!long.TryParse(id, out var userId) || name is null || !Roles.IsKnown(role) || !OrgCode.TryParse(org, out var code))
            return null;
        return new CurrentUser(userId, name, role!, code);
    }

    public static List<Claim> ClaimsOf(User user, string authenticationMethod) =>
    [
        new(ClaimTypes.NameIdentifier, user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        new(ClaimTypes.Name, user.UserName),
        new(ClaimTypes.Role, user.Role),
        new(OrgClaim, user.OrgCode),
        new(StampClaim, user.SecurityStamp),
        new(ClaimTypes.AuthenticationMethod, authenticationMethod),
    ];

    public bool CanReadPersons => Roles.CanReadPersons(Role);
    public bool CanWritePersons => Roles.CanWritePersons(Role);
    public bool IsSystemAdmin => Role == Roles.SystemAdmin;
}

public static class CurrentUserHttpExtensions
{
    /// <summary>The current user; endpoints behind RequireAuthorization always have one.</summary>
    public static CurrentUser CurrentUser(this HttpContext context) =>
        Web.CurrentUser.From(context.User) ?? throw new InvalidOperationException("No authenticated user.");
}
