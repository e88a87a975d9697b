using EqualCare.Web.Domain;
using EqualCare.Web.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace EqualCare.Web.Features.ServicesBoard;

/// <summary>
/// The office's side of the services board: the items of its area (shown, expired, withdrawn), the form that publishes a
/// new one, and the office's public link (the one a QR code on a publicity board carries).
/// </summary>
public sealed class IndexModel(BoardItems items, TimeProvider clock, IStringLocalizer localizer) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Done { get; set; }

    [BindProperty]
    public ItemFields Input { get; set; } = new();

    public IReadOnlyList<BoardItemView> Items { get; private set; } = [];
    public string OwnOffice { get; private set; } = "";
    public string PublicPath { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!Hotline.HotlineLines.MayKeep(HttpContext.CurrentUser())) return Forbid();
        await LoadAsync(ct);
        Input.ValidFrom ??= clock.Today();
        Input.ValidUntil ??= clock.Today().AddDays(30);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var result = await items.PublishAsync(HttpContext.CurrentUser(),
            new ItemInput(Input.Kind, Input.Title, Input.Body, Input.Place, Input.ValidFrom, Input.ValidUntil), ct);
        if (result.IsSuccess) return Redirect("/ServicesBoard?done=published");
        return await FailAsync(result.Error, ct);
    }

    public async Task<IActionResult> OnPostWithdrawAsync(long id, CancellationToken ct)
    {
        var result = await items.WithdrawAsync(HttpContext.CurrentUser(), id, ct);
        if (result.IsSuccess) return Redirect("/ServicesBoard?done=withdrawn");
        if (result.Error.Kind == ErrorKind.NotFound) return NotFound();
        return await FailAsync(result.Error, ct);
    }

    async Task<IActionResult> FailAsync(Error error, CancellationToken ct)
    {
        if (error.Kind == ErrorKind.Forbidden && error.Code == "board.forbidden") return Forbid();
        await LoadAsync(ct);
        ModelState.Clear();
        error.AddTo(ModelState, localizer, key: "");
        return Page();
    }

    async Task LoadAsync(CancellationToken ct)
    {
        var user = HttpContext.CurrentUser();
        OwnOffice = user.Org.Value;
        PublicPath = PublicModel.PathOf(user.Org);
        Items = await items.ListAsync(user, ct);
    }

    public sealed class ItemFields
    {
        public string? Kind { get; set; }
        public string? Title { get; set; }
        public string? Body { get; set; }
        public string? Place { get; set; }
        public DateOnly? ValidFrom { get; set; }
        public DateOnly? ValidUntil { get; set; }
    }
}
