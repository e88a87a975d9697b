using EqualCare.Web.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace EqualCare.Web.Features.Summaries;

/// <summary>
/// The summaries the user's unit asked for (with who has submitted, who is late, who has not) and those it is asked for
/// (with its own state); a street or district office asks for a new one here.
/// </summary>
public sealed class IndexModel(SummaryHandler handler, IStringLocalizer localizer) : PageModel
{
    [BindProperty]
    public RequestFields Input { get; set; } = new();

    public IReadOnlyList<SummaryRequestRow> Rows { get; private set; } = [];
    public IReadOnlyList<(string Code, string Name)> Children { get; private set; } = [];
    public bool CanAsk { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var user = HttpContext.CurrentUser();
        var result = await handler.CreateAsync(user, new SummaryRequestInput(Input.Title, Input.PeriodStart, Input.PeriodEnd, Input.DueOn,
            Input.UnitCodes, Input.Note), ct);
        if (result.IsSuccess) return Redirect($"/Summaries/{result.Value}");
        ModelState.Clear();
        result.Error.AddTo(ModelState, localizer, key: "");
        await LoadAsync(ct);
        Response.StatusCode = result.Error.Kind == Domain.ErrorKind.Forbidden ? StatusCodes.Status403Forbidden : StatusCodes.Status400BadRequest;
        return Page();
    }

    async Task LoadAsync(CancellationToken ct)
    {
        var user = HttpContext.CurrentUser();
        CanAsk = SummaryHandler.CanAsk(user);
        if (CanAsk) Children = await handler.ChildUnitsAsync(user, ct);
        Rows = await handler.ListAsync(user, ct);
    }

    public sealed class RequestFields
    {
        public string? Title { get; set; }
        public DateOnly? PeriodStart { get; set; }
        public DateOnly? PeriodEnd { get; set; }
        public DateOnly? DueOn { get; set; }
        public List<string> UnitCodes { get; set; } = [];
        public string? Note { get; set; }
    }
}
