using EqualCare.Web.Domain;
using EqualCare.Web.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace EqualCare.Web.Features.Sms;

/// <summary>The SMS outbox (短信发件箱) of the user's unit and the button that queues and sends today's reminders.</summary>
public sealed class IndexModel(SmsHandler handler, IStringLocalizer localizer) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Org { get; set; }

    public Outbox? Box { get; private set; }
    public RunOutcome? Ran { get; private set; }
    public bool CanWrite { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await ShowAsync(ct);

    public async Task<IActionResult> OnPostRunAsync(CancellationToken ct)
    {
        var result = await handler.RunAsync(HttpContext.CurrentUser(), Org, ct);
        if (result.IsSuccess) Ran = result.Value;
        else if (result.Error.Kind == ErrorKind.NotFound) return NotFound();
        else result.Error.AddTo(ModelState, localizer);
        return await ShowAsync(ct);
    }

    async Task<IActionResult> ShowAsync(CancellationToken ct)
    {
        var user = HttpContext.CurrentUser();
        CanWrite = user.CanWritePersons;
        var result = await handler.ListAsync(user, Org, ct);
        if (result.IsSuccess)
        {
            Box = result.Value;
            return Page();
        }
        if (result.Error.Kind == ErrorKind.NotFound) return NotFound();
        result.Error.AddTo(ModelState, localizer);
        return Page();
    }
}
