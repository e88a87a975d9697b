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

    /// <summary>"compact": several notices to an A4 page with cut lines between them; otherwise one notice per page.</summary>
    [BindProperty(SupportsGet = true)] public string? Layout { get; set; }

    public bool Compact => string.Equals(Layout, "compact", StringComparison.Ordinal);

    /// <summary>This page's address with the layout switched, the other filters kept.</summary>
    public string LayoutUrl(bool compact)
    {
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(Request.QueryString.Value)
            .Where(q => !string.Equals(q.Key, "layout", StringComparison.OrdinalIgnoreCase))
            .SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string?>(q.Key, v)));
        if (compact) query = query.Append(new("layout", "compact"));
        return Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString(Request.Path, query);
    }

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
