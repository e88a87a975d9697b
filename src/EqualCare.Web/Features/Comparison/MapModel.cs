using EqualCare.Web.Domain.Comparison;
using EqualCare.Web.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace EqualCare.Web.Features.Comparison;

/// <summary>/Comparison/Map/{token}: which column holds which field, started from the layout remembered for this agency and
/// kind (or a guess from the headings); submitting stores the list and compares it.</summary>
public sealed class MapModel(ComparisonService comparisons, IStringLocalizer localizer) : PageModel
{
    public UploadPreview? Preview { get; private set; }

    public static readonly ListField[] Fields = Enum.GetValues<ListField>();

    /// <summary>A sample cell as shown: a run of 7 or more digits (an ID number, a phone) masked as lists mask them.</summary>
    public static string Masked(string cell) =>
        System.Text.RegularExpressions.Regex.Replace(cell, "[0-9]{6,}[0-9Xx]", m => m.Length >= 15 ? Domain.Masking.IdNumber(m.Value) : Domain.Masking.Phone(m.Value));

    public async Task<IActionResult> OnGetAsync(Guid token, CancellationToken ct)
    {
        var user = HttpContext.CurrentUser();
        if (!user.CanWritePersons) return NotFound();
        var preview = await comparisons.PreviewAsync(user, token, ct);
        if (preview.IsFailure)
        {
            if (preview.Error.Kind == Domain.ErrorKind.NotFound) return NotFound();
            preview.Error.AddTo(ModelState, localizer);
            return Page();
        }
        Preview = preview.Value;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid token, CancellationToken ct)
    {
        var user = HttpContext.CurrentUser();
        if (!user.CanWritePersons) return NotFound();
        var map = new Dictionary<ListField, int>();
        foreach (var f in Fields)
            if (int.TryParse(Request.Form["col_" + f], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var i))
                map[f] = i;
        var outcome = await comparisons.CompareAsync(user, token, new ColumnMapping(map), ct);
        if (outcome.IsSuccess) return Redirect("/Comparison/List/" + outcome.Value.ListId);
        if (outcome.Error.Kind == Domain.ErrorKind.NotFound) return NotFound();
        outcome.Error.AddTo(ModelState, localizer, key: "");
        var preview = await comparisons.PreviewAsync(user, token, ct);
        if (preview.IsSuccess) Preview = preview.Value with { Mapping = new ColumnMapping(map) };
        return Page();
    }
}
