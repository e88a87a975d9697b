using EqualCare.Web.Data;
using EqualCare.Web.Domain.Cases;
using EqualCare.Web.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace EqualCare.Web.Features.Persons;

public sealed class RegisterModel(CaseHandler cases, EqualCareDb db, IStringLocalizer localizer, TimeProvider clock)
    : PageModel, ICaseFormPage
{
    [BindProperty]
    public CaseForm Form { get; set; } = new();

    [BindProperty]
    public bool ConfirmSimilar { get; set; }

    public IReadOnlyList<Choice> Communities { get; private set; } = [];
    public bool CommunityLocked => false;
    public IReadOnlyList<DuplicateCandidate>? Similar { get; private set; }

    /// <summary>After a refused save: every problem, in form order, for the error summary at the top.</summary>
    public IReadOnlyList<CaseFormProblem> Problems { get; private set; } = [];

    /// <summary>The community of the street that holds this ID number: the page offers to ask it to hand the case over.</summary>
    public string? MoveFrom { get; private set; }

    /// <summary>
    /// The number is held by a community beyond the street (issue 16 point 1): a community worker may still ask for the
    /// case; the holder is named only once the request is sent (Features/Movements).
    /// </summary>
    public bool MoveOffered { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var user = HttpContext.CurrentUser();
        if (!user.CanWritePersons) return NotFound();
        Communities = await CommunityChoices.ForAsync(db, user, ct);
        if (Communities.Count == 1) Form.CommunityCode = Communities[0].Value;
        Form.ArrivalDate = clock.Today();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var user = HttpContext.CurrentUser();
        if (!user.CanWritePersons) return NotFound();
        ModelState.Clear(); // the case rules speak, in Chinese, next to each field
        var outcome = await cases.RegisterAsync(user, Form.ToInput(), ConfirmSimilar, ct);
        if (outcome.IsSuccess) return Redirect($"/Persons/{outcome.Value.Id}?saved=true");
        var details = outcome.Error.Details;
        if (details?.GetValueOrDefault(CaseErrors.ExistingIdDetail) is long existing) return Redirect($"/Persons/{existing}?existing=true");
        if (details?.GetValueOrDefault(CaseErrors.SimilarDetail) is IReadOnlyList<DuplicateCandidate> similar) Similar = similar;
        else if (details?.GetValueOrDefault(CaseErrors.RegisteredInDetail) is string holder)
        {
            MoveFrom = holder;
            ModelState.AddModelError(nameof(Form) + "." + nameof(CaseForm.IdNumber), localizer["case.id.registeredInCommunity", holder]);
        }
        else
        {
            MoveOffered = outcome.Error.Code == "case.id.registeredElsewhere" && user.Org.Level == 5;
            outcome.Error.AddTo(ModelState, localizer, nameof(Form));
        }
        Problems = CaseFormProblems.From(ModelState, localizer);
        Communities = await CommunityChoices.ForAsync(db, user, ct);
        return Page();
    }
}
