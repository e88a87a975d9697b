using EqualCare.Web.Data;
using EqualCare.Web.Features.Worklist;
using EqualCare.Web.Web;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace EqualCare.Web.Features.Home;

public sealed class IndexModel(EqualCareDb db, WorklistQuery worklist, HomeDashboard dashboard) : PageModel
{
    public string DisplayName { get; private set; } = "";
    public string OrgCode { get; private set; } = "";
    public string OrgName { get; private set; } = "";
    public int? PersonsInScope { get; private set; }
    /// <summary>The to-do counts of a community or street user; a district's whole list is too big for every page load.</summary>
    public WorklistCounts? ToDo { get; private set; }
    public Dashboard? Dashboard { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var user = HttpContext.CurrentUser();
        DisplayName = await db.Users.Where(u => u.Id == user.Id).Select(u => u.DisplayName).SingleAsync(ct);
        OrgCode = user.Org.Value;
        OrgName = await db.OrgUnits.Where(o => o.Code == user.Org.Value).Select(o => o.Name).SingleOrDefaultAsync(ct) ?? user.Org.Value;
        if (user.CanReadPersons) PersonsInScope = await db.Persons.InScopeOf(user).CountAsync(ct);
        if (user.CanReadPersons && user.Org.Level >= 4) ToDo = (await worklist.ForAsync(user, null, ct)).Counts;
        Dashboard = await dashboard.ForAsync(user, ct);
    }
}
