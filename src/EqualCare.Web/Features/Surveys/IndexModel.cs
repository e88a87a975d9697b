using EqualCare.Web.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace EqualCare.Web.Features.Surveys;

/// <summary>The survey form: one person's answers per visit. The person is named by ID number, never listed.</summary>
public sealed class IndexModel(SurveyHandler handler, TimeProvider clock, IStringLocalizer localizer) : PageModel
{
    [BindProperty] public string? IdNumber { get; set; }
    [BindProperty] public DateOnly? AnsweredOn { get; set; }
    [BindProperty] public bool? PolicyKnown { get; set; }
    [BindProperty] public bool? Satisfied { get; set; }
    [BindProperty(SupportsGet = true)] public bool Done { get; set; }

    public bool CanWrite { get; private set; }

    public IActionResult OnGet()
    {
        CanWrite = HttpContext.CurrentUser().CanWritePersons;
        AnsweredOn ??= clock.Today();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var user = HttpContext.CurrentUser();
        CanWrite = user.CanWritePersons;
        if (!ModelState.IsValid)
        {
            ModelState.AddModelError(string.Empty, localizer["survey.answers.required"]);
            return Page();
        }
        var result = await handler.RecordAsync(user, new SurveyRequest(IdNumber, AnsweredOn, PolicyKnown, Satisfied), ct);
        if (result.IsSuccess) return Redirect("/Surveys?done=true");
        result.Error.AddTo(ModelState, localizer);
        return Page();
    }
}
