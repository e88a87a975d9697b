namespace EqualCare.Web.Domain.Comparison;

/// <summary>One side of a comparison: what an agency's row or a case says about a person (normalised).</summary>
public sealed record Particulars(string Name, string? IdNumber, DateOnly? BirthDate, Sex? Sex);

/// <summary>What came out of comparing a row with a case.</summary>
public enum MatchLevel
{
    /// <summary>Not the same person.</summary>
    None,
    /// <summary>Possibly the same person: shown for a worker to confirm, never counted as a match.</summary>
    Candidate,
    /// <summary>The same person.</summary>
    Match,
}

/// <summary>Fields that agreed, and why a near-match is near (the explanation shown beside each result).</summary>
[Flags]
public enum Agreement
{
    None = 0,
    IdNumber = 1,
    Name = 2,
    BirthDate = 4,
    Sex = 8,
    /// <summary>The names differ in one character.</summary>
    NameOneCharacter = 16,
    /// <summary>The names differ only in characters that sound alike (<see cref="Homophones"/>).</summary>
    NameHomophone = 32,
    /// <summary>The birth dates are equal once day and month are swapped (2014-03-05 written as 2014-05-03).</summary>
    BirthDaySwapped = 64,
    /// <summary>Name, birth date and sex equal but the two ID numbers differ (a mistyped number).</summary>
    IdNumberDiffers = 128,
}

public sealed record MatchOutcome(MatchLevel Level, MatchMethod Method, Agreement Agreed);

/// <summary>
/// Record linkage of an agency's row with a case (docs/comparison.md §Matching; issue 17 point 2): the same normalised ID number is the
/// same person; without a number on both sides, the same name, birth date and sex are. One near difference — a name one
/// character off or sounding alike, day and month of birth swapped, or a different number with everything else equal —
/// makes a candidate for a worker to confirm. Two differences are no match: the candidates must stay few enough to read.
/// </summary>
public static class Matcher
{
    public static MatchOutcome Compare(Particulars row, Particulars person)
    {
        var agreed = Agreement.None;
        var name = NameAgreement(row.Name, person.Name);
        if (name == Agreement.Name) agreed |= Agreement.Name;
        var birth = BirthAgreement(row.BirthDate, person.BirthDate);
        if (birth == Agreement.BirthDate) agreed |= Agreement.BirthDate;
        var sexEqual = row.Sex is { } a && person.Sex is { } b && a == b;
        var sexDiffers = row.Sex is { } c && person.Sex is { } d && c != d;
        if (sexEqual) agreed |= Agreement.Sex;

        if (row.IdNumber is { } x && person.IdNumber is { } y)
        {
            if (x == y) return new(MatchLevel.Match, MatchMethod.IdNumber, agreed | Agreement.IdNumber);
            // Two real numbers that differ are two persons, unless everything else is equal: then a worker looks.
            return agreed.HasFlag(Agreement.Name) && agreed.HasFlag(Agreement.BirthDate) && sexEqual
                ? new(MatchLevel.Candidate, MatchMethod.None, agreed | Agreement.IdNumberDiffers)
                : new(MatchLevel.None, MatchMethod.None, agreed);
        }
        if (sexDiffers || name == Agreement.None || birth == Agreement.None || person.Sex is null || row.Sex is null)
            return new(MatchLevel.None, MatchMethod.None, agreed);
        if (name == Agreement.Name && birth == Agreement.BirthDate)
            return new(MatchLevel.Match, MatchMethod.NameBirthSex, agreed);
        // Exactly one near difference (both near: no match).
        if (name != Agreement.Name && birth != Agreement.BirthDate) return new(MatchLevel.None, MatchMethod.None, agreed);
        return new(MatchLevel.Candidate, MatchMethod.None, agreed | (name == Agreement.Name ? birth : name));
    }

    /// <summary>Name, NameHomophone, NameOneCharacter or None.</summary>
    public static Agreement NameAgreement(string a, string b)
    {
        if (a.Length == 0 || b.Length == 0) return Agreement.None;
        if (a == b) return Agreement.Name;
        // Substitutions only: a name of two characters is 1 of 2 off, which is still a surname plus a different given name,
        // so a one-character difference counts only for names of three or more characters; homophones count at any length.
        if (a.Length != b.Length) return Agreement.None;
        int differing = 0, alike = 0;
        for (var i = 0; i < a.Length; i++)
        {
            if (a[i] == b[i]) continue;
            differing++;
            if (Homophones.Alike(a[i], b[i])) alike++;
        }
        if (differing == alike) return Agreement.NameHomophone;
        return differing == 1 && a.Length >= 3 ? Agreement.NameOneCharacter : Agreement.None;
    }

    /// <summary>BirthDate, BirthDaySwapped or None.</summary>
    public static Agreement BirthAgreement(DateOnly? a, DateOnly? b)
    {
        if (a is not { } x || b is not { } y) return Agreement.None;
        if (x == y) return Agreement.BirthDate;
        return Swapped(x) == y ? Agreement.BirthDaySwapped : Agreement.None;
    }

    /// <summary>The date with day and month swapped; null when that is no date (the day is above 12) or the same date.</summary>
    public static DateOnly? Swapped(DateOnly d) =>
        d.Day <= 12 && d.Day != d.Month ? new DateOnly(d.Year, d.Day, d.Month) : null;
}
