namespace EqualCare.Web.Domain.Cases;

/// <summary>
/// 迁入申请: the community where a person now lives asks the community of the same street that holds her case to hand it
/// over. Written once when asked, decided once (accepted: the holder records the move; declined), never deleted.
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
}

public enum MoveRequestState : short
{
    Pending = 0,
    Accepted = 1,
    Declined = 2,
}

/// <summary>Who may ask for whose case (issue 13 point 8; moves across streets are the collaboration issue's, not these).</summary>
public static class MoveRequestRules
{
    /// <summary>
    /// A community worker may ask another community of her own street for a case: the street is the office both report
    /// to, and the holder may hand the case over within it (<see cref="MovementRules.MayMoveTo"/>).
    /// </summary>
    public static bool SameStreet(OrgCode userOrg, string communityCode) =>
        userOrg.Level == 5 && userOrg.Parent is { } street && street.Contains(communityCode) && userOrg.Value != communityCode;
}
