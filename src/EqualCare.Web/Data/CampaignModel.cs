using EqualCare.Web.Domain.Campaigns;
using EqualCare.Web.Domain.Rewards;
using Microsoft.EntityFrameworkCore;

namespace EqualCare.Web.Data;

/// <summary>Nomination campaigns, their candidates and the rewards given to persons (migration 0028); reached through <c>db.Set&lt;T&gt;()</c>.</summary>
public static class CampaignModel
{
    public static void Configure(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Campaign>(e => e.ToTable("campaigns"));
        modelBuilder.Entity<CampaignCandidate>(e => e.ToTable("campaign_candidates"));
        modelBuilder.Entity<PersonReward>(e => e.ToTable("person_rewards"));
    }
}
