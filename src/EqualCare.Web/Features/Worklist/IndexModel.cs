using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using EqualCare.Web.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace EqualCare.Web.Features.Worklist;

/// <summary>
/// The to-do list (待办) of the user's community, or of a unit below a street or district user: counts, then the items
/// of the chosen view, each with its one-step actions (record the service, exempt with a reason, mark unreachable).
/// </summary>
public sealed class IndexModel(WorklistQuery query, DecisionHandler decisions, IStringLocalizer localizer, EqualCareDb db) : PageModel
{
    public const int PageSize = 50;

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

    public Worklist List { get; private set; } = null!;

    /// <summary>The unit's name for the heading (祥和社区居民委员会): a worker knows her unit by name, not by its code.</summary>
    public string UnitName { get; private set; } = "";
    public IReadOnlyList<WorkItem> Shown { get; private set; } = [];
    public int Matching { get; private set; }
    public bool CanWrite { get; private set; }
    public int PageCount => Math.Max(1, (Matching + PageSize - 1) / PageSize);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var user = HttpContext.CurrentUser();
        if (!user.CanReadPersons) return NotFound();
        await LoadAsync(user, ct);
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
        $"/Worklist?org={Org}&view={View}&group={Group}&name={Uri.EscapeDataString(Name ?? "")}&p={page ?? PageNumber}"
        + (done is null ? "" : "&done=" + done);

    async Task LoadAsync(CurrentUser user, CancellationToken ct)
    {
        CanWrite = user.CanWritePersons;
        List = await query.ForAsync(user, OrgCode.TryParse(Org, out var org) ? org : null, ct);
        UnitName = await db.OrgUnits.AsNoTracking().Where(o => o.Code == List.OrgCode).Select(o => o.Name).FirstOrDefaultAsync(ct)
                   ?? List.OrgCode;
        var items = List.Items.Where(i => Group is null || i.Group == Group)
            .Where(i => string.IsNullOrWhiteSpace(Name) || i.Name.Contains(Name.Trim(), StringComparison.Ordinal)).Where(i => View switch
        {
            "overdue" => i.Overdue,
            "week" => i.DueWithin(List.Today, 7),
            "month" => i.DueWithin(List.Today, 31),
            _ => true,
        }).ToList();
        Matching = items.Count;
        PageNumber = Math.Clamp(PageNumber, 1, PageCount);
        Shown = items.Skip((PageNumber - 1) * PageSize).Take(PageSize).ToList();
    }

    /// <summary>The link that records the item's service, prefilled with its kind, the contact and the dose.</summary>
    public static string RecordUrl(WorkItem item, string back) =>
        $"/Persons/{item.PersonId}/Services?fulfils={item.Kind}&itemKey={Uri.EscapeDataString(item.ItemKey ?? "")}&returnUrl={Uri.EscapeDataString(back)}";
}
