using EqualCare.Web.Domain.Statistics;
using EqualCare.Web.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace EqualCare.Web.Features.StatForms;

/// <summary>
/// The statistics forms in the user's subtree for a period (default: this quarter) and, for the office that fills a form,
/// the button that opens its own one (created and filled from the activity log and records, or summed from below).
/// </summary>
public sealed class IndexModel(StatFormHandler handler, TimeProvider clock, IStringLocalizer localizer) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public DateOnly? Start { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateOnly? End { get; set; }

    public IReadOnlyList<StatFormSummary> Forms { get; private set; } = [];
    public bool CanOpen { get; private set; }
    public StatFormSummary? Own { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostOpenAsync(CancellationToken ct)
    {
        var result = await handler.OpenAsync(HttpContext.CurrentUser(), Start, End, ct);
        if (result.IsSuccess) return Redirect($"/StatForms/{result.Value}");
        await LoadAsync(ct);
        result.Error.AddTo(ModelState, localizer, key: "");
        return Page();
    }

    async Task LoadAsync(CancellationToken ct)
    {
        var user = HttpContext.CurrentUser();
        var today = clock.Today();
        Start ??= new DateOnly(today.Year, (today.Month - 1) / 3 * 3 + 1, 1);
        End ??= Start.Value.AddMonths(3).AddDays(-1);
        CanOpen = StatFormWorkflow.OwnerRole(user.Org.Level) == user.Role;
        Forms = await handler.ListAsync(user, Start.Value, End.Value, ct);
        Own = Forms.FirstOrDefault(f => f.OrgCode == user.Org.Value);
    }
}
