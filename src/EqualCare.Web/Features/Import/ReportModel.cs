using EqualCare.Web.Domain;
using EqualCare.Web.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace EqualCare.Web.Features.Import;

/// <summary>/Import/Report/{id}: the counts and problems of one upload; nothing is loaded until the user confirms here.</summary>
public sealed class ReportModel(ImportService imports, IStringLocalizer localizer) : PageModel
{
    public ImportReport Report { get; private set; } = null!;

    /// <summary>Ready to load, being loaded, or interrupted (then only retry or discard are offered).</summary>
    public ImportState State { get; private set; }

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken ct)
    {
        var user = HttpContext.CurrentUser();
        if (!user.CanWritePersons || await imports.FindAsync(user, id, ct) is not { } report) return NotFound();
        Report = report;
        State = imports.StateOf(user, id) ?? ImportState.Ready;
        return Page();
    }

    public async Task<IActionResult> OnGetRejectedAsync(string id, CancellationToken ct)
    {
        var user = HttpContext.CurrentUser();
        if (!user.CanWritePersons || await imports.FindAsync(user, id, ct) is not { } report || imports.RejectedFile(user, id) is not { } file)
            return NotFound();
        return PhysicalFile(file, "text/csv; charset=utf-8", Path.GetFileNameWithoutExtension(report.FileName) + "-错误行.csv");
    }

    public async Task<IActionResult> OnPostLoadAsync(string id, string? mode, CancellationToken ct)
    {
        var user = HttpContext.CurrentUser();
        if (!user.CanWritePersons) return NotFound();
        var importMode = mode == "all" ? ImportMode.All : ImportMode.Valid;
        var result = await imports.LoadAsync(user, id, importMode, HttpContext.Connection.RemoteIpAddress?.ToString(), ct);
        if (result.IsSuccess)
        {
            var r = result.Value;
            return Redirect($"/Import?loaded={r.Loaded}&skipped={r.Valid - r.Loaded}");
        }
        if (result.Error.Kind == ErrorKind.NotFound) return NotFound();
        result.Error.AddTo(ModelState, localizer, key: "");
        return await OnGetAsync(id, ct);
    }

    /// <summary>Loads again, the same way, an upload whose load was interrupted.</summary>
    public async Task<IActionResult> OnPostRetryAsync(string id, CancellationToken ct)
    {
        var user = HttpContext.CurrentUser();
        if (!user.CanWritePersons) return NotFound();
        var result = await imports.RetryAsync(user, id, HttpContext.Connection.RemoteIpAddress?.ToString(), ct);
        if (result.IsSuccess)
        {
            var r = result.Value;
            return Redirect($"/Import?loaded={r.Loaded}&skipped={r.Valid - r.Loaded}");
        }
        if (result.Error.Kind == ErrorKind.NotFound) return NotFound();
        result.Error.AddTo(ModelState, localizer, key: "");
        return await OnGetAsync(id, ct);
    }

    public async Task<IActionResult> OnPostDiscardAsync(string id, CancellationToken ct)
    {
        if (imports.Discard(HttpContext.CurrentUser(), id)) return Redirect("/Import");
        ModelState.AddModelError("", localizer["import.discard.loading"]);
        return await OnGetAsync(id, ct);
    }
}
