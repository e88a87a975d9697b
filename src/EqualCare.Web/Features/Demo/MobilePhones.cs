namespace EqualCare.Web.Features.Demo;

/// <summary>11-digit mainland mobile numbers with real network prefixes (China Mobile, Unicom and Telecom).</summary>
public static class MobilePhones
{
    /// <summary>Children younger than this get no number of their own.</summary>
    public const int MinimumAge = 16;

    static readonly int[] Prefixes =
    [
        130, 131, 132, 133, 134, 135, 136, 137, 138, 139,
        150, 151, 152, 153, 155, 156, 157, 158, 159,
        180, 181, 182, 183, 184, 185, 186, 187, 188, 189,
    ];

    public static string Next(Random random)
    {
        var number = Prefixes[random.Next(Prefixes.Length)] * 100_000_000L + random.Next(0, 100_000_000);
        return number.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
