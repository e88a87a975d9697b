using EqualCare.Web.Domain;

namespace EqualCare.Web.Features.Demo;

/// <summary>
/// Issues valid, unique 18-digit citizen ID numbers (GB 11643-1999): 6-digit area code, birth date yyyyMMdd, a 3-digit
/// sequence code whose last digit is odd for men and even for women (§4.4), and the ISO 7064 MOD 11-2 check character
/// (§4.5). Uniqueness is kept on the first 17 digits, held as a number: the check character follows from them.
/// </summary>
public sealed class SyntheticIdNumbers
{
    readonly HashSet<long> taken;

    /// <param name="taken">First-17-digit keys already in use (see <see cref="KeyOf"/>); added to as numbers are issued.</param>
    public SyntheticIdNumbers(HashSet<long> taken) => this.taken = taken;

    public int Count => taken.Count;

    public string Issue(Random random, string areaCode, DateOnly birthDate, Sex sex)
    {
        var prefix = long.Parse(areaCode, System.Globalization.CultureInfo.InvariantCulture) * 100_000_000L
                     + (birthDate.Year * 10_000L) + (birthDate.Month * 100L) + birthDate.Day;
        // 500 sequence codes per sex, area and day: a free one turns up at once unless the day is nearly full.
        for (var attempt = 0; attempt < 2000; attempt++)
        {
            var sequence = random.Next(0, 500) * 2 + (sex == Sex.Male ? 1 : 2);
            if (sequence > 999) continue;
            var key = prefix * 1000 + sequence;
            if (taken.Add(key)) return Format(key);
        }
        throw new InvalidOperationException("No free sequence code left for this area and birth date.");
    }

    /// <summary>The first 17 digits as a number, or null when they are not all digits.</summary>
    public static long? KeyOf(string idNumber) =>
        idNumber.Length == 18 && long.TryParse(idNumber.AsSpan(0, 17), System.Globalization.NumberStyles.None,
            System.Globalization.CultureInfo.InvariantCulture, out var key) ? key : null;

    static string Format(long key) => string.Create(18, key, static (chars, k) =>
    {
        for (var i = 16; i >= 0; i--, k /= 10) chars[i] = (char)('0' + (int)(k % 10));
        chars[17] = IdNumberChecksum.CheckCharacter(chars[..17]);
    });
}
