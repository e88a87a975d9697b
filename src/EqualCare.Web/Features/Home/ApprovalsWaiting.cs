using EqualCare.Web.Data;
using EqualCare.Web.Domain.Statistics;
using EqualCare.Web.Web;
using Microsoft.EntityFrameworkCore;

namespace EqualCare.Web.Features.Home;

/// <summary>Statistics forms of the user's child units waiting for the user's review (submitted, not yet approved or returned).</summary>
public sealed class ApprovalsWaiting(EqualCareDb db)
{
    /// <summary>Null for a user who reviews no forms (a community worker, or a role that does not own its level's form).</summary>
    public async Task<int?> CountAsync(CurrentUser user, CancellationToken ct)
    {
        if (user.Org.Level >= 5 || StatFormWorkflow.OwnerRole(user.Org.Level) != user.Role) return null;
        return await db.Set<StatForm>().AsNoTracking().WithinOrg(f => f.OrgCode, user.Org)
            .Where(f => f.Level == user.Org.Level + 1 && f.State == StatFormState.Submitted)
            .CountAsync(ct);
    }
}
