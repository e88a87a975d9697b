using EqualCare.Web.Domain.IdNumbers;

namespace EqualCare.Web.Features.Persons;

/// <summary>What the one search box of the persons list understood.</summary>
public enum SearchKind
{
    /// <summary>Nothing typed.</summary>
    None,
    /// <summary>Letters (Chinese or not): a fragment anywhere in the name.</summary>
    NameFragment,
    /// <summary>A whole ID number (18 characters, or 15 digits upgraded to 18, or a placeholder number).</summary>
    IdNumber,
    /// <summary>4 characters ending in X: only an ID number ends so.</summary>
    IdLast4,
    /// <summary>4 digits: the last 4 of the ID number or of the phone (she cannot say which, and need not).</summary>
    Last4,
    /// <summary>6 characters (digits, the last may be X): the last 6 of the ID number.</summary>
    IdLast6,
    /// <summary>The ID number as lists show it: first 6, stars, last 4 (<c>411523********0515</c>).</summary>
    IdMasked,
    /// <summary>A whole phone number (7 to 12 digits).</summary>
    Phone,
    /// <summary>The phone as lists show it: first 3, stars, last 4 (<c>138****1234</c>).</summary>
    PhoneMasked,
    /// <summary>Digits or stars in no form above (1–3 digits, 5, 13–14, 16–17): matches nobody rather than guessing.</summary>
    Unrecognised,
}

/// <summary>
/// The search box's text, read the way a worker types it: spaces and dashes inside numbers, full-width digits, x for X and
/// ＊ for * are all accepted. <see cref="Value"/> is what the query compares (the suffix, the whole number, the name
/// fragment); <see cref="Prefix"/> is the leading part of a masked form.
/// </summary>
public sealed record SearchText(SearchKind Kind, string Value, string? Prefix = null)
{
    public static readonly SearchText Empty = new(SearchKind.None, "");

    /// <summary>Searching by an ID number, whole or in part, shows who holds it: the search is audited as a view of each person found.</summary>
    public bool IsByIdNumber => Kind is SearchKind.IdNumber or SearchKind.IdLast4 or SearchKind.Last4 or SearchKind.IdLast6 or SearchKind.IdMasked;

    public static SearchText Parse(string? typed)
    {
        if (string.IsNullOrWhiteSpace(typed)) return Empty;
        var text = typed.Trim();
        // Any letter (a Chinese character counts as one; X alone in a number does not) makes it a name.
        var compact = IdNumberValidator.Normalize(text.Replace('-', ' ').Replace('＊', '*').Replace('－', ' '));
        if (!compact.All(c => char.IsAsciiDigit(c) || c is 'X' or '*') || !compact.Any(c => char.IsAsciiDigit(c) || c == '*'))
            return new SearchText(SearchKind.NameFragment, string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)));

        var stars = compact.IndexOf('*');
        if (stars >= 0)
        {
            var head = compact[..stars];
            var tail = compact.TrimEnd('X', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9');
            var last = compact[tail.Length..];
            var middleIsStars = compact[stars..tail.Length].All(c => c == '*');
            if (middleIsStars && head.Length == 6 && head.All(char.IsAsciiDigit) && IsIdTail(last, 4))
                return new SearchText(SearchKind.IdMasked, last, head);
            if (middleIsStars && head.Length == 3 && head[0] == '1' && head.All(char.IsAsciiDigit) && last.Length == 4 && last.All(char.IsAsciiDigit))
                return new SearchText(SearchKind.PhoneMasked, last, head);
            return new SearchText(SearchKind.Unrecognised, "");
        }

        if (compact.Length == 18 && IsIdTail(compact, 18) || Placeholders.Recognise(compact) is not null)
            return new SearchText(SearchKind.IdNumber, compact);
        if (compact.Length == 15 && compact.All(char.IsAsciiDigit))
            return new SearchText(SearchKind.IdNumber, IdNumberValidator.UpgradeFrom15(compact));
        if (compact.Length == 4 && IsIdTail(compact, 4))
            return new SearchText(compact[3] == 'X' ? SearchKind.IdLast4 : SearchKind.Last4, compact);
        if (compact.Length == 6 && IsIdTail(compact, 6))
            return new SearchText(SearchKind.IdLast6, compact);
        if (compact.Length is >= 7 and <= 12 && compact.All(char.IsAsciiDigit))
            return new SearchText(SearchKind.Phone, compact);
        return new SearchText(SearchKind.Unrecognised, "");
    }

    /// <summary>n characters, all digits but the last, which may be X (the check character of GB 11643).</summary>
    static bool IsIdTail(string s, int n) =>
        s.Length == n && s.AsSpan(0, n - 1).IndexOfAnyExceptInRange('0', '9') < 0 && (char.IsAsciiDigit(s[^1]) || s[^1] == 'X');
}
