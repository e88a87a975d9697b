namespace EqualCare.Web.Domain.Campaigns;

/// <summary>
/// 评选表彰: a nomination campaign set by a street or an office above it (seed 000 二(一): "在全辖区范围内评选出30名流动人口计划生育
/// '优秀外来务工女性'"). Communities inside <see cref="OrgCode"/> propose candidates until <see cref="Deadline"/>; the street
/// of each candidate reviews; at most <see cref="Quota"/> are approved. Written once, never deleted (migration 0028).
/// </summary>
public sealed class Campaign
{
    public long Id { get; set; }
    /// <summary>12-digit code of the office that set it (a street or above): the campaign's area.</summary>
    public required string OrgCode { get; set; }
    public required string Title { get; set; }
    public int Quota { get; set; }
    /// <summary>The last Beijing date on which a community may propose (seed 000 三: the communities report by a set day).</summary>
    public DateOnly Deadline { get; set; }
    /// <summary>The criteria the candidates are shown against: <see cref="NominationCriteria.Seed000"/>.</summary>
    public required string Criteria { get; set; }
    public DateTime CreatedAt { get; set; }
    public required string CreatedBy { get; set; }
}

/// <summary>
/// One candidate of a campaign: the community's proposal (主要事迹 and 社区审核上报意见, its reviewer and date, as 附件2 has them)
/// and, once, the street's decision (办事处审核意见, reviewer, date). An approval takes the next of the campaign's numbered
/// places (<see cref="ApprovalPlace"/>, unique per campaign, 1..quota), so two approvals at once can never exceed the quota.
/// </summary>
public sealed class CampaignCandidate
{
    public long Id { get; set; }
    public long CampaignId { get; set; }
    public long PersonId { get; set; }
    /// <summary>The person's community when proposed: the proposing community and the scope key of the review.</summary>
    public required string CommunityCode { get; set; }
    /// <summary>主要事迹 (seed 000 附件1 6: occupation, contribution, support of the work; concrete and true).</summary>
    public required string Deeds { get; set; }
    public required string CommunityOpinion { get; set; }
    public required string CommunityReviewer { get; set; }
    public DateOnly CommunityDate { get; set; }
    public DateTime ProposedAt { get; set; }
    public CandidateState State { get; set; }
    public string? StreetOpinion { get; set; }
    public string? StreetReviewer { get; set; }
    public DateOnly? StreetDate { get; set; }
    public DateTime? DecidedAt { get; set; }
    /// <summary>The approved candidate's place within the quota (1..quota); null unless approved.</summary>
    public int? ApprovalPlace { get; set; }
}

public enum CandidateState : short
{
    Proposed = 1,
    Approved = 2,
    Declined = 3,
}
