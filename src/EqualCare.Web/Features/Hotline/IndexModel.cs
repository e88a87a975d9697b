using EqualCare.Web.Domain;
using EqualCare.Web.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace EqualCare.Web.Features.Hotline;

/// <summary>
/// The office's hotline page: the follow-ups due (overdue first, then the next week's), the form that logs a call or a
/// visit, and the log of a period (default: this month) with how many contacts count on the statistics form.
/// </summary>
public sealed class IndexModel(HotlineLog log, HotlineLines lines, TimeProvider clock, IStringLocalizer localizer) : PageModel
{
    /// <summary>How far ahead the page lists follow-ups coming due.</summary>
    public const int FollowUpDaysAhead = 7;

    [BindProperty(SupportsGet = true)]
    public DateOnly? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateOnly? To { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Done { get; set; }

    [BindProperty]
    public ContactFields Input { get; set; } = new();

    public IReadOnlyList<ContactItem> FollowUps { get; private set; } = [];
    public IReadOnlyList<ContactItem> Contacts { get; private set; } = [];
    public IReadOnlyList<LineItem> OwnLines { get; private set; } = [];
    public IReadOnlyList<(string Code, string Name)> Communities { get; private set; } = [];
    public DateOnly Today { get; private set; }
    public bool IsCommunity { get; private set; }
    public string OwnOffice { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!HotlineLines.MayKeep(HttpContext.CurrentUser())) return Forbid();
        await LoadAsync(ct);
        Input.Date ??= Today;
        Input.Time ??= TimeOnly.FromDateTime(ChinaClock.ToBeijing(clock.UtcNow()));
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var result = await log.RecordAsync(HttpContext.CurrentUser(), Input.ToInput(), ct);
        if (result.IsSuccess) return Redirect($"/Hotline?from={From:yyyy-MM-dd}&to={To:yyyy-MM-dd}&done=logged");
        return await FailAsync(result.Error, ct);
    }

    public async Task<IActionResult> OnPostFollowUpAsync(long id, string? note, CancellationToken ct)
    {
        var result = await log.CloseFollowUpAsync(HttpContext.CurrentUser(), id, note, ct);
        if (result.IsSuccess) return Redirect($"/Hotline?from={From:yyyy-MM-dd}&to={To:yyyy-MM-dd}&done=followedUp");
        if (result.Error.Kind == ErrorKind.NotFound) return NotFound();
        return await FailAsync(result.Error, ct);
    }

    async Task<IActionResult> FailAsync(Error error, CancellationToken ct)
    {
        if (error.Kind == ErrorKind.Forbidden && error.Code == "hotline.forbidden") return Forbid();
        await LoadAsync(ct);
        ModelState.Clear();
        error.AddTo(ModelState, localizer, key: "");
        return Page();
    }

    async Task LoadAsync(CancellationToken ct)
    {
        var user = HttpContext.CurrentUser();
        Today = clock.Today();
        From ??= new DateOnly(Today.Year, Today.Month, 1);
        To ??= From.Value.AddMonths(1).AddDays(-1);
        IsCommunity = user.Org.Level == 5;
        OwnOffice = user.Org.Value;
        FollowUps = await log.FollowUpsDueAsync(user, Today.AddDays(FollowUpDaysAhead), ct);
        OwnLines = (await lines.ListAsync(user, withRetired: false, ct)).Where(l => l.OfficeCode == user.Org.Value).ToList();
        Communities = await log.CommunitiesAsync(user, ct);
        Contacts = await log.ListAsync(user, From.Value, To.Value, ct);
    }

    public sealed class ContactFields
    {
        public DateOnly? Date { get; set; }
        public TimeOnly? Time { get; set; }
        public string? Channel { get; set; }
        public long? LineId { get; set; }
        public string? Topic { get; set; }
        public string? Question { get; set; }
        public string? Answer { get; set; }
        public string? Referral { get; set; }
        public DateOnly? FollowUpOn { get; set; }
        public string? Community { get; set; }
        public string? PersonIdNumber { get; set; }

        public ContactInput ToInput() =>
            new(Date, Time, Channel, LineId, Topic, Question, Answer, Referral, FollowUpOn, Community, PersonIdNumber);
    }
}
