using System.Globalization;

namespace EqualCare.Web.Domain.Statistics;

/// <summary>
/// The units of seed 002's form. Figures are stored, typed and shown on screen in whole natural units (persons, copies,
/// person-times, cases, items, yuan) so that sums are exact and nobody has to think in 万; the print and the .xlsx show the
/// seed's 万 units divided by 10 000 with four decimals, as the seed form does (2 例 → 0.0002 万例), i.e. to the single
/// person or yuan, so that a printed form adds up to the figures its communities reported.
/// </summary>
public enum StatUnit : short
{
    /// <summary>万人: persons.</summary>
    TenThousandPersons = 1,
    /// <summary>万份: copies / documents.</summary>
    TenThousandCopies = 2,
    /// <summary>万人次: person-times.</summary>
    TenThousandPersonTimes = 3,
    /// <summary>万例: cases.</summary>
    TenThousandCases = 4,
    /// <summary>件: matters.</summary>
    Items = 5,
    /// <summary>万元: yuan.</summary>
    TenThousandYuan = 6,
    /// <summary>人: persons.</summary>
    Persons = 7,
    /// <summary>人次: person-times.</summary>
    PersonTimes = 8,
    /// <summary>备注: free text, no figure.</summary>
    Text = 9,
}

public static class StatUnits
{
    public const int Decimals = 4;
    const decimal TenThousand = 10_000m;

    public static bool IsTenThousand(StatUnit unit) =>
        unit is StatUnit.TenThousandPersons or StatUnit.TenThousandCopies or StatUnit.TenThousandPersonTimes
            or StatUnit.TenThousandCases or StatUnit.TenThousandYuan;

    /// <summary>The unit as the form prints it after the header: 万人, 万份, 万人次, 万例, 件, 万元, 人, 人次.</summary>
    public static string Chinese(StatUnit unit) => unit switch
    {
        StatUnit.TenThousandPersons => "万人",
        StatUnit.TenThousandCopies => "万份",
        StatUnit.TenThousandPersonTimes => "万人次",
        StatUnit.TenThousandCases => "万例",
        StatUnit.Items => "件",
        StatUnit.TenThousandYuan => "万元",
        StatUnit.Persons => "人",
        StatUnit.PersonTimes => "人次",
        _ => "",
    };

    /// <summary>The natural unit a figure is stored, typed and shown on screen in: 人, 份, 人次, 例, 件, 元.</summary>
    public static string BaseChinese(StatUnit unit) => unit switch
    {
        StatUnit.TenThousandPersons or StatUnit.Persons => "人",
        StatUnit.TenThousandCopies => "份",
        StatUnit.TenThousandPersonTimes or StatUnit.PersonTimes => "人次",
        StatUnit.TenThousandCases => "例",
        StatUnit.Items => "件",
        StatUnit.TenThousandYuan => "元",
        _ => "",
    };

    /// <summary>The figure in the form's unit: 12 345 persons → 1.2345 (万人); 17 人次 → 17.</summary>
    public static decimal ToFormUnit(StatUnit unit, long stored) => IsTenThousand(unit) ? stored / TenThousand : stored;

    public static string Format(StatUnit unit, long stored) => IsTenThousand(unit)
        ? ToFormUnit(unit, stored).ToString("0.0000", CultureInfo.InvariantCulture)
        : stored.ToString(CultureInfo.InvariantCulture);

    /// <summary>A figure in its natural unit, as the screen shows it: 12 345 (人).</summary>
    public static string FormatNatural(long stored) => stored.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// A figure typed in its natural unit ("2" 例) as stored; null when it is not a whole non-negative number up to
    /// <paramref name="max"/>. Empty means 0.
    /// </summary>
    public static long? ParseNatural(string? text, long max = 1_000_000_000_000)
    {
        if (string.IsNullOrWhiteSpace(text)) return 0;
        if (!long.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value)) return null;
        return value > max ? null : value;
    }
}
