using EqualCare.Web.Domain;
using EqualCare.Web.Web;

namespace EqualCare.Web.Features.Plans;

/// <summary>
/// Who sees and who changes a plan. Offices above the street and the street itself see it, and so do the street's
/// communities (the table is sent to 各社区). Only street and district offices allocate, and only within their scope;
/// a community reports its own figures.
/// </summary>
public static class PlanScope
{
    public static bool CanSee(CurrentUser user, string planOrg) =>
        user.CanReadPersons && (user.Org.Contains(planOrg) || OrgCode.Parse(planOrg).Contains(user.Org.Value));

    public static bool CanManage(CurrentUser user, string planOrg) =>
        user.Role is Roles.Street or Roles.District && user.Org.Contains(planOrg);

    public static bool CanCreate(CurrentUser user) => user.Role is Roles.Street or Roles.District;

    /// <summary>Figures for one community: its own worker, or the offices above it.</summary>
    public static bool CanReport(CurrentUser user, string communityCode) =>
        user.CanReadPersons && user.Org.Contains(communityCode);
}
