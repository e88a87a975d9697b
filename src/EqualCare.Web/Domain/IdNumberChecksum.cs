namespace EqualCare.Web.Domain;

/// <summary>GB 11643-1999 check character: ISO 7064 MOD 11-2 over the first 17 digits.</summary>
public static class IdNumberChecksum
{
    static readonly int[] Weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const string CheckCharacters = "10X98765432";

    public static char CheckCharacter(ReadOnlySpan<char> first17)
    {
        if (first17.Length != 17) throw new ArgumentException("17 digits expected", nameof(first17));
        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            var d = first17[i] - '0';
            if (d is < 0 or > 9) throw new ArgumentException("digits expected", nameof(first17));
            sum += d * Weights[i];
        }
        return CheckCharacters[sum % 11];
    }

    public static bool HasValidCheckCharacter(string id18) =>
        id18.Length == 18 && id18.AsSpan(0, 17).IndexOfAnyExceptInRange('0', '9') < 0
        && char.ToUpperInvariant(id18[17]) == CheckCharacter(id18.AsSpan(0, 17));
}
