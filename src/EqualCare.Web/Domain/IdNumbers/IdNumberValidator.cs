using System.Globalization;

namespace EqualCare.Web.Domain.IdNumbers;

/// <summary>
/// GB 11643-1999 公民身份号码: normalises what was typed (spaces, full-width digits, lower-case x), upgrades 15-digit
/// GB 11643-1989 numbers, recognises placeholders, runs the five legacy checks and derives birth date, sex and county.
/// Pure: the county table and "today" are passed in.
/// </summary>
public static class IdNumberValidator
{
    /// <summary>The earliest plausible birth date; the standard's own example is 1880-01-01 (440524188001010014).</summary>
    public static readonly DateOnly EarliestBirthDate = new(1880, 1, 1);

    /// <summary>GB/T 2260 province-level codes, including 71 台湾, 81 香港, 82 澳门.</summary>
    static readonly HashSet<string> Provinces =
    [
        "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37", "41", "42", "43", "44", "45",
        "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65", "71", "81", "82",
    ];

    public static IdNumberAnalysis Analyze(string? input, DateOnly today, Func<string, AreaCodeStatus> areaCodes,
        Sex? enteredSex = null, DateOnly? enteredBirthDate = null)
    {
        var raw = input ?? "";
        var text = Normalize(raw);
        if (Placeholders.Recognise(text) is { } placeholder)
            return new IdNumberAnalysis(raw, text, false, true, false, placeholder.Checks, placeholder.BirthDate, null, null);

        var upgraded = false;
        if (text.Length == 15 && text.All(char.IsAsciiDigit))
        {
            text = UpgradeFrom15(text);
            upgraded = true;
        }
        var checks = new List<IdCheckResult>();
        if (text.Length != 18 || text.AsSpan(0, 17).IndexOfAnyExceptInRange('0', '9') >= 0 || !(char.IsAsciiDigit(text[17]) || text[17] == 'X'))
        {
            checks.Add(new(IdCheck.Format, CheckOutcome.Failed, text.Length is 18 or 15 ? "id.format.characters" : "id.format.length"));
            checks.AddRange(NotRun(IdCheck.AreaCode, IdCheck.BirthDate, IdCheck.Sex, IdCheck.CheckCharacter));
            return new IdNumberAnalysis(raw, text.Length == 0 ? null : text, false, false, upgraded, checks, null, null, null);
        }
        checks.Add(new(IdCheck.Format, CheckOutcome.Passed, upgraded ? "id.format.upgraded" : "id.format.ok"));

        var area = text[..6];
        checks.Add(CheckArea(area, areaCodes));

        var birth = DateOnly.TryParseExact(text.AsSpan(6, 8), "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var b)
            ? b : (DateOnly?)null;
        checks.Add(CheckBirth(birth, today, enteredBirthDate));

        var sex = (text[16] - '0') % 2 == 1 ? Domain.Sex.Male : Domain.Sex.Female;
        checks.Add(enteredSex is null
            ? new(IdCheck.Sex, CheckOutcome.NotChecked, "id.sex.derived")
            : enteredSex == sex
                ? new(IdCheck.Sex, CheckOutcome.Passed, "id.sex.ok")
                : new(IdCheck.Sex, CheckOutcome.Failed, "id.sex.mismatch"));

        checks.Add(IdNumberChecksum.HasValidCheckCharacter(text)
            ? new(IdCheck.CheckCharacter, CheckOutcome.Passed, "id.check.ok")
            : new(IdCheck.CheckCharacter, CheckOutcome.Failed, "id.check.wrong"));

        var valid = checks.All(c => c.Outcome != CheckOutcome.Failed);
        return new IdNumberAnalysis(raw, text, valid, false, upgraded, checks, birth is { } d && d <= today ? d : birth, sex, area);
    }

    /// <summary>Spaces dropped, full-width digits and letters (as typed with a Chinese IME) made ASCII, x made X.</summary>
    public static string Normalize(string input)
    {
        Span<char> buffer = stackalloc char[Math.Min(input.Length, 64)];
        var n = 0;
        foreach (var c in input)
        {
            if (char.IsWhiteSpace(c)) continue;
            var ascii = c is >= '０' and <= '９' ? (char)(c - '０' + '0') : c is 'ｘ' or 'Ｘ' or 'x' ? 'X' : c;
            if (n == buffer.Length) return input.Trim().ToUpperInvariant();
            buffer[n++] = ascii;
        }
        return new string(buffer[..n]);
    }

    /// <summary>A typed number in the form stored and searched: normalised, a 15-digit one upgraded to 18; null for nothing.</summary>
    public static string? StoredForm(string? typed)
    {
        if (string.IsNullOrWhiteSpace(typed)) return null;
        var text = Normalize(typed);
        return text.Length == 15 && text.All(char.IsAsciiDigit) ? UpgradeFrom15(text) : text;
    }

    /// <summary>
    /// <see cref="StoredForm"/>, or null for a placeholder too: placeholders repeat by nature and name nobody, so the
    /// duplicate check, a move request and a nomination never look a person up by one.
    /// </summary>
    public static string? RealStoredForm(string? typed) =>
        StoredForm(typed) is { } number && Placeholders.Recognise(number) is null ? number : null;

    /// <summary>GB 11643-1989 → 1999: insert the century "19" after the area code and append the check character.</summary>
    public static string UpgradeFrom15(string id15)
    {
        var first17 = string.Concat(id15.AsSpan(0, 6), "19", id15.AsSpan(6));
        return first17 + IdNumberChecksum.CheckCharacter(first17);
    }

    static IdCheckResult CheckArea(string area, Func<string, AreaCodeStatus> areaCodes)
    {
        if (!Provinces.Contains(area[..2])) return new(IdCheck.AreaCode, CheckOutcome.Failed, "id.area.badProvince");
        return areaCodes(area) switch
        {
            AreaCodeStatus.Current => new(IdCheck.AreaCode, CheckOutcome.Passed, "id.area.current"),
            AreaCodeStatus.Historical => new(IdCheck.AreaCode, CheckOutcome.Passed, "id.area.historical"),
            _ => new(IdCheck.AreaCode, CheckOutcome.Warning, "id.area.unknown"),
        };
    }

    static IdCheckResult CheckBirth(DateOnly? birth, DateOnly today, DateOnly? entered)
    {
        if (birth is not { } date) return new(IdCheck.BirthDate, CheckOutcome.Failed, "id.birth.notADate");
        if (date > today) return new(IdCheck.BirthDate, CheckOutcome.Failed, "id.birth.future");
        if (date < EarliestBirthDate) return new(IdCheck.BirthDate, CheckOutcome.Failed, "id.birth.tooOld");
        if (entered is { } e && e != date) return new(IdCheck.BirthDate, CheckOutcome.Failed, "id.birth.mismatch");
        return new(IdCheck.BirthDate, CheckOutcome.Passed, "id.birth.ok");
    }

    internal static IEnumerable<IdCheckResult> NotRun(params IdCheck[] checks) =>
        checks.Select(c => new IdCheckResult(c, CheckOutcome.NotChecked, "id.notChecked"));
}
