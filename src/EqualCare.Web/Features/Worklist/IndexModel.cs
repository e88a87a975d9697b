using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using EqualCare.Web.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace EqualCare.Web.Features.Worklist;

/// <summary>
/// The to-do list (待办) of the user's community, or of a unit below a street or district user: counts, then one row per
/// person with her items of the chosen view inside it, each item with its one-step actions (record the service, exempt
/// with a reason, mark unreachable). A worker with persons assigned to her sees her own (我的) unless she asks for all.
/// </summary>
public sealed class IndexModel(WorkerWorklist worklist, DecisionHandler decisions, IStringLocalizer localizer, AuditLog audit,
    FollowUpQuery followUps) : PageModel
{
    /// <summary>Persons a page: a page is a morning's round, not a count of items.</summary>
    public const int PageSize = 50;

    /// <summary>Chips shown in a collapsed row (the most urgent); the rest are behind "+N", so a row stays one line at 1366 px.</summary>
    public const int ChipsShown = 3;

    [BindProperty(SupportsGet = true)]
    public string? Org { get; set; }

    /// <summary>all | overdue | week | month</summary>
    [BindProperty(SupportsGet = true)]
    public string? View { get; set; } = "all";

    [BindProperty(SupportsGet = true)]
    public WorkGroup? Group { get; set; }

    /// <summary>Part of a name: a worker at a door looks up the person in front of her.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Name { get; set; }

    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    [BindProperty(SupportsGet = true)]
    public string? Done { get; set; }

    /// <summary>mine | all: a worker with assigned persons sees hers by default (<see cref="WorkerWorklist"/>).</summary>
    [BindProperty(SupportsGet = true)]
    public string? Scope { get; set; }

    public Worklist List { get; private set; } = null!;

    /// <summary>The unit's name for the heading (祥和社区): a worker knows her unit by name, not by its code.</summary>
    public string UnitName { get; private set; } = "";
    public WorklistPersonsPage Rows { get; private set; } = null!;
    public IReadOnlyList<PersonRow> Shown => Rows.Rows;
    public bool Mine { get; private set; }
    public int AssignedToMe { get; private set; }
    public bool CanWrite { get; private set; }
    /// <summary>A street office assigns its communities' persons to workers (<see cref="AssignmentHandler"/>).</summary>
    public bool CanAssign { get; private set; }
    public int PageCount => Rows.PageCount;
    /// <summary>需要处理的比对结果与协查 of the list's unit (<see cref="FollowUpQuery"/>).</summary>
    public FollowUps? FollowUps { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var user = HttpContext.CurrentUser();
        if (!user.CanReadPersons) return NotFound();
        await LoadAsync(user, ct);
        await WorklistAudit.RecordAsync(audit, user, Rows, Group, View, Name, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostDecideAsync(long personId, string? kind, string? itemKey, DateOnly? windowStart, string? reason,
        string? note, CancellationToken ct)
    {
        var user = HttpContext.CurrentUser();
        var result = await decisions.DecideAsync(user, personId, new DecisionRequest(kind, itemKey, windowStart, reason, note), ct);
        if (result.IsSuccess) return Redirect(BackUrl("decided"));
        if (result.Error.Kind == ErrorKind.NotFound) return NotFound();
        result.Error.AddTo(ModelState, localizer, key: "");
        await LoadAsync(user, ct);
        return Page();
    }

    public string BackUrl(string? done = null, int? page = null) =>
        $"/Worklist?org={Org}&view={View}&group={Group}&name={Uri.EscapeDataString(Name ?? "")}&scope={Scope}&p={page ?? PageNumber}"
        + (done is null ? "" : "&done=" + done);

    /// <summary>A link of the page with one filter changed and the others kept (the page goes back to the first).</summary>
    public string Link(string? view = null, WorkGroup? group = null, bool keepGroup = true, string? scope = null) =>
        $"?org={Org}&view={view ?? View}&group={(keepGroup ? group ?? Group : group)}&name={Uri.EscapeDataString(Name ?? "")}&scope={scope ?? Scope}";

    async Task LoadAsync(CurrentUser user, CancellationToken ct)
    {
        CanWrite = user.CanWritePersons;
        CanAssign = user.Role == Roles.Street;
        Rows = await worklist.PageAsync(user, OrgCode.TryParse(Org, out var org) ? org : null, Scope, Group, View, Name, PageNumber, PageSize, ct);
        // The page shows the counts, the day and the unit; the items are the page's rows (Rows), never the whole list.
        List = new Worklist(Rows.OrgCode, Rows.Today, Rows.Counts, []);
        UnitName = Rows.UnitName;
        Mine = Rows.Mine;
        AssignedToMe = Rows.AssignedToMe;
        PageNumber = Rows.Page;
        FollowUps = await followUps.ForAsync(user, OrgCode.Parse(Rows.OrgCode), ct);
    }

    /// <summary>本周 for an item due within the week and not 逾期: the chip's mark beside 逾期.</summary>
    public bool ThisWeek(WorkItem item) => WorklistFilter.ThisWeek(item, List.Today);

    /// <summary>The link that records the item's service, prefilled with its kind, the contact and the dose.</summary>
    public static string RecordUrl(WorkItem item, string back) =>
        $"/Persons/{item.PersonId}/Services?fulfils={item.Kind}&itemKey={Uri.EscapeDataString(item.ItemKey ?? "")}&returnUrl={Uri.EscapeDataString(back)}";
}
