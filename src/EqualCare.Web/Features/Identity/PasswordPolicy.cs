using System.Collections.Frozen;

namespace EqualCare.Web.Features.Identity;

/// <summary>
/// 等保 2.0 三级 身份鉴别 (GB/T 22239-2019 8.1.4.1 a: 口令具有复杂度要求并定期更换; issue 14 point 6): at least 10
/// characters of at least three of the four classes (upper case, lower case, digits, other), not containing the user name,
/// not one of the common passwords shipped with the app, and (checked by <see cref="UserAccounts"/> against the stored
/// history) not one of the user's last <see cref="HistoryDepth"/>. Lockout after repeated failures.
/// </summary>
public static class PasswordPolicy
{
    public const int MaxFailedAttempts = 5;
    public static readonly TimeSpan LockoutDuration = TimeSpan.FromMinutes(15);
    public const int MinLength = 10;
    public const int MinClasses = 3;
    public const int HistoryDepth = 5;

    /// <summary>Returns the resource key of the first problem of <paramref name="password"/> for this user, or null.</summary>
    public static string? Check(string? password, string? userName)
    {
        if (string.IsNullOrEmpty(password) || password.Length < MinLength) return "password.tooShort";
        if (Classes(password) < MinClasses) return "password.needsThreeClasses";
        var name = userName?.Trim() ?? "";
        // A two-letter name (a surname such as "li") would forbid half the alphabet's words; from three letters on it counts.
        if (name.Length >= 3 && password.Contains(name, StringComparison.OrdinalIgnoreCase)) return "password.containsUserName";
        if (IsCommon(password)) return "password.common";
        return null;
    }

    public static int Classes(string password) =>
        (password.Any(char.IsAsciiLetterUpper) ? 1 : 0)
        + (password.Any(char.IsAsciiLetterLower) ? 1 : 0)
        + (password.Any(char.IsAsciiDigit) ? 1 : 0)
        + (password.Any(c => !char.IsAsciiLetterOrDigit(c)) ? 1 : 0);

    /// <summary>Compared without regard to case: "Password123" is as common as "password123".</summary>
    public static bool IsCommon(string password) => Common.Value.Contains(password);

    static readonly Lazy<FrozenSet<string>> Common = new(() =>
    {
        using var stream = typeof(PasswordPolicy).Assembly.GetManifestResourceStream(CommonListResource)
                           ?? throw new InvalidOperationException("The common-password list is missing from the assembly.");
        using var reader = new StreamReader(stream);
        var words = new List<string>();
        while (reader.ReadLine() is { } line)
            if (line.Trim() is { Length: > 0 } word && !word.StartsWith('#')) words.Add(word);
        return words.ToFrozenSet(StringComparer.OrdinalIgnoreCase);
    });

    const string CommonListResource = "EqualCare.Web.Identity.common-passwords.txt";
}
