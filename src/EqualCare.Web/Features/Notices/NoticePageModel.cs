using EqualCare.Web.Domain;
using EqualCare.Web.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace EqualCare.Web.Features.Notices;

/// <summary>What the notice pages share: the sheets of a successful result, 404 outside the user's scope, and bad input
/// as a 400 page with its reason and nothing printed.</summary>
public abstract class NoticePageModel(IStringLocalizer localizer) : PageModel
{
    public NoticeSet? Set { get; private set; }

    protected IActionResult Show(Result<NoticeSet> result)
    {
        if (result.IsSuccess)
        {
            Set = result.Value;
            return Page();
        }
        if (result.Error.Kind == ErrorKind.NotFound) return NotFound();
        return BadInput(result.Error.Code);
    }

    protected PageResult BadInput(string code)
    {
        ModelState.Clear();
        ModelState.AddModelError(string.Empty, localizer[code]);
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}
