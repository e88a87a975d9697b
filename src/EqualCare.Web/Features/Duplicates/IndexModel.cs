using EqualCare.Web.Domain;
using System.Globalization;
using EqualCare.Web.Features.Persons;
using EqualCare.Web.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace EqualCare.Web.Features.Duplicates;

public sealed class IndexModel(DuplicateQueries queries, DuplicateMerge merge, IStringLocalizer localizer) : PageModel
{
    [BindProperty(SupportsGet = true)] public DuplicateKind Kind { get; set; } = DuplicateKind.NameBirthHukou;
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;
    [BindProperty(SupportsGet = true)] public int Merged { get; set; }

    public DuplicateGroupPage Result { get; private set; } = null!;
    public bool MayMerge { get; private set; }
    public int PageCount => Math.Max(1, (Result.TotalGroups + Result.PageSize - 1) / Result.PageSize);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await ShowAsync(ct);

    /// <param name="survivor">The case that stays.</param>
    /// <param name="member">Every member of the group as "id:version", as the page showed them.</param>
    /// <param name="note">Why they are the same person (kept in both histories).</param>
    public async Task<IActionResult> OnPostMergeAsync(long survivor, string[] member, string? note, CancellationToken ct)
    {
        var user = HttpContext.CurrentUser();
        if (!user.CanWritePersons) return NotFound();
        var cases = member.Select(Parse).OfType<MergedCase>().ToList();
        var survivorCase = cases.FirstOrDefault(c => c.Id == survivor);
        if (survivorCase is null) ModelState.AddModelError("", localizer["duplicates.merge.choose"]);
        else
        {
            var result = await merge.MergeAsync(user, new MergeRequest(survivor, survivorCase.Version,
                cases.Where(c => c.Id != survivor).ToList(), note), ct);
            if (result.IsSuccess) return Redirect($"/Duplicates?kind={Kind}&merged={result.Value.MergedIds.Count}");
            if (result.Error.Kind == ErrorKind.NotFound) return NotFound();
            result.Error.AddTo(ModelState, localizer);
        }
        return await ShowAsync(ct);
    }

    async Task<IActionResult> ShowAsync(CancellationToken ct)
    {
        var user = HttpContext.CurrentUser();
        if (!user.CanReadPersons) return NotFound();
        MayMerge = PersonReveal.MayReveal(user);
        Result = await queries.ListAsync(user, Kind, PageNumber, ct);
        return Page();
    }

    static MergedCase? Parse(string text)
    {
        var parts = text.Split(':');
        return parts.Length == 2 && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            ? new MergedCase(id, version) : null;
    }
}
