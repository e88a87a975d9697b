using EqualCare.Web.Domain.Campaigns;
using EqualCare.Web.Domain.Services;

namespace EqualCare.UnitTests.Domain.Campaigns;

public sealed class CampaignRulesTests
{
    static readonly DateOnly Today = new(2026, 5, 20);

    [Theory]
    [InlineData(0, 30, 1)]
    [InlineData(29, 30, 30)]
    [InlineData(30, 30, null)]
    [InlineData(31, 30, null)]
    public void The_next_approval_takes_the_next_place_until_the_quota_is_full(int approved, int quota, int? place) =>
        Assert.Equal(place, CampaignRules.NextPlace(approved, quota));

    [Fact]
    public void A_campaign_needs_a_title_a_quota_of_1_to_1000_and_a_deadline_not_past()
    {
        Assert.Empty(CampaignRules.Check(new CampaignInput("2016年度“优秀外来务工女性”评选", 30, Today), Today));
        Assert.Equal(["campaign.title.required", "campaign.quota.bad", "campaign.deadline.past"],
            CampaignRules.Check(new CampaignInput(" ", 0, Today.AddDays(-1)), Today).Select(e => e.Code));
        Assert.Equal(["campaign.quota.bad", "campaign.deadline.required"],
            CampaignRules.Check(new CampaignInput("评选", 1001, null), Today).Select(e => e.Code));
    }

    [Fact]
    public void A_proposal_needs_its_deeds_and_the_communitys_opinion()
    {
        Assert.Empty(CampaignRules.Check(new ProposalInput("在超市工作，积极宣传计划生育政策", "同意推荐")));
        Assert.Equal(["campaign.deeds.required", "campaign.opinion.required"], CampaignRules.Check(new ProposalInput("", null)).Select(e => e.Code));
        Assert.Equal(["campaign.deeds.tooLong"], CampaignRules.Check(new ProposalInput(new string('事', 2001), "同意")).Select(e => e.Code));
    }

    [Fact]
    public void Proposals_are_open_up_to_and_including_the_deadline_day()
    {
        var c = new Campaign { OrgCode = "410105010000", Title = "t", Criteria = NominationCriteria.Seed000, CreatedBy = "x", Quota = 30, Deadline = Today };
        Assert.True(CampaignRules.IsOpen(c, Today));
        Assert.False(CampaignRules.IsOpen(c, Today.AddDays(1)));
    }

    [Fact]
    public void Seed_001s_leave_table_gives_2_days_for_an_IUD_and_21_for_sterilisation_over_the_configured_days()
    {
        var table = LeaveRuleTables.Apply(new LeaveTable(), LeaveRuleTables.Named("Seed001"));
        Assert.Equal((2, 21, 21), (table.DaysFor(Operation.IudInsertion), table.DaysFor(Operation.TubalLigation), table.DaysFor(Operation.Vasectomy)));
        // Operations seed 001 does not name keep the configured (guide) days.
        Assert.Equal(new LeaveTable().DaysFor(Operation.InducedAbortion), table.DaysFor(Operation.InducedAbortion));
        Assert.Equal((short?)7, LeaveRuleTables.Seed001.Single(r => r.Operation == Operation.IudInsertion).NoHeavyWorkDays);
        // "Guide" (the default) changes nothing.
        Assert.Equal(new LeaveTable().Days, LeaveRuleTables.Apply(new LeaveTable(), LeaveRuleTables.Named("Guide")).Days);
    }
}
