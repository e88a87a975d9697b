using System.Globalization;
using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using EqualCare.Web.Domain.Schedules;
using EqualCare.Web.Domain.Services;
using EqualCare.Web.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace EqualCare.Web.Features.Services;

/// <summary>
/// A case's services and due items in date order, and the form that records a service. Opened from the to-do list with
/// the item prefilled (kind, contact, vaccine and dose), so recording it is one form; after saving it goes back there.
/// </summary>
public sealed class IndexModel(ServiceHandler handler, TimelineQuery timelines, AuditLog audit, IStringLocalizer localizer) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Fulfils { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ItemKey { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    [BindProperty(SupportsGet = true)]
    public bool Done { get; set; }

    /// <summary>The form binds the request itself; its fields are nullable, so that an empty one reaches the rules (one
    /// Chinese message) rather than MVC's implicit "required", and an unticked box is no answer.</summary>
    [BindProperty]
    public ServiceRequest Input { get; set; } = new(null, null);

    public Timeline Timeline { get; private set; } = null!;
    public bool CanWrite { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        Prefill();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long id, CancellationToken ct)
    {
        var user = HttpContext.CurrentUser();
        if (!ModelState.IsValid) return await RefuseAsync(id, Error.Validation("service.kind.bad"), ct);
        var result = await handler.RecordAsync(user, id, Input, ct);
        if (result.IsSuccess)
            return Redirect(SafeReturn(ReturnUrl) is { } back ? back + (back.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "done=recorded"
                : $"/Persons/{id}/Services?done=true");
        return result.Error.Kind == ErrorKind.NotFound ? NotFound() : await RefuseAsync(id, result.Error, ct);
    }

    /// <summary>Only a path of this site: an open redirect would let a forged link send a worker elsewhere after saving.</summary>
    public static string? SafeReturn(string? url) =>
        url is { Length: > 1 } && url[0] == '/' && url[1] != '/' && url[1] != '\\' ? url : null;

    async Task<IActionResult> RefuseAsync(long id, Error error, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        error.AddTo(ModelState, localizer, key: "");
        return Page();
    }

    async Task<bool> LoadAsync(long id, CancellationToken ct)
    {
        var user = HttpContext.CurrentUser();
        var timeline = await timelines.ForAsync(user, id, ct);
        var entityId = id.ToString(CultureInfo.InvariantCulture);
        if (timeline is null)
        {
            await audit.RecordAsync(AuditLog.Actions.View, "person", entityId, AuditOutcome.Refused, "services: not found or outside scope", ct: ct);
            return false;
        }
        await audit.RecordAsync(AuditLog.Actions.View, "person", entityId, detail: "services", ct: ct);
        Timeline = timeline;
        CanWrite = user.CanWritePersons;
        return true;
    }

    void Prefill()
    {
        Input = Input with { Date = Input.Date ?? Timeline.Today };
        if (!EnumNames.TryParse<CareKind>(Fulfils, out var item)) return;
        Input = Input with { Kind = ServiceNames.KindFor(item).ToString() };
        if (ServiceRules.FixedItem(ServiceNames.KindFor(item)) is null) Input = Input with { Fulfils = item.ToString() };
        // An immunisation item's key is "<vaccine>-<dose>", e.g. "HepB-2".
        if (item == CareKind.Immunisation && ItemKey is { } key && key.LastIndexOf('-') is > 0 and var dash
            && short.TryParse(key[(dash + 1)..], CultureInfo.InvariantCulture, out var dose))
            Input = Input with { Vaccine = key[..dash], DoseNumber = dose };
    }
}
