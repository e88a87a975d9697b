using EqualCare.Web.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace EqualCare.Web.Features.OrgUnits;

/// <summary>The contact details of a unit (address, phone, office hours) that its notices print; PRG on save.</summary>
public sealed class ContactModel(UnitContacts contacts, IStringLocalizer localizer) : PageModel
{
    [BindProperty(SupportsGet = true)] public string Code { get; set; } = "";
    [BindProperty(SupportsGet = true)] public bool Saved { get; set; }
    [BindProperty] public string? Address { get; set; }
    [BindProperty] public string? Phone { get; set; }
    [BindProperty] public string? OfficeHours { get; set; }

    public UnitContact? Unit { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var found = await contacts.GetAsync(HttpContext.CurrentUser(), Code, ct);
        if (!found.IsSuccess) return NotFound();
        Unit = found.Value;
        (Address, Phone, OfficeHours) = (Unit.Address, Unit.Phone, Unit.OfficeHours);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var user = HttpContext.CurrentUser();
        var result = await contacts.UpdateAsync(user, Code, Address, Phone, OfficeHours, ct);
        if (result.IsSuccess) return Redirect($"/OrgUnits/Contact/{Uri.EscapeDataString(Code)}?saved=true");
        if (result.Error.Kind == Domain.ErrorKind.NotFound) return NotFound();
        var found = await contacts.GetAsync(user, Code, ct);
        Unit = found.IsSuccess ? found.Value : null;
        ModelState.Clear();
        result.Error.AddTo(ModelState, localizer);
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}
