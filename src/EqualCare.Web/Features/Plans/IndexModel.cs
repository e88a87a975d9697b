using EqualCare.Web.Domain.Plans;
using EqualCare.Web.Domain.Services;
using EqualCare.Web.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace EqualCare.Web.Features.Plans;

/// <summary>The plans the user sees, and the form that creates one (street and district offices).</summary>
public sealed class IndexModel(PlanQueries queries, PlanHandler handler, IStringLocalizer localizer) : PageModel
{
    public const int MeasureRows = 6;

    public sealed class MeasureForm
    {
        public string? Label { get; set; }
        public PlanMeasureKind Kind { get; set; } = PlanMeasureKind.Entered;
        public List<string> Operations { get; set; } = [];
        public string? Unit { get; set; }
        public DateOnly? WindowFrom { get; set; }
        public DateOnly? WindowTo { get; set; }
        public string? BaselineLabel { get; set; }
        public int? StatedTotal { get; set; }
    }

    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? OrgCode { get; set; }
    [BindProperty] public DateOnly? PeriodFrom { get; set; }
    [BindProperty] public DateOnly? PeriodTo { get; set; }
    [BindProperty] public bool RowTotal { get; set; }
    [BindProperty] public List<MeasureForm> Measures { get; set; } = [];

    public IReadOnlyList<PlanSummary> Plans { get; private set; } = [];
    public bool CanCreate { get; private set; }

    public static IReadOnlyList<PlanMeasureKind> Kinds => Enum.GetValues<PlanMeasureKind>();
    public static IReadOnlyList<Operation> AllOperations => Enum.GetValues<Operation>();

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var user = HttpContext.CurrentUser();
        if (!user.CanReadPersons) return NotFound();
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var user = HttpContext.CurrentUser();
        if (!PlanScope.CanCreate(user)) return NotFound();
        // Parse errors of the date and number fields are the browser's or the binder's; the handler checks the rest.
        if (!ModelState.IsValid)
        {
            await LoadAsync(ct);
            return Page();
        }
        var measures = Measures.Where(m => !string.IsNullOrWhiteSpace(m.Label))
            .Select(m => new MeasureRequest(m.Label, m.Kind, m.Operations, m.Unit, m.WindowFrom, m.WindowTo, m.BaselineLabel, m.StatedTotal))
            .ToList();
        var created = await handler.CreateAsync(user, new PlanRequest(Name, OrgCode, PeriodFrom, PeriodTo, RowTotal, measures), ct);
        if (!created.IsSuccess)
        {
            created.Error.AddTo(ModelState, localizer);
            await LoadAsync(ct);
            return Page();
        }
        return Redirect($"/Plans/{created.Value.Id}/Allocate");
    }

    async Task LoadAsync(CancellationToken ct)
    {
        var user = HttpContext.CurrentUser();
        CanCreate = PlanScope.CanCreate(user);
        Plans = await queries.ListAsync(user, ct);
        while (Measures.Count < MeasureRows) Measures.Add(new MeasureForm());
    }
}
