using EqualCare.Web.Data;
using EqualCare.Web.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace EqualCare.Web.Features.Identity;

/// <summary>Her open sessions, so that she can end one she does not recognise (issue 14, point 3).</summary>
public sealed class SessionsModel(UserSessions sessions) : PageModel
{
    public IReadOnlyList<UserSession> Open { get; private set; } = [];
    public string? Current { get; private set; }
    public bool Ended { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostEndAsync(string id, CancellationToken ct)
    {
        // Only another of her own sessions: her current one ends with logout, someone else's is "not found".
        if (id != UserSessions.IdOf(User))
            Ended = await sessions.EndAsync(HttpContext.CurrentUser().Id, id, "ended from another session", ct);
        await LoadAsync(ct);
        return Page();
    }

    async Task LoadAsync(CancellationToken ct)
    {
        Current = UserSessions.IdOf(User);
        Open = await sessions.OpenOfAsync(HttpContext.CurrentUser().Id, ct);
    }
}
