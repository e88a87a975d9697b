using EqualCare.Web.Domain.Statistics;
using EqualCare.Web.Domain;
using EqualCare.Web.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace EqualCare.Web.Features.StatForms;

/// <summary>
/// One form in the layout of seed 002's 附件, printable on A4 landscape. The owner edits the figures with no source and
/// submits; the office one level up approves or returns it with a reason; below the form, the forms it sums and its history.
/// </summary>
public sealed class DetailModel(StatFormHandler handler, IStringLocalizer localizer) : PageModel
{
    [BindProperty]
    public Dictionary<string, string?> Values { get; set; } = [];

    [BindProperty]
    public string? Remarks { get; set; }

    [BindProperty]
    public string? Preparer { get; set; }

    [BindProperty]
    public string? Head { get; set; }

    [BindProperty]
    public string? Reason { get; set; }

    [BindProperty]
    public int? Version { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Done { get; set; }

    public StatFormView Form { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct) => await ShowAsync(id, ct) ?? Page();

    public async Task<IActionResult> OnPostSaveAsync(long id, CancellationToken ct)
    {
        var saved = await handler.SaveAsync(HttpContext.CurrentUser(), id, Input(), ct);
        return saved.IsSuccess ? Redirect($"/StatForms/{id}?done=saved") : await RefuseAsync(id, saved.Error, ct);
    }

    /// <summary>Saves what was typed, then submits: one click for the worker.</summary>
    public async Task<IActionResult> OnPostSubmitAsync(long id, CancellationToken ct)
    {
        var user = HttpContext.CurrentUser();
        var saved = await handler.SaveAsync(user, id, Input(), ct);
        if (!saved.IsSuccess) return await RefuseAsync(id, saved.Error, ct);
        // Reason: 未报单位, required when an upper form goes up with units below not approved.
        var submitted = await handler.TransitionAsync(user, id, StatFormAction.Submit, Reason, saved.Value, ct);
        return submitted.IsSuccess ? Redirect($"/StatForms/{id}?done=submitted") : await RefuseAsync(id, submitted.Error, ct);
    }

    public Task<IActionResult> OnPostApproveAsync(long id, CancellationToken ct) => ReviewAsync(id, StatFormAction.Approve, ct);

    public Task<IActionResult> OnPostReturnAsync(long id, CancellationToken ct) => ReviewAsync(id, StatFormAction.Return, ct);

    /// <summary>The office reopens its own submitted or approved form, e.g. to count a unit below approved late.</summary>
    public Task<IActionResult> OnPostReopenAsync(long id, CancellationToken ct) => ReviewAsync(id, StatFormAction.Reopen, ct);

    async Task<IActionResult> ReviewAsync(long id, StatFormAction action, CancellationToken ct)
    {
        var result = await handler.TransitionAsync(HttpContext.CurrentUser(), id, action, Reason, Version, ct);
        return result.IsSuccess ? Redirect($"/StatForms/{id}?done={DoneKey(action)}") : await RefuseAsync(id, result.Error, ct);
    }

    /// <summary>The confirmation key of an action, spelled out: a past tense is not the action's name plus "d" (return → returned).</summary>
    static string DoneKey(StatFormAction action) => action switch
    {
        StatFormAction.Approve => "approved",
        StatFormAction.Return => "returned",
        StatFormAction.Reopen => "reopened",
        _ => "submitted",
    };

    StatFormInput Input()
    {
        // Only the figures with no source are sent; the page shows the others read-only.
        var values = Values.Where(v => StatColumns.Find(v.Key)?.Source == StatSource.Entered).ToDictionary(v => v.Key, v => v.Value);
        return new StatFormInput(values, Remarks, Preparer, Head, Version);
    }

    async Task<IActionResult> RefuseAsync(long id, Error error, CancellationToken ct)
    {
        if (error.Kind == ErrorKind.NotFound) return NotFound();
        if (await ShowAsync(id, ct) is { } notFound) return notFound;
        error.AddTo(ModelState, localizer, key: "");
        return Page();
    }

    async Task<IActionResult?> ShowAsync(long id, CancellationToken ct)
    {
        var form = await handler.GetAsync(HttpContext.CurrentUser(), id, ct);
        if (!form.IsSuccess) return NotFound();
        Form = form.Value;
        return null;
    }
}
