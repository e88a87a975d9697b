using EqualCare.Web.Domain.Indicators;
using EqualCare.Web.Domain;
using EqualCare.Web.Domain.Schedules;
using EqualCare.Web.Features.Services;
using EqualCare.Web.Web;
using Microsoft.Extensions.Options;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace EqualCare.Web.Features.Indicators;

/// <summary>
/// Every indicator's definition, its target and amber threshold in force, and the history of changes. District and city
/// administrators set a target with a reason; anyone else sees the page read-only and a forged post is refused (403).
/// </summary>
public sealed class TargetsModel(IndicatorTargets targets, IStringLocalizer localizer, IOptions<CareOptions> care, TimeProvider clock)
    : PageModel
{
    [BindProperty] public string? Code { get; set; }
    [BindProperty] public decimal? Target { get; set; }
    [BindProperty] public decimal? Amber { get; set; }
    [BindProperty] public string? Reason { get; set; }
    [BindProperty(SupportsGet = true)] public bool Done { get; set; }

    public IReadOnlyDictionary<string, Target> Current { get; private set; } = new Dictionary<string, Target>();
    public IReadOnlyList<TargetChange> History { get; private set; } = [];
    public bool CanManage { get; private set; }

    /// <summary>The ages of the office's 康检 rule in force today, shown with the 康检 rate's denominator.</summary>
    public (int Min, int Max)? CheckupAges { get; private set; }

    /// <summary>Where the office's seed writes the indicator's target; null when the target is the project's proposal.</summary>
    public string? WrittenIn(string code) => targets.WrittenIn(code);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!HttpContext.CurrentUser().CanReadPersons && !IndicatorTargets.CanManage(HttpContext.CurrentUser())) return NotFound();
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var user = HttpContext.CurrentUser();
        var result = await targets.SetAsync(user, Code, ModelState.IsValid ? Target : null, ModelState.IsValid ? Amber : null, Reason, ct);
        if (result.IsSuccess) return Redirect("/Indicators/Targets?done=true");
        if (result.Error.Kind == ErrorKind.Forbidden) return StatusCode(StatusCodes.Status403Forbidden);
        ModelState.Clear();
        result.Error.AddTo(ModelState, localizer);
        await LoadAsync(ct);
        return Page();
    }

    async Task LoadAsync(CancellationToken ct)
    {
        CanManage = IndicatorTargets.CanManage(HttpContext.CurrentUser());
        CheckupAges = LocalRule.InForce(care.Value.LocalRules(), clock.Today()).FirstOrDefault(r => r.Kind == CareKind.WomensCheckup) is { } rule
            ? (rule.MinAge, rule.MaxAge) : null;
        Current = await targets.CurrentAsync(ct);
        History = await targets.HistoryAsync(ct);
    }
}
