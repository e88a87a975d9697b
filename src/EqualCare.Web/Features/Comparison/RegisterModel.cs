using System.Globalization;
using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using EqualCare.Web.Domain.Comparison;
using EqualCare.Web.Features.Persons;
using EqualCare.Web.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace EqualCare.Web.Features.Comparison;

/// <summary>
/// /Comparison/Register/{resultId}: the registration form (the case form of Persons, its rules and duplicate check
/// unchanged) prefilled from a 漏管 row; a saved case resolves the result as registered. The prefill shows the row's full
/// number, so opening it is an audited view.
/// </summary>
public sealed class RegisterModel(
    CaseHandler cases, ComparisonQueries queries, ResolutionHandler resolutions, EqualCareDb db, AuditLog audit, IStringLocalizer localizer,
    TimeProvider clock) : PageModel, ICaseFormPage
{
    [BindProperty]
    public CaseForm Form { get; set; } = new();

    [BindProperty]
    public bool ConfirmSimilar { get; set; }

    public IReadOnlyList<Choice> Communities { get; private set; } = [];
    public bool CommunityLocked => false;
    public ResultView? Result { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        var user = HttpContext.CurrentUser();
        if (!user.CanWritePersons) return NotFound();
        if (await queries.ResultAsync(user, id, ct) is not { } found || found.View.Kind != FindingKind.Missing || !found.View.IsOpen) return NotFound();
        Result = found.View;
        Communities = await CommunityChoices.ForAsync(db, user, ct);
        var v = found.View;
        Form = new CaseForm
        {
            Name = v.Name,
            IdNumber = found.IdNumber,
            Sex = v.Sex,
            BirthDate = v.BirthDate is { } b && DateOnly.TryParseExact(b, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null,
            ResidenceAddress = v.Address,
            Phone = found.Phone,
            // The 户籍地 county is usually the ID number's area code (GB 11643: the county where the number was issued).
            HukouCountyCode = found.IdNumber?[..6],
            CommunityCode = Communities.Any(c => c.Value == v.Community) ? v.Community : Communities.Count == 1 ? Communities[0].Value : null,
            MaritalStatus = found.Marital ?? (v.ListKind == AgencyListKind.Marriages ? MaritalStatus.Married : MaritalStatus.Unmarried),
            ArrivalDate = clock.Today(),
        };
        await audit.RecordAsync(AuditLog.Actions.View, "comparison_result", id.ToString(CultureInfo.InvariantCulture), detail: "prefill", userName: user.UserName, ct: ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long id, CancellationToken ct)
    {
        var user = HttpContext.CurrentUser();
        if (!user.CanWritePersons) return NotFound();
        if (await queries.ResultAsync(user, id, ct) is not { } found || found.View.Kind != FindingKind.Missing) return NotFound();
        Result = found.View;
        ModelState.Clear();
        var outcome = await cases.RegisterAsync(user, Form.ToInput(), ConfirmSimilar, ct);
        if (outcome.IsSuccess)
        {
            // The case is saved; the result is closed as registered, naming it. Were this to fail, the number now on the
            // register still clears the result (ComparisonQueries: a 漏管 row whose number is registered is cleared).
            await resolutions.ResolveAsync(user, id, ResolutionReason.Registered, null, outcome.Value.Id, ct);
            return Redirect($"/Persons/{outcome.Value.Id}?saved=true");
        }
        var details = outcome.Error.Details;
        if (details?.GetValueOrDefault(CaseErrors.ExistingIdDetail) is long existing) return Redirect($"/Persons/{existing}?existing=true");
        if (details?.GetValueOrDefault(CaseErrors.SimilarDetail) is IReadOnlyList<DuplicateCandidate> similar)
            ModelState.AddModelError("", localizer["case.similarFound"] + " " + string.Join("、", similar.Where(s => s.InScope).Select(s => s.Name)));
        else outcome.Error.AddTo(ModelState, localizer, nameof(Form));
        Communities = await CommunityChoices.ForAsync(db, user, ct);
        return Page();
    }
}
