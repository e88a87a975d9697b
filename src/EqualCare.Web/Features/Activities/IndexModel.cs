using EqualCare.Web.Domain;
using EqualCare.Web.Domain.Statistics;
using EqualCare.Web.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace EqualCare.Web.Features.Activities;

/// <summary>
/// The activity log of the user's unit for a period (default: this quarter) and, for a community worker, the form that adds
/// an entry; <c>?correct=ID</c> loads an entry into the form to record its correction with a reason.
/// </summary>
public sealed class IndexModel(ActivityHandler handler, TimeProvider clock, IStringLocalizer localizer) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public DateOnly? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateOnly? To { get; set; }

    [BindProperty(SupportsGet = true)]
    public long? Correct { get; set; }

    [BindProperty(SupportsGet = true)]
    public bool Done { get; set; }

    [BindProperty]
    public EntryFields Input { get; set; } = new();

    public IReadOnlyList<ActivityItem> Entries { get; private set; } = [];
    public bool CanWrite { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        Input.Date ??= clock.Today();
        if (Correct is { } id && Entries.FirstOrDefault(e => e.Id == id && e.CorrectedById is null) is { } entry)
        {
            Input = new EntryFields
            {
                Date = entry.Date, Place = entry.Place, Kind = entry.Kind, Note = entry.Note, CorrectsEntryId = entry.Id,
                Quantities = entry.Quantities.ToDictionary(q => q.Key, q => (long?)q.Value),
            };
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var result = await handler.RecordAsync(HttpContext.CurrentUser(), Input.ToRequest(), ct);
        if (result.IsSuccess) return Redirect($"/Activities?from={From:yyyy-MM-dd}&to={To:yyyy-MM-dd}&done=true");
        if (result.Error.Kind == ErrorKind.NotFound) return NotFound();
        await LoadAsync(ct);
        ModelState.Clear();
        result.Error.AddTo(ModelState, localizer, key: "");
        return Page();
    }

    async Task LoadAsync(CancellationToken ct)
    {
        var user = HttpContext.CurrentUser();
        var today = clock.Today();
        From ??= new DateOnly(today.Year, (today.Month - 1) / 3 * 3 + 1, 1);
        To ??= From.Value.AddMonths(3).AddDays(-1);
        CanWrite = user.Role == Roles.Community;
        Entries = await handler.ListAsync(user, From.Value, To.Value, ct);
    }

    public sealed class EntryFields
    {
        public DateOnly? Date { get; set; }
        public string? Place { get; set; }
        public string? Kind { get; set; }
        public string? Note { get; set; }
        public Dictionary<string, long?> Quantities { get; set; } = [];
        public long? CorrectsEntryId { get; set; }
        public string? Reason { get; set; }

        public ActivityRequest ToRequest() => new(Date, Place, Kind, Note, Quantities, CorrectsEntryId, Reason);
    }

    public static string Unit(StatColumn column) => StatUnits.BaseChinese(column.Unit);
}
