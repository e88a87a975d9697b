using EqualCare.Web.Web;

namespace EqualCare.Web.Features.Home;

/// <summary>Statistics forms of the user's child units waiting for the user's review (submitted, not yet approved or returned).</summary>
public sealed class ApprovalsWaiting
{
    public Task<int> CountAsync(CurrentUser user, CancellationToken ct) => Task.FromResult(0);
}
