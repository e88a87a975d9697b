namespace EqualCare.Web.Domain;

/// <summary>
/// A division code of the statistical division tree (统计用区划代码), padded to 12 digits.
/// Levels: 省 2 digits, 市 4, 区县 6, 街道/乡镇 9, 社区/村 12. An office's data scope is the code prefix of its level,
/// so a scope check is a range over 12-digit codes: [prefix000…, prefix999…].
/// </summary>
public readonly record struct OrgCode
{
    public const int Length = 12;
    static readonly int[] LevelDigits = [2, 4, 6, 9, 12];

    public string Value { get; }

    OrgCode(string value) => Value = value;

    public static bool TryParse(string? text, out OrgCode code)
    {
        code = default;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var t = text.Trim();
        if (!LevelDigits.Contains(t.Length) || !t.All(char.IsAsciiDigit)) return false;
        code = new OrgCode(t.PadRight(Length, '0'));
        return true;
    }

    public static OrgCode Parse(string text) =>
        TryParse(text, out var code) ? code : throw new FormatException("Not a division code: " + text);

    /// <summary>1 = 省, 2 = 市, 3 = 区县, 4 = 街道, 5 = 社区.</summary>
    public int Level
    {
        get
        {
            for (var i = LevelDigits.Length - 1; i > 0; i--)
            {
                var from = LevelDigits[i - 1];
                if (Value.AsSpan(from).IndexOfAnyExcept('0') >= 0) return i + 1;
            }
            return 1;
        }
    }

    /// <summary>The significant digits of this code at its level: 410103007 for 大学路街道.</summary>
    public string Prefix => Value[..LevelDigits[Level - 1]];

    /// <summary>Lowest and highest 12-digit code inside this unit's subtree (both inclusive).</summary>
    public (string Low, string High) Range => (Prefix.PadRight(Length, '0'), Prefix.PadRight(Length, '9'));

    public bool Contains(string? code12) =>
        code12 is { Length: Length } && code12.StartsWith(Prefix, StringComparison.Ordinal);

    public OrgCode? Parent => Level == 1 ? null : new OrgCode(Prefix[..LevelDigits[Level - 2]].PadRight(Length, '0'));

    public static int DigitsOfLevel(int level) => LevelDigits[level - 1];

    public override string ToString() => Value;
}
