using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using EqualCare.Web.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace EqualCare.Web.Features.Persons;

public sealed class EditModel(CaseHandler cases, EqualCareDb db, AuditLog audit, IStringLocalizer localizer) : PageModel, ICaseFormPage
{
    [BindProperty]
    public CaseForm Form { get; set; } = new();

    [BindProperty]
    public int Version { get; set; }

    public long Id { get; private set; }
    public IReadOnlyList<Choice> Communities { get; private set; } = [];
    public bool CommunityLocked => true;

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        var user = HttpContext.CurrentUser();
        var person = user.CanWritePersons
            ? await db.Persons.AsNoTracking().WithinOrg(p => p.CommunityCode, user.Org).SingleOrDefaultAsync(p => p.Id == id && p.MergedIntoId == null, ct)
            : null;
        // Opening the edit form shows the full record, so it is audited like a view.
        await audit.RecordAsync(AuditLog.Actions.View, "person", id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            person is null ? AuditOutcome.Refused : AuditOutcome.Success, "edit form", ct: ct);
        if (person is null) return NotFound();
        Id = id;
        Form = CaseForm.From(person);
        Version = person.Version;
        Communities = await CommunityChoices.ForAsync(db, user, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long id, CancellationToken ct)
    {
        var user = HttpContext.CurrentUser();
        ModelState.Clear();
        var outcome = await cases.UpdateAsync(user, id, Version, Form.ToInput(), ct);
        if (outcome.IsSuccess) return Redirect($"/Persons/{id}?saved=true");
        if (outcome.Error.Kind == ErrorKind.NotFound) return NotFound();
        outcome.Error.AddTo(ModelState, localizer, nameof(Form));
        Id = id;
        Communities = await CommunityChoices.ForAsync(db, user, ct);
        return Page();
    }
}
