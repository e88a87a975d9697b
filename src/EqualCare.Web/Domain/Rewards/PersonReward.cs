namespace EqualCare.Web.Domain.Rewards;

/// <summary>
/// 奖励扶助 given to one person (seed 001 三(二)5: "对自觉落实长效避孕措施的流动育龄夫妻，要按规定给予表彰奖励"; "对流动人口中的重病和
/// 夭折的独生子女父母、流动人口中的计划生育困难户定期开展帮扶救助"). Append-only: a row entered in error is cancelled by a later row
/// naming it in <see cref="VoidsRewardId"/>, so the history keeps both. The statistics form (seed 002 附件) counts them:
/// a reward in columns 11 (persons) and 12 (amount), help in column 10 (grants and goods).
/// </summary>
public sealed class PersonReward
{
    public long Id { get; set; }
    public long PersonId { get; set; }
    /// <summary>The person's community when it was given: per-community figures stay right after a move.</summary>
    public required string CommunityCode { get; set; }
    public RewardKind Kind { get; set; }
    public DateOnly GivenOn { get; set; }
    /// <summary>What was given and on what grounds (现金, 慰问品, 落实长效避孕措施 …).</summary>
    public string? Description { get; set; }
    /// <summary>The value in whole yuan (goods at their value), the natural unit of the form's 万元 columns.</summary>
    public long AmountYuan { get; set; }
    public DateTime RecordedAt { get; set; }
    public required string RecordedBy { get; set; }
    public long? VoidsRewardId { get; set; }
    /// <summary>Why a void row cancels the row it names.</summary>
    public string? VoidReason { get; set; }
}

public enum RewardKind : short
{
    /// <summary>计划生育奖励补助 (表彰奖励): seed 002 columns 11–12.</summary>
    Reward = 1,
    /// <summary>帮扶救助 (补助金和物品): seed 002 column 10.</summary>
    Help = 2,
}
