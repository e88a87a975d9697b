namespace EqualCare.Web.Domain.Campaigns;

/// <summary>A campaign as entered by the office that sets it.</summary>
public sealed record CampaignInput(string? Title, int? Quota, DateOnly? Deadline);

/// <summary>A community's proposal as entered.</summary>
public sealed record ProposalInput(string? Deeds, string? Opinion);

/// <summary>What the campaign forms demand; the handlers add scope, role, deadline and quota.</summary>
public static class CampaignRules
{
    public const int MaxTitleLength = 100;
    /// <summary>Seed 000 sets 30; a city-wide campaign may set more. Above this is certainly a typing error.</summary>
    public const int MaxQuota = 1000;
    public const int MaxDeedsLength = 2000;
    public const int MaxOpinionLength = 500;

    public static IReadOnlyList<Error> Check(CampaignInput input, DateOnly today)
    {
        var problems = new List<Error>();
        if (string.IsNullOrWhiteSpace(input.Title)) problems.Add(Error.Validation("campaign.title.required", nameof(input.Title)));
        else if (input.Title.Trim().Length > MaxTitleLength) problems.Add(Error.Validation("campaign.title.tooLong", nameof(input.Title)));
        if (input.Quota is not { } quota || quota < 1 || quota > MaxQuota) problems.Add(Error.Validation("campaign.quota.bad", nameof(input.Quota)));
        if (input.Deadline is not { } deadline) problems.Add(Error.Validation("campaign.deadline.required", nameof(input.Deadline)));
        else if (deadline < today) problems.Add(Error.Validation("campaign.deadline.past", nameof(input.Deadline)));
        return problems;
    }

    public static IReadOnlyList<Error> Check(ProposalInput input)
    {
        var problems = new List<Error>();
        if (string.IsNullOrWhiteSpace(input.Deeds)) problems.Add(Error.Validation("campaign.deeds.required", nameof(input.Deeds)));
        else if (input.Deeds.Trim().Length > MaxDeedsLength) problems.Add(Error.Validation("campaign.deeds.tooLong", nameof(input.Deeds)));
        problems.AddRange(CheckOpinion(input.Opinion));
        return problems;
    }

    /// <summary>Each level writes its opinion (附件2: 社区审核上报意见, 办事处审核意见).</summary>
    public static IReadOnlyList<Error> CheckOpinion(string? opinion) =>
        string.IsNullOrWhiteSpace(opinion) ? [Error.Validation("campaign.opinion.required", "Opinion")]
        : opinion.Trim().Length > MaxOpinionLength ? [Error.Validation("campaign.opinion.tooLong", "Opinion")]
        : [];

    /// <summary>A community proposes up to and including the deadline day (Beijing).</summary>
    public static bool IsOpen(Campaign campaign, DateOnly today) => today <= campaign.Deadline;

    /// <summary>
    /// The place the next approval takes, or null when the quota is full: places are taken 1, 2, … and never given back
    /// (a decision is final), so the next one is the number already approved plus one.
    /// </summary>
    public static int? NextPlace(int approved, int quota) => approved < quota ? approved + 1 : null;
}
