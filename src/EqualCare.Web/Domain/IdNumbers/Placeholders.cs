using System.Globalization;

namespace EqualCare.Web.Domain.IdNumbers;

/// <summary>
/// Numbers that stand for "ID unknown" in legacy data (docs/rules.md §2.3): 18 zeros; 000000 + birth date + 0000 for a child
/// without a number; and this system's temporary numbers (LS + 16 digits), made when a person has none yet. They are
/// flagged as unknown, never treated as real numbers, and never count as valid.
/// </summary>
public static class Placeholders
{
    public const string TemporaryPrefix = "LS";

    public sealed record Found(IReadOnlyList<IdCheckResult> Checks, DateOnly? BirthDate);

    public static Found? Recognise(string normalized)
    {
        if (normalized.Length != 18) return null;
        if (normalized.All(c => c == '0')) return Flag("id.placeholder.zeros", null);
        if (normalized.StartsWith("000000", StringComparison.Ordinal) && normalized.EndsWith("0000", StringComparison.Ordinal)
            && normalized.AsSpan(6, 8).IndexOfAnyExceptInRange('0', '9') < 0)
        {
            var birth = DateOnly.TryParseExact(normalized.AsSpan(6, 8), "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
                ? d : (DateOnly?)null;
            return Flag("id.placeholder.childDate", birth);
        }
        if (normalized.StartsWith(TemporaryPrefix, StringComparison.Ordinal) && normalized.AsSpan(2).IndexOfAnyExceptInRange('0', '9') < 0)
            return Flag("id.placeholder.temporary", null);
        return null;
    }

    /// <summary>A temporary number for a person registered without one: LS + yyyyMMdd + an 8-digit serial.</summary>
    public static string Temporary(DateOnly day, long serial) =>
        TemporaryPrefix + day.ToString("yyyyMMdd", CultureInfo.InvariantCulture) + (serial % 100_000_000).ToString("D8", CultureInfo.InvariantCulture);

    static Found Flag(string key, DateOnly? birth) =>
        new([new IdCheckResult(IdCheck.Format, CheckOutcome.Failed, key),
             .. IdNumberValidator.NotRun(IdCheck.AreaCode, IdCheck.BirthDate, IdCheck.Sex, IdCheck.CheckCharacter)], birth);
}
