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
public sealed class IndexModel(ActivityHandler handler, TimeProvider clock, IStringLocalizer localizer, Data.AuditLog audit,
    JsonStringLocalizerFactory strings, PublicitySiteHandler sites, Attachments.AttachmentStore store) : PageModel
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

    /// <summary>The fixed publicity sites of the user's community, for the entry form's site list.</summary>
    public IReadOnlyList<PublicitySiteItem> Sites { get; private set; } = [];

    /// <summary>Why the last photo was refused, in words, and the entry it was for.</summary>
    public string? PhotoError { get; private set; }
    public long? PhotoEntryId { get; private set; }

    /// <summary>
    /// Adds a photo (or document, recording) to an entry of the user's community; the attachments store checks its content,
    /// size and the virus scan.
    /// </summary>
    public async Task<IActionResult> OnPostPhotoAsync(long entryId, IFormFile? upload, CancellationToken ct)
    {
        Result<long> result;
        if (upload is null || upload.Length == 0) result = Error.Validation(Attachments.AttachmentStore.Missing, "File");
        else
        {
            await using var content = upload.OpenReadStream();
            result = await handler.AttachAsync(HttpContext.CurrentUser(), entryId, content, upload.FileName, ct);
        }
        if (result.IsSuccess) return Redirect($"/Activities?from={From:yyyy-MM-dd}&to={To:yyyy-MM-dd}&done=true");
        if (result.Error.Kind == ErrorKind.NotFound) return NotFound();
        await LoadAsync(ct);
        (PhotoError, PhotoEntryId) = (store.Message(result.Error, localizer), entryId);
        Response.StatusCode = result.Error.Kind == ErrorKind.Forbidden ? StatusCodes.Status403Forbidden : StatusCodes.Status400BadRequest;
        return Page();
    }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        Input.Date ??= clock.Today();
        if (Correct is { } id && Entries.FirstOrDefault(e => e.Id == id && e.CorrectedById is null) is { } entry)
        {
            Input = new EntryFields
            {
                Date = entry.Date, Place = entry.Place, Kind = entry.Kind, Note = entry.Note, CorrectsEntryId = entry.Id, SiteId = entry.SiteId,
                Quantities = entry.Quantities.ToDictionary(q => q.Key, q => (long?)q.Value),
            };
        }
        return Page();
    }

    static readonly string[] LeadingHeaders = ["activities.date", "activities.kind", "activities.place", "activities.note"];
    static readonly string[] TrailingHeaders = ["activities.recordedBy", "activities.correctionColumn"];

    /// <summary>
    /// The log of the period as an .xlsx workbook (?handler=xlsx), with the page's columns and what each correction replaced.
    /// Headers and names are Chinese whatever the user's language, as every export's are: the files go to offices. Audited.
    /// </summary>
    public async Task<IActionResult> OnGetXlsxAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        string Zh(string key) => strings.Table(JsonStringLocalizerFactory.DefaultCulture).GetValueOrDefault(key, key);
        var quantities = StatColumns.ActivityQuantities.ToList();
        var headers = LeadingHeaders.Select(Zh).Concat(quantities.Select(c => $"{c.Chinese}（{Unit(c)}）"))
            .Concat(TrailingHeaders.Select(Zh)).ToList();
        var file = new MemoryStream();
        using (var xlsx = Export.XlsxWriter.Create(file, Zh("activities.title"), headers))
        {
            foreach (var e in Entries)
            {
                var correction = string.Join(" ", new[]
                {
                    e.CorrectsEntryId is { } target ? string.Format(System.Globalization.CultureInfo.InvariantCulture, Zh("activities.corrects"), target, e.CorrectionReason ?? "") : null,
                    e.CorrectedById is { } by ? string.Format(System.Globalization.CultureInfo.InvariantCulture, Zh("activities.replaced"), by) : null,
                }.OfType<string>());
                xlsx.WriteRow(new[]
                    {
                        e.Date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                        Enum.TryParse<ActivityKind>(e.Kind, out var kind) ? ActivityKinds.Chinese(kind) : e.Kind, e.Place, e.Note,
                    }
                    .Concat(quantities.Select(c => e.Quantities.TryGetValue(c.Code, out var q) && q != 0
                        ? q.ToString(System.Globalization.CultureInfo.InvariantCulture) : null))
                    .Concat([e.RecordedBy, correction]));
            }
            xlsx.Finish();
        }
        await audit.RecordAsync("export", "activity", null, detail: $"activities; from={From:yyyy-MM-dd}; to={To:yyyy-MM-dd}; rows={Entries.Count}", ct: ct);
        file.Position = 0;
        return File(file, Export.ExportRunner.ContentType, $"{Zh("activities.title")}-{From:yyyyMMdd}-{To:yyyyMMdd}.xlsx");
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
        if (CanWrite) Sites = (await sites.ListAsync(user, ct)).Where(s => s.OrgCode == user.Org.Value).ToList();
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
        public long? SiteId { get; set; }

        public ActivityRequest ToRequest() => new(Date, Place, Kind, Note, Quantities, CorrectsEntryId, Reason, SiteId);
    }

    public static string Unit(StatColumn column) => StatUnits.BaseChinese(column.Unit);
}
