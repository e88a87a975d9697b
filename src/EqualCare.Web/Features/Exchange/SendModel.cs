using EqualCare.Web.Domain;
using EqualCare.Web.Domain.Cases;
using EqualCare.Web.Domain.Exchange;
using EqualCare.Web.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace EqualCare.Web.Features.Exchange;

/// <summary>
/// Sends a message about a person: from her page (a 通报, 协查, the quarter's 回执, a 代办 request, or, for one of our
/// outflow people, the 流出通报), or from a message (a 协查 back to the office at its other end).
/// </summary>
public sealed class SendModel(ExchangeService service, IStringLocalizer localizer, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)] public long? PersonId { get; set; }
    [BindProperty(SupportsGet = true)] public long? Regarding { get; set; }
    [BindProperty(SupportsGet = true)] public MessageKind Kind { get; set; } = MessageKind.Verification;

    [BindProperty] public short? Topic { get; set; }
    [BindProperty] public bool Urgent { get; set; }
    [BindProperty] public string? Question { get; set; }
    [BindProperty] public string? Quarter { get; set; }
    [BindProperty] public DateOnly? CheckedOn { get; set; }
    [BindProperty] public bool Attended { get; set; } = true;
    [BindProperty] public bool? Pregnant { get; set; }
    [BindProperty] public bool? IudNormal { get; set; }
    [BindProperty] public ContraceptionMethod? Contraception { get; set; }
    [BindProperty] public string? CertificateNumber { get; set; }
    [BindProperty] public string? DestinationCode { get; set; }
    [BindProperty] public DateOnly? DepartureDate { get; set; }

    public IReadOnlyList<MessageKind> Kinds => Regarding is null
        ? [MessageKind.ArrivalNotice, MessageKind.Verification, MessageKind.CheckupReceipt, MessageKind.CertificateRequest, MessageKind.DepartureNotice]
        : [MessageKind.Verification];

    public IActionResult OnGet()
    {
        if (PersonId is null && Regarding is null || !HttpContext.CurrentUser().CanReadPersons) return NotFound();
        Quarter ??= ExchangeRules.QuarterOf(clock.Today());
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var user = HttpContext.CurrentUser();
        var input = new SendInput
        {
            Kind = Kind, Topic = Topic, Urgent = Urgent, Question = Question, Quarter = Quarter?.Trim().ToUpperInvariant(), CheckedOn = CheckedOn,
            Attended = Attended, Pregnant = Pregnant, IudNormal = IudNormal, Contraception = Contraception,
            CertificateNumber = CertificateNumber, DestinationCode = DestinationCode?.Trim(), DepartureDate = DepartureDate,
        };
        var sent = Regarding is { } about
            ? await service.SendRegardingAsync(user, about, input, ct)
            : PersonId is { } person ? await service.SendAboutPersonAsync(user, person, input, ct) : Error.NotFound("exchange.person.notFound");
        if (sent.IsSuccess) return Redirect($"/Exchange/{sent.Value.Id}?done=sent");
        if (sent.Error!.Kind == ErrorKind.NotFound) return NotFound();
        foreach (var e in sent.Error.Fields.Count > 0 ? sent.Error.Fields : [sent.Error]) ModelState.AddModelError(e.Field ?? string.Empty, localizer[e.Code]);
        return Page();
    }
}
