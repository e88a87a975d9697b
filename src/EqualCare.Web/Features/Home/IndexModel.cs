using EqualCare.Web.Data;
using EqualCare.Web.Features.Worklist;
using EqualCare.Web.Web;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace EqualCare.Web.Features.Home;

public sealed class IndexModel(EqualCareDb db, WorkerWorklist worklist, HomeDashboard dashboard) : PageModel
{
    public string DisplayName { get; private set; } = "";
    public string OrgCode { get; private set; } = "";
    public string OrgName { get; private set; } = "";
    public int? PersonsInScope { get; private set; }
    /// <summary>The to-do counts of a community or street user; a district's whole list is too big for every page load. They
    /// come from the list's own code (<see cref="WorkerWorklist"/>), so they are the list's figures: a worker's own persons
    /// when some are assigned to her, as her list shows by default.</summary>
    public WorklistCounts? ToDo { get; private set; }
    public Dashboard? Dashboard { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var user = HttpContext.CurrentUser();
        DisplayName = await db.Users.Where(u => u.Id == user.Id).Select(u => u.DisplayName).SingleAsync(ct);
        OrgCode = user.Org.Value;
        OrgName = await db.OrgUnits.Where(o => o.Code == user.Org.Value).Select(o => o.Name).SingleOrDefaultAsync(ct) ?? user.Org.Value;
        if (user.CanReadPersons) PersonsInScope = await db.Persons.InScopeOf(user).CountAsync(ct);
        if (user.CanReadPersons && user.Org.Level >= 4) ToDo = (await worklist.PageAsync(user, null, null, null, null, null, 1, 1, ct)).Counts;
        Dashboard = await dashboard.ForAsync(user, ct);
    }
}
