using EqualCare.Web.Domain;
using EqualCare.Web.Domain.Exchange;
using EqualCare.Web.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace EqualCare.Web.Features.Exchange;

/// <summary>
/// One message: the snapshot it carries, its state and deadline, its answer. The receiving office answers a 协查 or a
/// 代办 request here (反馈); either office may ask the other a 协查 about the same person.
/// </summary>
public sealed class MessageModel(ExchangeQueries queries, ExchangeService service, IStringLocalizer localizer) : PageModel
{
    [BindProperty(SupportsGet = true)] public long Id { get; set; }
    [BindProperty(SupportsGet = true)] public string? Done { get; set; }

    [BindProperty] public AnswerResult Result { get; set; } = AnswerResult.Confirmed;
    [BindProperty] public string? Note { get; set; }
    [BindProperty] public string? CertificateNumber { get; set; }
    [BindProperty] public DateOnly? ValidUntil { get; set; }

    public MessageDetail? Detail { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var detail = await queries.GetAsync(HttpContext.CurrentUser(), Id, ct);
        if (!detail.IsSuccess) return NotFound();
        Detail = detail.Value;
        return Page();
    }

    public async Task<IActionResult> OnPostAnswerAsync(CancellationToken ct)
    {
        var user = HttpContext.CurrentUser();
        var answered = await service.AnswerAsync(user, Id, new AnswerInput(Result, Note, CertificateNumber, ValidUntil), ct);
        if (answered.IsSuccess) return Redirect($"/Exchange/{Id}?done=answered");
        if (answered.Error!.Kind == ErrorKind.NotFound) return NotFound();
        foreach (var e in answered.Error.Fields.Count > 0 ? answered.Error.Fields : [answered.Error]) ModelState.AddModelError(e.Field ?? string.Empty, localizer[e.Code]);
        return await OnGetAsync(ct);
    }
}
