namespace EqualCare.Web.Domain;

/// <summary>Masking (脱敏) for lists and exports: ID first 6 + last 4, phone first 3 + last 4 (docs/rules.md §8.5).</summary>
public static class Masking
{
    public static string IdNumber(string? id)
    {
        if (string.IsNullOrEmpty(id)) return "";
        if (id.Length <= 10) return new string('*', id.Length);
        return string.Concat(id.AsSpan(0, 6), new string('*', id.Length - 10), id.AsSpan(id.Length - 4));
    }

    public static string Phone(string? phone)
    {
        if (string.IsNullOrEmpty(phone)) return "";
        if (phone.Length < 8) return new string('*', phone.Length);
        return string.Concat(phone.AsSpan(0, 3), new string('*', phone.Length - 7), phone.AsSpan(phone.Length - 4));
    }
}
