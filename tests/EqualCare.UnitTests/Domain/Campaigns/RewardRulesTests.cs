using EqualCare.Web.Domain.Rewards;

namespace EqualCare.UnitTests.Domain.Campaigns;

public sealed class RewardRulesTests
{
    static readonly DateOnly Today = new(2026, 5, 20);

    [Fact]
    public void A_reward_needs_its_kind_a_day_not_in_the_future_an_amount_and_what_it_was()
    {
        Assert.Empty(RewardRules.Check(new RewardInput(RewardKind.Reward, Today, 500, "落实长效避孕措施表彰"), Today));
        Assert.Empty(RewardRules.Check(new RewardInput(RewardKind.Help, Today, 0, "慰问品"), Today));
        Assert.Equal(["reward.kind.required", "reward.givenOn.future", "reward.amount.bad", "reward.description.required"],
            RewardRules.Check(new RewardInput((RewardKind)9, Today.AddDays(1), -1, " "), Today).Select(e => e.Code));
        Assert.Equal(["reward.givenOn.required", "reward.amount.bad"],
            RewardRules.Check(new RewardInput(RewardKind.Help, null, RewardRules.MaxAmountYuan + 1, "现金"), Today).Select(e => e.Code));
        Assert.Equal(["reward.void.reasonRequired"], RewardRules.CheckVoid("").Select(e => e.Code));
    }
}
