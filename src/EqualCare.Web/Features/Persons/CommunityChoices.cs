using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using EqualCare.Web.Web;
using Microsoft.EntityFrameworkCore;

namespace EqualCare.Web.Features.Persons;

public sealed record Choice(string Value, string Text);

public static class CommunityChoices
{
    /// <summary>The communities (level 5) a user may register people in: those of its own subtree.</summary>
    public static async Task<IReadOnlyList<Choice>> ForAsync(EqualCareDb db, CurrentUser user, CancellationToken ct) =>
        await db.OrgUnits.AsNoTracking().WithinOrg(o => o.Code, user.Org).Where(o => o.Level == 5)
            .OrderBy(o => o.Code).Take(500).Select(o => new Choice(o.Code, o.Name)).ToListAsync(ct);
}
