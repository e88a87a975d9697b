using EqualCare.Web.Domain;
using EqualCare.Web.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace EqualCare.Web.Features.Movements;

/// <summary>
/// 迁入申请 of the user's unit: the requests it holds the case of (accept: the case moves to the asker; decline with a
/// reason), each with its due day, overdue ones flagged (a street decides those of its communities), and those it sent.
/// The registration page posts here (handler Create) when the number it was given is held by another community.
/// </summary>
public sealed class RequestsModel(MoveRequests requests, IStringLocalizer localizer) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Done { get; set; }

    public MoveRequestLists Lists { get; private set; } = new([], []);
    public bool CanWrite { get; private set; }
    public bool IsCommunity { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var user = HttpContext.CurrentUser();
        if (!user.CanReadPersons) return NotFound();
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostCreateAsync(string? idNumber, CancellationToken ct) =>
        await AfterAsync(await requests.CreateAsync(HttpContext.CurrentUser(), idNumber, ct), "sent", ct);

    public async Task<IActionResult> OnPostAcceptAsync(long id, CancellationToken ct) =>
        await AfterAsync(await requests.AcceptAsync(HttpContext.CurrentUser(), id, ct), "accepted", ct);

    public async Task<IActionResult> OnPostDeclineAsync(long id, string? reason, CancellationToken ct) =>
        await AfterAsync(await requests.DeclineAsync(HttpContext.CurrentUser(), id, reason, ct), "declined", ct);

    async Task<IActionResult> AfterAsync(Result<MoveRequestItem> result, string done, CancellationToken ct)
    {
        if (result.IsSuccess) return Redirect("/Movements/Requests?done=" + done);
        if (result.Error.Kind == ErrorKind.NotFound && !HttpContext.CurrentUser().CanReadPersons) return NotFound();
        ModelState.AddModelError(string.Empty, localizer[result.Error.Code]);
        await LoadAsync(ct);
        return Page();
    }

    async Task LoadAsync(CancellationToken ct)
    {
        var user = HttpContext.CurrentUser();
        CanWrite = user.CanWritePersons;
        IsCommunity = user.Org.Level == 5;
        Lists = await requests.ListAsync(user, ct);
    }
}
