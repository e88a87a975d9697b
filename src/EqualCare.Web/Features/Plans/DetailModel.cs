using EqualCare.Web.Domain.Plans;
using EqualCare.Web.Domain;
using EqualCare.Web.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace EqualCare.Web.Features.Plans;

/// <summary>A plan's progress page: the allocation table with progress and totals, the snapshots and the report form.</summary>
public sealed class DetailModel(PlanQueries queries, PlanHandler handler, IOptions<PlanOptions> options, IStringLocalizer localizer)
    : PageModel
{
    [BindProperty] public long MeasureId { get; set; }
    [BindProperty] public string? ReportOrg { get; set; }
    [BindProperty] public int? Value { get; set; }
    [BindProperty] public DateOnly? AsOf { get; set; }
    [BindProperty] public string? Note { get; set; }

    [BindProperty(SupportsGet = true)] public string? Done { get; set; }

    public PlanView View { get; private set; } = null!;
    public bool CanManage { get; private set; }
    public string SnapshotDays => string.Join("、", Domain.Plans.SnapshotDays.Parse(options.Value.SnapshotDays).Days);

    /// <summary>Entered measures, and the allocated communities the user may report for.</summary>
    public IReadOnlyList<PlanMeasure> ReportMeasures { get; private set; } = [];
    public IReadOnlyList<string> ReportCommunities { get; private set; } = [];

    public string Name(string code) => View.Names.GetValueOrDefault(code, code);

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct) =>
        await LoadAsync(id, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostReportAsync(long id, CancellationToken ct)
    {
        var user = HttpContext.CurrentUser();
        var result = ModelState.IsValid
            ? await handler.ReportAsync(user, id, new ProgressRequest(MeasureId, ReportOrg, Value, AsOf, Note), ct)
            : Error.Validation("plans.progress.value", nameof(Value));
        if (result.IsSuccess) return Redirect($"/Plans/{id}?done=reported");
        if (result.Error.Kind == ErrorKind.NotFound) return NotFound();
        result.Error.AddTo(ModelState, localizer, key: "");
        return await LoadAsync(id, ct) ? Page() : NotFound();
    }

    async Task<bool> LoadAsync(long id, CancellationToken ct)
    {
        var user = HttpContext.CurrentUser();
        var found = await queries.GetAsync(user, id, ct);
        if (!found.IsSuccess) return false;
        View = found.Value;
        CanManage = PlanScope.CanManage(user, View.Plan.OrgCode);
        ReportMeasures = View.Table.Measures.Where(m => m.Kind == PlanMeasureKind.Entered).ToList();
        ReportCommunities = View.Table.Rows.Select(r => r.OrgCode).Where(c => PlanScope.CanReport(user, c)).ToList();
        return true;
    }
}
