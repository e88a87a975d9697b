using EqualCare.Web.Domain;
using EqualCare.Web.Domain.Comparison;
using EqualCare.Web.Features.Comparison;
using EqualCare.Web.Features.Exchange;
using EqualCare.Web.Web;

namespace EqualCare.Web.Features.Worklist;

/// <summary>The open comparison results of one kind in the list's unit, and where the worker deals with them.</summary>
public sealed record FindingFollowUp(FindingKind Kind, int Open, string Link);

/// <summary>
/// The to-do list's section 需要处理的比对结果与协查: what other work waits in the unit beside the persons' due items — the
/// unresolved results of comparisons with other agencies' lists (issue 17 point 3) and the overdue 协查 / 代办 requests its
/// offices must answer or wait for (issue 16 point 3: flagged on both sides). Counts with links, not rows: each kind is
/// worked on its own page, and the persons' list stays what it is.
/// </summary>
public sealed record FollowUps(string OrgCode, IReadOnlyList<FindingFollowUp> Findings, int RequestsToAnswer, string ToAnswerLink,
    int RequestsAwaited, string AwaitedLink)
{
    public bool Any => Findings.Count > 0 || RequestsToAnswer > 0 || RequestsAwaited > 0;
}

/// <summary>
/// Reads the section for the list's unit: two statements, each a range scan of an index on the unit's codes (the comparison's
/// open results by kind; the overdue requests in and out), scoped like the list. The persons' list is untouched.
/// </summary>
public sealed class FollowUpQuery(ComparisonQueries comparisons, ExchangeQueries exchange)
{
    public async Task<FollowUps> ForAsync(CurrentUser user, OrgCode unit, CancellationToken ct)
    {
        var open = await comparisons.OpenCountsAsync(user, unit, ct);
        var (toAnswer, awaited) = await exchange.OverdueAsync(user, unit, ct);
        var findings = Enum.GetValues<FindingKind>().Where(k => open.GetValueOrDefault(k) > 0)
            .Select(k => new FindingFollowUp(k, open[k], $"/Comparison/Results?kind={k}&community={unit.Value}&open=true")).ToList();
        return new FollowUps(unit.Value, findings,
            toAnswer, $"/Exchange?box={Box.Inbox}&filter={MessageFilter.Overdue}&unit={unit.Value}",
            awaited, $"/Exchange?box={Box.Outbox}&filter={MessageFilter.Overdue}&unit={unit.Value}");
    }
}
