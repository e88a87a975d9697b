namespace EqualCare.Web.Domain.IdNumbers;

/// <summary>The five checks of the legacy 身份证号码逻辑错误 list (docs/rules.md §2.3), in the order they are run.</summary>
public enum IdCheck
{
    /// <summary>长度与格式: 18 characters, 17 digits and a digit or X (15 digits are upgraded first).</summary>
    Format,
    /// <summary>地址码: a real province, and a county of the current or historical GB/T 2260 tables.</summary>
    AreaCode,
    /// <summary>出生日期码: a real calendar date, not in the future, agreeing with an entered birth date.</summary>
    BirthDate,
    /// <summary>顺序码: the 17th digit's parity agrees with the entered sex (odd = male).</summary>
    Sex,
    /// <summary>校验码: ISO 7064 MOD 11-2.</summary>
    CheckCharacter,
}

public enum CheckOutcome
{
    Passed,
    /// <summary>Accepted but worth a look, e.g. a county code in neither table (renamed or merged counties keep old codes).</summary>
    Warning,
    Failed,
    /// <summary>Not run: an earlier check failed, or there was nothing to compare with.</summary>
    NotChecked,
}

/// <param name="MessageKey">UI-string key of the explanation (Resources/IdNumbers.*.json).</param>
public sealed record IdCheckResult(IdCheck Check, CheckOutcome Outcome, string MessageKey);

public enum AreaCodeStatus
{
    Current,
    Historical,
    Unknown,
}

/// <summary>Everything the validator found out about one entered number.</summary>
public sealed record IdNumberAnalysis(
    string Input,
    string? Normalized,
    bool IsValid,
    bool IsPlaceholder,
    bool WasUpgradedFrom15,
    IReadOnlyList<IdCheckResult> Checks,
    DateOnly? BirthDate,
    Sex? Sex,
    string? AreaCode)
{
    public CheckOutcome Outcome(IdCheck check) =>
        Checks.FirstOrDefault(c => c.Check == check)?.Outcome ?? CheckOutcome.NotChecked;

    public IEnumerable<IdCheckResult> Failures => Checks.Where(c => c.Outcome == CheckOutcome.Failed);
}
