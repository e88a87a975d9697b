using EqualCare.Web.Domain.Campaigns;

namespace EqualCare.Web.Features.Campaigns;

/// <summary>A campaign as lists show it: the counts are the campaign's whole (the quota is shared by every unit in it).</summary>
public sealed record CampaignSummary(
    long Id, string Title, string OrgCode, string? OrgName, int Quota, DateOnly Deadline, int Proposed, int Approved, bool Open,
    string CreatedBy);

/// <summary>One candidate with seed 000's criteria as the records answer them today.</summary>
public sealed record CandidateView(
    long Id, long PersonId, string Name, string IdNumberMasked, string CommunityCode, string? CommunityName, string Deeds,
    string CommunityOpinion, string CommunityReviewer, DateOnly CommunityDate, CandidateState State, string? StreetOpinion,
    string? StreetReviewer, DateOnly? StreetDate, int? ApprovalPlace, IReadOnlyList<CriterionResult> Criteria, bool MayDecide);

/// <summary>A campaign with the candidates the user may see; what the user may do on it.</summary>
public sealed record CampaignDetail(CampaignSummary Campaign, IReadOnlyList<CandidateView> Candidates, bool MayPropose);

/// <summary>
/// Seed 000 附件2 《"优秀外来务工女性"推荐选拔表》 filled from the case: the fields in the form's order. <see cref="IdNumber"/> is
/// full only on the audited print (<see cref="Full"/>), masked otherwise.
/// </summary>
public sealed record NominationForm(
    long CandidateId, long CampaignId, string CampaignTitle, string Name, string Sex, string BirthMonth, string? Hukou, string IdNumber,
    string? Occupation, string Marital, string? Contraception, string? CertificateNumber, string? ResidenceAddress, string Deeds,
    string CommunityOpinion, string CommunityReviewer, DateOnly CommunityDate, string? StreetOpinion, string? StreetReviewer,
    DateOnly? StreetDate, CandidateState State, bool Full, bool MayPrintFull);
