namespace EqualCare.Web.Web;

public static class EnumNames
{
    /// <summary>Enum names only, as the API documents them; numbers are refused so that codes stay stable.</summary>
    public static bool TryParse<T>(string? text, out T value) where T : struct, Enum =>
        Enum.TryParse(text, ignoreCase: true, out value) && Enum.IsDefined(value) && !int.TryParse(text, out _);

    /// <summary>Null for an empty text; otherwise the value, or false when the text names no value.</summary>
    public static bool TryParseOptional<T>(string? text, out T? value) where T : struct, Enum
    {
        value = null;
        if (string.IsNullOrWhiteSpace(text)) return true;
        if (!TryParse<T>(text.Trim(), out var parsed)) return false;
        value = parsed;
        return true;
    }
}
