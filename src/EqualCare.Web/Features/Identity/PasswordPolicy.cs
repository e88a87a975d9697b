namespace EqualCare.Web.Features.Identity;

/// <summary>等保 三级 身份鉴别: complexity, lockout after repeated failures.</summary>
public static class PasswordPolicy
{
    public const int MaxFailedAttempts = 5;
    public static readonly TimeSpan LockoutDuration = TimeSpan.FromMinutes(15);
    public const int MinLength = 8;

    /// <summary>At least 8 characters with letters and digits; returns the resource key of the problem, or null.</summary>
    public static string? Check(string? password)
    {
        if (string.IsNullOrEmpty(password) || password.Length < MinLength) return "password.tooShort";
        if (!password.Any(char.IsAsciiLetter) || !password.Any(char.IsAsciiDigit)) return "password.needsLettersAndDigits";
        return null;
    }
}
