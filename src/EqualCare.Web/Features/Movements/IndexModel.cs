using EqualCare.Web.Domain;
using EqualCare.Web.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace EqualCare.Web.Features.Movements;

/// <summary>One case's movement history and the forms that add to it (post, then redirect back).</summary>
public sealed class IndexModel(MovementHandler handler, IStringLocalizer localizer) : PageModel
{
    /// <summary>The kind just recorded, after the redirect.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Done { get; set; }

    // Nullable, so that an empty field reaches the rules (one Chinese message) rather than MVC's implicit "required".
    [BindProperty]
    public string? Kind { get; set; }

    [BindProperty]
    public DateOnly? OccurredOn { get; set; }

    [BindProperty]
    public string? ToCommunityCode { get; set; }

    [BindProperty]
    public string? Destination { get; set; }

    [BindProperty]
    public string? Note { get; set; }

    [BindProperty]
    public int? Version { get; set; }

    public MovementHistory History { get; private set; } = null!;
    public IReadOnlyList<OrgUnit> Targets { get; private set; } = [];
    public bool CanWrite { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct) =>
        await LoadAsync(id, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(long id, CancellationToken ct)
    {
        var user = HttpContext.CurrentUser();
        if (!ModelState.IsValid)
        {
            // A value that does not even bind (a malformed date): one Chinese message on the posted form.
            ModelState.Clear();
            ModelState.AddModelError(Kind + ".", localizer["movement.input.bad"]);
            return await LoadAsync(id, ct) ? Page() : NotFound();
        }
        var result = await handler.RecordAsync(user, id, new MovementRequest(Kind, OccurredOn, ToCommunityCode, Destination, Note, Version), ct);
        if (result.IsSuccess)
        {
            // Scope follows the person: after a hand-over to another community the case is no longer ours to show.
            var moved = result.Value;
            return user.Org.Contains(moved.CommunityCode)
                ? Redirect($"/Persons/{id}/Movements?done={moved.Kind}")
                : Redirect($"/Movements/HandedOver?to={moved.CommunityCode}");
        }
        if (result.Error.Kind == ErrorKind.NotFound || !await LoadAsync(id, ct)) return NotFound();
        result.Error.AddTo(ModelState, localizer, key: Kind + "."); // the form of this kind lists every message under its key
        return Page();
    }

    async Task<bool> LoadAsync(long id, CancellationToken ct)
    {
        var user = HttpContext.CurrentUser();
        var history = await handler.HistoryAsync(user, id, ct);
        if (!history.IsSuccess) return false;
        History = history.Value;
        CanWrite = user.CanWritePersons;
        if (CanWrite) Targets = (await handler.TargetCommunitiesAsync(user, ct)).Where(o => o.Code != History.CommunityCode).ToList();
        return true;
    }

    /// <summary>The messages for the form of <paramref name="kind"/>, when that form was the one posted.</summary>
    public IReadOnlyList<string> ErrorsFor(string kind) =>
        ModelState.Where(e => e.Key.StartsWith(kind + ".", StringComparison.Ordinal))
            .SelectMany(e => e.Value!.Errors).Select(e => e.ErrorMessage).ToList();

    /// <summary>The value to show again in the form of <paramref name="kind"/> after a refusal; empty in the others.</summary>
    public string? Again(string kind, string? value) => string.Equals(Kind, kind, StringComparison.Ordinal) ? value : null;
}
