using EqualCare.Web.Domain;
using EqualCare.Web.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace EqualCare.Web.Features.Hotline;

/// <summary>
/// The office's hotline numbers and consultation rooms with their opening hours and the person on duty; the lines of the
/// offices above are listed for reference. <c>?edit=ID</c> loads one of the office's own lines into the form.
/// </summary>
public sealed class LinesModel(HotlineLines lines, IStringLocalizer localizer) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public long? Edit { get; set; }

    [BindProperty(SupportsGet = true)]
    public bool Done { get; set; }

    [BindProperty]
    public LineFields Input { get; set; } = new();

    public IReadOnlyList<LineItem> Lines { get; private set; } = [];
    public string OwnOffice { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!HotlineLines.MayKeep(HttpContext.CurrentUser())) return Forbid();
        await LoadAsync(ct);
        if (Edit is { } id)
        {
            var line = Lines.FirstOrDefault(l => l.Id == id && l.OfficeCode == OwnOffice && !l.Retired);
            if (line is null) return NotFound();
            Input = new LineFields
            {
                Id = line.Id, Kind = line.Kind.ToString(), Name = line.Name, Number = line.Number, Place = line.Place,
                OpeningHours = line.OpeningHours, OnDuty = line.OnDuty, Version = line.Version,
            };
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var user = HttpContext.CurrentUser();
        var input = new LineInput(Input.Kind, Input.Name, Input.Number, Input.Place, Input.OpeningHours, Input.OnDuty, Input.Version);
        var error = Input.Id is { } id
            ? (await lines.UpdateAsync(user, id, input, ct)).Error
            : (await lines.RegisterAsync(user, input, ct)).Error;
        return await AfterAsync(error, ct);
    }

    public async Task<IActionResult> OnPostRetireAsync(long id, int? version, CancellationToken ct) =>
        await AfterAsync((await lines.RetireAsync(HttpContext.CurrentUser(), id, version, ct)).Error, ct);

    async Task<IActionResult> AfterAsync(Error? error, CancellationToken ct)
    {
        if (error is null) return Redirect("/Hotline/Lines?done=true");
        if (error.Kind == ErrorKind.NotFound) return NotFound();
        if (error.Kind == ErrorKind.Forbidden) return Forbid();
        await LoadAsync(ct);
        ModelState.Clear();
        error.AddTo(ModelState, localizer, key: "");
        return Page();
    }

    async Task LoadAsync(CancellationToken ct)
    {
        var user = HttpContext.CurrentUser();
        OwnOffice = user.Org.Value;
        Lines = await lines.ListAsync(user, withRetired: true, ct);
    }

    public sealed class LineFields
    {
        public long? Id { get; set; }
        public string? Kind { get; set; }
        public string? Name { get; set; }
        public string? Number { get; set; }
        public string? Place { get; set; }
        public string? OpeningHours { get; set; }
        public string? OnDuty { get; set; }
        public int? Version { get; set; }
    }
}
