using System.Globalization;
using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using EqualCare.Web.Domain.Plans;
using EqualCare.Web.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace EqualCare.Web.Features.Plans;

/// <summary>Allocation of a plan by hand (a grid of the street's communities) or from the filled-in template.</summary>
[UploadLimit(PlanAllocationFile.MaxBytes + 64 * 1024)]
public sealed class AllocateModel(EqualCareDb db, PlanQueries queries, PlanHandler handler, PlanUpload upload, IStringLocalizer localizer)
    : PageModel
{
    public sealed class HandRow
    {
        public string OrgCode { get; set; } = "";
        public List<string?> Targets { get; set; } = [];
        public List<string?> Baselines { get; set; } = [];
    }

    [BindProperty] public int Version { get; set; }
    [BindProperty] public List<HandRow> Rows { get; set; } = [];
    [BindProperty] public IFormFile? Upload { get; set; }

    public Plan Plan { get; private set; } = null!;
    public IReadOnlyList<PlanMeasure> Measures { get; private set; } = [];
    public IReadOnlyDictionary<string, string> Names { get; private set; } = new Dictionary<string, string>();

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        await FillRowsAsync(id, ct);
        return Page();
    }

    public async Task<IActionResult> OnGetTemplateAsync(long id, CancellationToken ct)
    {
        var bytes = await PlansApi.TemplateBytesAsync(HttpContext.CurrentUser(), queries, db, id, ct);
        return bytes is null ? NotFound() : File(bytes, PlansApi.XlsxType, $"plan-{id}-allocation.xlsx");
    }

    public async Task<IActionResult> OnPostAsync(long id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        var rows = new List<AllocationRow>();
        foreach (var (row, index) in Rows.Select((r, i) => (r, i + 1)))
        {
            var targets = new List<int?>();
            var baselines = new List<int?>();
            for (var i = 0; i < Measures.Count; i++)
            {
                if (!TryNumber(row.Targets.ElementAtOrDefault(i), out var t) || !TryNumber(row.Baselines.ElementAtOrDefault(i), out var b))
                {
                    ModelState.AddModelError(string.Empty, localizer["plans.allocation.bad", index]);
                    return Page();
                }
                targets.Add(t);
                baselines.Add(b);
            }
            if (targets.Any(t => t is not null) || baselines.Any(b => b is not null)) rows.Add(new AllocationRow(row.OrgCode, targets, baselines));
        }
        var result = await handler.AllocateAsync(HttpContext.CurrentUser(), id, new AllocationRequest(Version, rows), "form", ct);
        return Outcome(id, result);
    }

    public async Task<IActionResult> OnPostUploadAsync(long id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        if (Upload is null)
        {
            ModelState.AddModelError(string.Empty, localizer["plans.file.missing"]);
            await FillRowsAsync(id, ct);
            return Page();
        }
        await using var content = Upload.OpenReadStream();
        var result = await upload.AllocateAsync(HttpContext.CurrentUser(), id, Version, content, Upload.FileName, ct);
        if (!result.IsSuccess) await FillRowsAsync(id, ct);
        return Outcome(id, result);
    }

    IActionResult Outcome(long id, Result<PlanCreated> result)
    {
        if (result.IsSuccess) return Redirect($"/Plans/{id}?done=allocated");
        if (result.Error.Kind == ErrorKind.NotFound) return NotFound();
        result.Error.AddTo(ModelState, localizer, key: "");
        return Page();
    }

    static bool TryNumber(string? text, out int? value)
    {
        value = null;
        if (string.IsNullOrWhiteSpace(text)) return true;
        if (!int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var n)) return false;
        value = n;
        return true;
    }

    async Task<bool> LoadAsync(long id, CancellationToken ct)
    {
        var plan = await db.Set<Plan>().AsNoTracking().SingleOrDefaultAsync(p => p.Id == id, ct);
        if (plan is null || !PlanScope.CanManage(HttpContext.CurrentUser(), plan.OrgCode)) return false;
        Plan = plan;
        Measures = await db.Set<PlanMeasure>().AsNoTracking().Where(m => m.PlanId == id).OrderBy(m => m.Position).ToListAsync(ct);
        var communities = await queries.CommunitiesAsync(plan.OrgCode, ct);
        Names = communities.ToDictionary(c => c.Code, c => c.Name);
        if (Rows.Count == 0) Rows = communities.Select(c => new HandRow { OrgCode = c.Code }).ToList();
        return true;
    }

    /// <summary>The grid shows the current allocation: the street's communities, allocated ones first in their order.</summary>
    async Task FillRowsAsync(long id, CancellationToken ct)
    {
        Version = Plan.Version;
        var current = await db.Set<PlanAllocation>().AsNoTracking().Where(a => a.PlanId == id).ToListAsync(ct);
        var order = current.GroupBy(a => a.OrgCode).ToDictionary(g => g.Key, g => g.Min(a => a.Position));
        Rows = Names.Keys.OrderBy(c => order.GetValueOrDefault(c, int.MaxValue)).ThenBy(c => c, StringComparer.Ordinal)
            .Select(code => new HandRow
            {
                OrgCode = code,
                Targets = Measures.Select(m => current.FirstOrDefault(a => a.MeasureId == m.Id && a.OrgCode == code)?.Target
                    .ToString(CultureInfo.InvariantCulture)).ToList(),
                Baselines = Measures.Select(m => current.FirstOrDefault(a => a.MeasureId == m.Id && a.OrgCode == code)?.Baseline?
                    .ToString(CultureInfo.InvariantCulture)).ToList(),
            }).ToList();
    }
}
