using System.Text.RegularExpressions;

namespace EqualCare.Web.Domain.Hotline;

/// <summary>What a published text must not contain, and the run that was found (masked, docs/rules.md §8.5).</summary>
public enum PublicTextProblem
{
    IdNumber = 1,
    MobileNumber = 2,
    PhoneNumber = 3,
}

public sealed record PublicTextFinding(PublicTextProblem Problem, string Masked);

/// <summary>
/// The check a text passes before it is published on the public services board (docs/rules.md §10.3): nothing personal.
/// An ID number (18 digits, or 17 and X, or the old 15) is never allowed; a phone number (a mobile, or a 7–8 digit local
/// number with or without its 0-led area code) only when it is one of the numbers registered as hotlines. Digits split by
/// spaces or hyphens are read together ("138 1234 5678"), dates first set aside ("2026-03-01" is a date, not a number).
/// Conservative on purpose: a price range written "2000-3000" reads as a local number and is refused; "2000至3000" is not.
/// </summary>
public static partial class PublicText
{
    public static IReadOnlyList<PublicTextFinding> Check(string? text, IEnumerable<string> hotlineNumbers)
    {
        if (string.IsNullOrEmpty(text)) return [];
        var registered = hotlineNumbers.Select(Digits).Where(d => d.Length >= 5).ToList();
        // Full-width digits (typed with a Chinese IME) are digits all the same.
        var ascii = new string(text.Select(c => c is >= '０' and <= '９' ? (char)(c - '０' + '0') : c is 'ｘ' or 'Ｘ' ? 'X' : c).ToArray());
        var joined = JoinedDigits().Replace(Dates().Replace(ascii, " "), "");
        var findings = new List<PublicTextFinding>();
        foreach (Match run in DigitRun().Matches(joined))
        {
            var value = run.Value;
            if (value.Length == 18 || (value.Length == 15 && !value.EndsWith('X') && !value.EndsWith('x')))
                findings.Add(new(PublicTextProblem.IdNumber, Masking.IdNumber(value)));
            else if (value.EndsWith('X') || value.EndsWith('x'))
                continue;
            else if (IsMobile(value) && !IsRegistered(value, registered))
                findings.Add(new(PublicTextProblem.MobileNumber, Masking.Phone(value)));
            else if (IsLandline(value) && !IsRegistered(value, registered))
                findings.Add(new(PublicTextProblem.PhoneNumber, Masking.Phone(value)));
        }
        return findings;
    }

    /// <summary>A number as registered for a hotline: digits, spaces, hyphens and brackets, 5 to 13 digits (12320 … 0371-63541234).</summary>
    public static bool IsHotlineNumber(string? number) =>
        number is not null && HotlineShape().IsMatch(number.Trim()) && Digits(number).Length is >= 5 and <= 13;

    public static string Digits(string? text) => new((text ?? "").Where(char.IsAsciiDigit).ToArray());

    static bool IsMobile(string digits) => digits.Length == 11 && digits[0] == '1' && digits[1] is >= '3' and <= '9';

    /// <summary>A local number (7–8 digits, first 2–9) or one with its area code (0 + 2–3 digits).</summary>
    static bool IsLandline(string digits) =>
        (digits.Length is 7 or 8 && digits[0] is >= '2' and <= '9')
        || (digits.Length is >= 10 and <= 12 && digits[0] == '0');

    static bool IsRegistered(string digits, List<string> registered) => registered.Any(r =>
        r == digits
        || (r.Length > digits.Length && r.EndsWith(digits, StringComparison.Ordinal) && r[0] == '0')
        || (digits.Length > r.Length && digits.EndsWith(r, StringComparison.Ordinal) && digits[0] == '0'));

    [GeneratedRegex(@"(?<![0-9])(?:19|20)[0-9]{2}[-/.][0-9]{1,2}[-/.][0-9]{1,2}(?![0-9])")]
    private static partial Regex Dates();

    [GeneratedRegex(@"(?<=[0-9])[ \u00a0\u3000\-\u2013\u2014\uff0d()（）]+(?=[0-9])")]
    private static partial Regex JoinedDigits();

    [GeneratedRegex(@"(?<![0-9])[0-9]{7,}[Xx]?(?![0-9])")]
    private static partial Regex DigitRun();

    [GeneratedRegex(@"^\(?[0-9][0-9 \-()]*[0-9]$")]
    private static partial Regex HotlineShape();
}
