using EqualCare.Web.Domain;
using EqualCare.Web.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace EqualCare.Web.Features.Worklist;

/// <summary>
/// 分片包干: a street office picks one of its communities, a worker of it, and the persons (ticked from the list) or a
/// building, and gives them to her. The page and the API call the same <see cref="AssignmentHandler"/>.
/// </summary>
public sealed class AssignModel(AssignmentHandler handler, IStringLocalizer localizer) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Community { get; set; }

    [BindProperty(SupportsGet = true)]
    public long? Worker { get; set; }

    /// <summary>The building the list is narrowed to (and, with the building button, the one assigned).</summary>
    [BindProperty(SupportsGet = true)]
    public string? Building { get; set; }

    [BindProperty(SupportsGet = true)]
    public bool Unassigned { get; set; }

    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    [BindProperty]
    public List<long> PersonIds { get; set; } = [];

    public AssignmentBoard Board { get; private set; } = null!;
    public string? Done { get; private set; }

    public async Task<IActionResult> OnGetAsync(int? assigned, int? reassigned, int? unchanged, CancellationToken ct)
    {
        if (assigned is { } a) Done = localizer["assign.done", a, reassigned ?? 0, unchanged ?? 0];
        return await LoadAsync(ct) ?? Page();
    }

    /// <summary>The ticked persons, or with <paramref name="whole"/> every person of <see cref="Building"/>.</summary>
    public async Task<IActionResult> OnPostAsync(bool whole, CancellationToken ct)
    {
        var user = HttpContext.CurrentUser();
        var request = new AssignRequest(Community, Worker ?? 0, whole ? null : PersonIds, whole ? Building : null);
        var result = await handler.AssignAsync(user, request, ct);
        if (result.IsSuccess)
        {
            var r = result.Value;
            return Redirect($"/Worklist/Assign?community={r.Community}&worker={r.WorkerId}&building={Uri.EscapeDataString(Building ?? "")}"
                            + $"&unassigned={Unassigned}&p={PageNumber}&assigned={r.Assigned}&reassigned={r.Reassigned}&unchanged={r.Unchanged}");
        }
        if (result.Error.Kind == ErrorKind.NotFound && result.Error.Code == "assign.community.notFound") return NotFound();
        if (result.Error.Kind == ErrorKind.Forbidden) return Forbid();
        result.Error.AddTo(ModelState, localizer, key: "");
        return await LoadAsync(ct) ?? Page();
    }

    async Task<IActionResult?> LoadAsync(CancellationToken ct)
    {
        var user = HttpContext.CurrentUser();
        if (string.IsNullOrEmpty(Community) && await handler.CommunitiesAsync(user, ct) is [var first, ..]) Community = first.Code;
        var board = await handler.BoardAsync(user, Community, Building, Unassigned, PageNumber, ct);
        if (!board.IsSuccess) return board.Error.Kind == ErrorKind.Forbidden ? Forbid() : NotFound();
        Board = board.Value;
        PageNumber = Board.Page;
        return null;
    }

    public string PageUrl(int page) =>
        $"/Worklist/Assign?community={Board.Community}&worker={Worker}&building={Uri.EscapeDataString(Building ?? "")}&unassigned={Unassigned}&p={page}";
}
