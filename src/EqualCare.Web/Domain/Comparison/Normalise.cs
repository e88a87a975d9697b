using System.Globalization;
using EqualCare.Web.Domain.IdNumbers;

namespace EqualCare.Web.Domain.Comparison;

/// <summary>
/// What an agency's cell is turned into before it is compared (docs/comparison.md §Normalisation: normalise the ID number, then match on it
/// first, then on name and birth date). Pure.
/// </summary>
public static class Normalise
{
    /// <summary>
    /// The number both sides are compared on: spaces and full-width digits as <see cref="IdNumberValidator.Normalize"/> does,
    /// x made X, a 15-digit GB 11643-1989 number upgraded to 18 digits with its MOD 11-2 check character. Null for what is no
    /// number at all (a wrong length, letters) and for the placeholders of legacy data (18 zeros, 000000+date+0000), which
    /// stand for "unknown" and would tie strangers together. A wrong check character is kept: legacy data has many
    /// (PADIS dropped the check, DOMAIN §2.1), and the register holds them as typed.
    /// </summary>
    public static string? IdNumber(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw)) return null;
        var text = IdNumberValidator.Normalize(raw);
        // Spreadsheets show long numbers in scientific notation or with a leading apostrophe when typed as text.
        text = text.TrimStart('\'');
        if (text.Length == 15 && text.All(char.IsAsciiDigit)) text = IdNumberValidator.UpgradeFrom15(text);
        if (text.Length != 18 || text.AsSpan(0, 17).IndexOfAnyExceptInRange('0', '9') >= 0 || !(char.IsAsciiDigit(text[17]) || text[17] == 'X'))
            return null;
        return Placeholders.Recognise(text) is null ? text : null;
    }

    /// <summary>A name as compared: spaces (also the full-width one) and the middle dots of minority names dropped.</summary>
    public static string Name(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw)) return "";
        return new string(raw.Where(c => !char.IsWhiteSpace(c) && c is not ('·' or '•' or '.' or '．' or '・')).ToArray());
    }

    static readonly string[] DateFormats =
        ["yyyy-MM-dd", "yyyy-M-d", "yyyy/MM/dd", "yyyy/M/d", "yyyy.MM.dd", "yyyy.M.d", "yyyyMMdd", "yyyy年M月d日"];

    /// <summary>
    /// A date as agencies write it (2014-03-05, 2014/3/5, 20140305, 2014年3月5日, a date-time), or as an .xlsx stores a date
    /// cell: days since 1899-12-30 (the spreadsheet serial date). Null when it is none of these.
    /// </summary>
    public static DateOnly? Date(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw)) return null;
        var text = raw.Trim();
        var space = text.IndexOf(' ', StringComparison.Ordinal);
        if (space > 0) text = text[..space];
        if (DateOnly.TryParseExact(text, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) return d;
        if (text.Length is >= 4 and <= 5 && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var serial) && serial > 60)
            return DateOnly.FromDateTime(new DateTime(1899, 12, 30).AddDays(serial));
        return null;
    }

    /// <summary>男/女, the GB/T 2261.1 codes 1/2, M/F.</summary>
    public static Sex? SexOf(string? raw) => raw?.Trim().ToUpperInvariant() switch
    {
        "男" or "男性" or "1" or "M" or "MALE" => Sex.Male,
        "女" or "女性" or "2" or "F" or "FEMALE" => Sex.Female,
        _ => null,
    };

    /// <summary>The marital status an agency writes, as words or as GB/T 2261.2 codes.</summary>
    public static MaritalStatus? Marital(string? raw) => raw?.Trim() switch
    {
        "未婚" or "10" => MaritalStatus.Unmarried,
        "已婚" or "有配偶" or "20" => MaritalStatus.Married,
        "初婚" or "21" => MaritalStatus.FirstMarriage,
        "再婚" or "复婚" or "22" or "23" => MaritalStatus.Remarried,
        "丧偶" or "30" => MaritalStatus.Widowed,
        "离婚" or "40" => MaritalStatus.Divorced,
        _ => null,
    };

    /// <summary>Married, first married, remarried are one state for comparison: an agency rarely tells them apart.</summary>
    public static MaritalStatus? MaritalGroup(MaritalStatus? status) => status switch
    {
        MaritalStatus.Married or MaritalStatus.FirstMarriage or MaritalStatus.Remarried => MaritalStatus.Married,
        MaritalStatus.Unknown or null => null,
        var s => s,
    };

    /// <summary>An address as compared: whitespace and punctuation dropped, full-width digits made ASCII.</summary>
    public static string Address(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw)) return "";
        var chars = raw.Select(c => c is >= '０' and <= '９' ? (char)(c - '０' + '0') : c)
            .Where(c => !char.IsWhiteSpace(c) && !char.IsPunctuation(c) && !char.IsSymbol(c));
        return new string(chars.ToArray());
    }

    /// <summary>
    /// Whether two addresses say the same place: equal once normalised, or one contains the other (an agency writes "金水区
    /// 经三路12号", the case "经三路12号"). Unknown (null) when either side is empty.
    /// </summary>
    public static bool? SameAddress(string? a, string? b)
    {
        var x = Address(a);
        var y = Address(b);
        if (x.Length == 0 || y.Length == 0) return null;
        return x.Contains(y, StringComparison.Ordinal) || y.Contains(x, StringComparison.Ordinal);
    }
}
