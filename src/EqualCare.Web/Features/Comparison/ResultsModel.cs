using EqualCare.Web.Domain.Comparison;
using EqualCare.Web.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace EqualCare.Web.Features.Comparison;

/// <summary>/Comparison/Results: the drill-down of one kind of result (of one list or all, one community or all), each
/// row explained (which fields agreed) and resolvable with a reason.</summary>
public sealed class ResultsModel(ComparisonQueries queries, ResolutionHandler resolutions, IStringLocalizer localizer) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public long? List { get; set; }

    [BindProperty(SupportsGet = true)]
    public FindingKind Kind { get; set; } = FindingKind.Missing;

    [BindProperty(SupportsGet = true)]
    public string? Community { get; set; }

    [BindProperty(SupportsGet = true)]
    public bool Open { get; set; }

    /// <summary>Lists dated from / to (the rates' drill-down: the lists of a period).</summary>
    [BindProperty(SupportsGet = true)]
    public DateOnly? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateOnly? To { get; set; }

    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    [BindProperty(SupportsGet = true)]
    public bool Resolved { get; set; }

    public ResultPage Results { get; private set; } = new([], 0, 1, ComparisonQueries.PageSize);
    public bool MayResolve { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var user = HttpContext.CurrentUser();
        if (!user.CanReadPersons || !Enum.IsDefined(Kind)) return NotFound();
        await LoadAsync(user, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostResolveAsync(long resultId, ResolutionReason? reason, string? note, CancellationToken ct)
    {
        var user = HttpContext.CurrentUser();
        if (!user.CanWritePersons || !Enum.IsDefined(Kind)) return NotFound();
        var outcome = await resolutions.ResolveAsync(user, resultId, reason, note, null, ct);
        if (outcome.IsFailure)
        {
            if (outcome.Error.Kind == Domain.ErrorKind.NotFound) return NotFound();
            ModelState.Clear();
            outcome.Error.AddTo(ModelState, localizer, key: "");
            await LoadAsync(user, ct);
            return Page();
        }
        return Redirect(PageUrl() + "&resolved=true");
    }

    public string PageUrl(int? page = null) =>
        $"/Comparison/Results?kind={Kind}" + (List is { } l ? $"&list={l}" : "") + (Community is { } c ? $"&community={Uri.EscapeDataString(c)}" : "")
        + (Open ? "&open=true" : "") + (From is { } f ? $"&from={ComparisonQueries.Iso(f)}" : "") + (To is { } t ? $"&to={ComparisonQueries.Iso(t)}" : "")
        + (page is { } p ? $"&p={p}" : "");

    async Task LoadAsync(CurrentUser user, CancellationToken ct)
    {
        MayResolve = user.CanWritePersons;
        Results = await queries.ResultsAsync(user, List, Kind, Community, Open, PageNumber, ct, From, To);
    }

    /// <summary>The agreed fields and the near-match reasons, as the UI-string keys to show.</summary>
    public static IEnumerable<string> AgreedKeys(Agreement agreed) =>
        Enum.GetValues<Agreement>().Where(a => a != Agreement.None && agreed.HasFlag(a)).Select(a => "comparison.agreed." + a);
}
