using EqualCare.Web.Domain;
using System.Globalization;
using EqualCare.Web.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace EqualCare.Web.Features.Checkups;

/// <summary>
/// The check-up day in one screen: tick who came and enter her result, or give the reason she is absent, one Save for the
/// whole sheet; then the 当日参检率, the absentees and the 补检 list.
/// </summary>
public sealed class DayModel(CheckupSheetView view, CheckupSheetSave save, IStringLocalizer localizer, TimeProvider clock) : PageModel
{
    [BindProperty]
    public List<LineFields> Lines { get; set; } = [];

    [BindProperty(SupportsGet = true)]
    public string? Done { get; set; }

    public CheckupSheet Sheet { get; private set; } = null!;

    /// <summary>The day is still to come: the sheet may be filled, a save is refused (and the page says so first).</summary>
    public bool BeforeDay => Sheet.SaveFrom > clock.Today();

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        var sheet = await view.ForAsync(HttpContext.CurrentUser(), id, ct);
        if (!sheet.IsSuccess) return NotFound();
        Sheet = sheet.Value;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long id, CancellationToken ct)
    {
        var user = HttpContext.CurrentUser();
        // Malformed numbers come back as a missing value and reach the handler's own Chinese messages.
        ModelState.Clear();
        var result = await save.SaveAsync(user, id, new SaveSheetRequest([.. Lines.Select(l => l.ToEntry())]), ct);
        if (result.IsSuccess) return Redirect($"/Checkups/{id}?done=saved");
        if (result.Error.Kind == ErrorKind.NotFound) return NotFound();
        var sheet = await view.ForAsync(user, id, ct);
        if (!sheet.IsSuccess) return NotFound();
        Sheet = sheet.Value;
        // The message names the woman whose line refused the sheet, so the worker finds it among many.
        var who = long.TryParse(result.Error.Field, CultureInfo.InvariantCulture, out var personId)
            ? Sheet.Rows.FirstOrDefault(r => r.PersonId == personId)?.Name : null;
        ModelState.AddModelError(string.Empty, who is null ? localizer[result.Error.Code] : $"{who}：{localizer[result.Error.Code]}");
        return Page();
    }

    /// <summary>What the printed sheet says of her: 已到检（正常，报告单已寄户籍地）, 缺检（现孕）, 未登记.</summary>
    public string StateText(SheetRow row) => row.State switch
    {
        AttendanceState.Came => localizer["checkup.state.came"] + "（" + string.Join("，", new[]
        {
            row.ResultName, row.ReportSentToHukou == true ? localizer["checkup.reportSent"].Value : null, row.Findings,
        }.Where(t => !string.IsNullOrEmpty(t))) + "）",
        AttendanceState.Absent => localizer["checkup.state.absent"] + "（" + row.ReasonName + (row.Note is null ? "" : "：" + row.Note) + "）",
        _ => localizer["checkup.state.none"],
    };

    /// <summary>The posted value of a line, to keep what the worker typed when the sheet is refused.</summary>
    public LineFields? Posted(long personId) => Lines.FirstOrDefault(l => l.PersonId == personId);

    /// <summary>One line of the form: the 到检 tick, or an absence reason; both at once is refused as a bad status.</summary>
    public sealed class LineFields
    {
        public long PersonId { get; set; }
        public bool Came { get; set; }
        public string? Result { get; set; }
        public string? Findings { get; set; }
        public bool ReportSentToHukou { get; set; }
        public string? Reason { get; set; }
        public string? Note { get; set; }
        /// <summary>Set on the line of a woman already marked: a change is a correction that voids her current mark.</summary>
        public bool Correct { get; set; }

        public AttendanceEntry ToEntry()
        {
            var absent = !string.IsNullOrWhiteSpace(Reason);
            var status = Came && absent ? "CameAndAbsent" : Came ? "Came" : absent ? "Absent" : null;
            return new AttendanceEntry(PersonId, status, Result, Findings, Came ? ReportSentToHukou : null, Reason, Note, Correct ? true : null);
        }
    }
}
