using EqualCare.Web.Domain;
using EqualCare.Web.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace EqualCare.Web.Features.Certificates;

/// <summary>A case's certificates with their checks, and the forms that append to them (post, then redirect back).</summary>
public sealed class IndexModel(CertificateHandler handler, IStringLocalizer localizer) : PageModel
{
    /// <summary>What was just added, after the redirect: certificate, registration, check.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Done { get; set; }

    // The forms bind the requests themselves; their fields are nullable, so that an empty one reaches the rules (one
    // Chinese message) rather than MVC's implicit "required".
    [BindProperty]
    public CertificateRequest Input { get; set; } = new((string?)null);

    [BindProperty]
    public CheckRequest Check { get; set; } = new(null, null, null);

    /// <summary>The certificate a check is for: in the API's route, in the check form beside its fields.</summary>
    [BindProperty(Name = "Check.CertificateId")]
    public long? CertificateId { get; set; }

    public CertificateList Certificates { get; private set; } = null!;
    public bool CanWrite { get; private set; }
    /// <summary>Which form was posted and refused, so that its messages show next to it.</summary>
    public string? Failed { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct) => await LoadAsync(id, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostCertificateAsync(long id, CancellationToken ct)
    {
        var form = Input.Kind == nameof(Domain.Cases.CertificateKind.BirthServiceRegistration) ? "registration" : "certificate";
        if (!ModelState.IsValid) return await RefuseAsync(id, form, Error.Validation("certificate.input.bad"), ct);
        var result = await handler.AddAsync(HttpContext.CurrentUser(), id, Input, ct);
        if (result.IsSuccess) return Redirect($"/Persons/{id}/Certificates?done={form}");
        return result.Error.Kind == ErrorKind.NotFound ? NotFound() : await RefuseAsync(id, form, result.Error, ct);
    }

    public async Task<IActionResult> OnPostCheckAsync(long id, CancellationToken ct)
    {
        if (!ModelState.IsValid) return await RefuseAsync(id, "check", Error.Validation("certificate.input.bad"), ct);
        var result = await handler.AddCheckAsync(HttpContext.CurrentUser(), id, CertificateId ?? 0, Check, ct);
        if (result.IsSuccess) return Redirect($"/Persons/{id}/Certificates?done=check");
        // A person out of scope is a 404 (RefuseAsync cannot load her); a certificate not chosen is a message on the form.
        return await RefuseAsync(id, "check", result.Error, ct);
    }

    async Task<IActionResult> RefuseAsync(long id, string form, Error error, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        ModelState.Clear();
        error.AddTo(ModelState, localizer, key: "");
        Failed = form;
        return Page();
    }

    async Task<bool> LoadAsync(long id, CancellationToken ct)
    {
        var user = HttpContext.CurrentUser();
        var list = await handler.ListAsync(user, id, ct);
        if (!list.IsSuccess) return false;
        Certificates = list.Value;
        CanWrite = user.CanWritePersons;
        return true;
    }
}
