namespace EqualCare.Web.Domain.Cases;

/// <summary>
/// 迁入申请: the community where a person now lives asks the community of the installation that holds her case to hand it
/// over (现居住地为主: the place she lives leads). Written once when asked, decided once (accepted: the case moves;
/// declined, with a reason), never deleted. The holder decides by <see cref="DueOn"/>; after it the holder's street may.
/// </summary>
public sealed class MoveRequest
{
    public long Id { get; set; }
    public long PersonId { get; set; }
    /// <summary>The community holding the case when asked: it decides.</summary>
    public required string FromCommunityCode { get; set; }
    /// <summary>The community that asks, where the person now lives.</summary>
    public required string ToCommunityCode { get; set; }
    public MoveRequestState State { get; set; }
    public DateTime RequestedAt { get; set; }
    public required string RequestedBy { get; set; }
    public DateTime? DecidedAt { get; set; }
    public string? DecidedBy { get; set; }
    /// <summary>The MoveWithinArea movement an acceptance recorded.</summary>
    public long? MovementId { get; set; }
    /// <summary>The Beijing day by which the holder decides; the next day the request is overdue and its street may decide.</summary>
    public DateOnly DueOn { get; set; }
    /// <summary>Why it was declined (required then); a note of the decision otherwise.</summary>
    public string? Reason { get; set; }
    /// <summary>The unit that decided: the holding community, or its street once the request was overdue.</summary>
    public string? DecidedByOrg { get; set; }
}

public enum MoveRequestState : short
{
    Pending = 0,
    Accepted = 1,
    Declined = 2,
}

/// <summary>Who may ask for whose case, and who decides (issue 13 point 8, widened by issue 16 point 1).</summary>
public static class MoveRequestRules
{
    /// <summary>No rule names a deadline for handing a case over (docs/rules.md §2.6): 15 days.</summary>
    public const int DefaultDecideWithinDays = 15;

    public const int MinReasonLength = 2;
    public const int MaxReasonLength = 200;

    /// <summary>
    /// A community worker of the same street as the holder: the registration names the holding community to her (both
    /// report to the same street). Beyond the street the request is still offered, but the holder is not named before it is sent.
    /// </summary>
    public static bool SameStreet(OrgCode userOrg, string communityCode) =>
        userOrg.Level == 5 && userOrg.Parent is { } street && street.Contains(communityCode) && userOrg.Value != communityCode;

    /// <summary>A community worker may ask for a case held by any other community of the installation.</summary>
    public static bool MayAsk(OrgCode userOrg, string holderCommunityCode) =>
        userOrg.Level == 5 && userOrg.Value != holderCommunityCode;

    public static DateOnly DueOn(DateOnly askedOn, int decideWithinDays) => askedOn.AddDays(Math.Max(1, decideWithinDays));

    /// <summary>Overdue from the day after <see cref="MoveRequest.DueOn"/>, while still open.</summary>
    public static bool IsOverdue(MoveRequestState state, DateOnly dueOn, DateOnly today) => state == MoveRequestState.Pending && today > dueOn;

    /// <summary>
    /// Who may decide: the holding community until the request is overdue; after that also the holder's street (and the
    /// offices above it, which see the case too). The street, not the office over both communities: it answers for the
    /// holder's work and checks its to-do list every day (seed 004 四(六)2), while the office common to two streets is a
    /// district or a city commission that keeps no cases. The asking side never decides: it does not hold the case.
    /// </summary>
    public static bool MayDecide(OrgCode userOrg, string holderCommunityCode, bool overdue) =>
        userOrg.Value == holderCommunityCode || (overdue && userOrg.Level is >= 1 and <= 4 && userOrg.Contains(holderCommunityCode));

    /// <summary>The reason of a refusal, trimmed; null with the refusal's key when it is missing or too long.</summary>
    public static (string? Reason, string? ProblemKey) DeclineReason(string? text)
    {
        var reason = string.IsNullOrWhiteSpace(text) ? null : text.Trim();
        if (reason is null || reason.Length < MinReasonLength) return (null, "moveRequest.reason.required");
        if (reason.Length > MaxReasonLength) return (null, "moveRequest.reason.tooLong");
        return (reason, null);
    }
}
