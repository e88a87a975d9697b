namespace EqualCare.Web.Domain.Rewards;

/// <summary>A reward or help as entered.</summary>
public sealed record RewardInput(RewardKind? Kind, DateOnly? GivenOn, long? AmountYuan, string? Description);

public static class RewardRules
{
    public const int MaxDescriptionLength = 200;
    /// <summary>One gift to one person above a million yuan is certainly a typing error.</summary>
    public const long MaxAmountYuan = 1_000_000;

    public static IReadOnlyList<Error> Check(RewardInput input, DateOnly today)
    {
        var problems = new List<Error>();
        if (input.Kind is not { } kind || !Enum.IsDefined(kind)) problems.Add(Error.Validation("reward.kind.required", nameof(input.Kind)));
        if (input.GivenOn is not { } on) problems.Add(Error.Validation("reward.givenOn.required", nameof(input.GivenOn)));
        else if (on > today) problems.Add(Error.Validation("reward.givenOn.future", nameof(input.GivenOn)));
        if (input.AmountYuan is not { } amount || amount < 0 || amount > MaxAmountYuan)
            problems.Add(Error.Validation("reward.amount.bad", nameof(input.AmountYuan)));
        if (string.IsNullOrWhiteSpace(input.Description)) problems.Add(Error.Validation("reward.description.required", nameof(input.Description)));
        else if (input.Description.Trim().Length > MaxDescriptionLength) problems.Add(Error.Validation("reward.description.tooLong", nameof(input.Description)));
        return problems;
    }

    public static IReadOnlyList<Error> CheckVoid(string? reason) =>
        string.IsNullOrWhiteSpace(reason) ? [Error.Validation("reward.void.reasonRequired", "Reason")]
        : reason.Trim().Length > MaxDescriptionLength ? [Error.Validation("reward.description.tooLong", "Reason")]
        : [];
}
