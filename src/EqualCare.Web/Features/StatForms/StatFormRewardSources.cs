using EqualCare.Web.Data;
using EqualCare.Web.Domain.Rewards;
using EqualCare.Web.Domain.Statistics;
using Microsoft.EntityFrameworkCore;

namespace EqualCare.Web.Features.StatForms;

/// <summary>
/// Columns 10–12 of seed 002's form from the 奖励扶助 recorded per person (issue 18 point 5) instead of typed figures: the
/// help given (column 10, yuan), the persons rewarded (column 11, each once) and the rewards' yuan (column 12), of the
/// community's rows given in the period. A row a later row voids, and the void row itself, do not count.
/// </summary>
public static class StatFormRewardSources
{
    public static async Task<long> CountAsync(EqualCareDb db, RecordBasis basis, string community, DateOnly from, DateOnly to, CancellationToken ct)
    {
        var all = db.Set<PersonReward>();
        var valid = all.Where(r => r.CommunityCode == community && r.GivenOn >= from && r.GivenOn <= to && r.VoidsRewardId == null)
            .Where(r => !all.Any(v => v.VoidsRewardId == r.Id));
        return basis switch
        {
            RecordBasis.HelpGiven => await valid.Where(r => r.Kind == RewardKind.Help).SumAsync(r => (long?)r.AmountYuan, ct) ?? 0,
            RecordBasis.RewardPersons => await valid.Where(r => r.Kind == RewardKind.Reward).Select(r => r.PersonId).Distinct().LongCountAsync(ct),
            RecordBasis.RewardAmount => await valid.Where(r => r.Kind == RewardKind.Reward).SumAsync(r => (long?)r.AmountYuan, ct) ?? 0,
            _ => throw new ArgumentOutOfRangeException(nameof(basis), basis, "not a reward column"),
        };
    }
}
