using EqualCare.Web.Domain;

namespace EqualCare.Web.Features.Demo;

/// <summary>
/// One household of migrants living together in a community: a couple with children who came with them or were born
/// here, a couple whose children stayed at home (留守儿童), a single young worker, a married worker whose spouse
/// stayed at home, or a divorced or widowed parent. Never more persons than <c>room</c>.
/// The first households of every community are the events an office sees each season, so that even a small demo
/// community has them to count: a baby born in the last weeks, one born a few months ago, a pregnancy, a couple
/// just arrived. Then the case details a worker enters (addresses, housing, the wife's method and latest pregnancy).
/// </summary>
sealed class HouseholdBuilder(DemoPersonGenerator generator, List<Person> members, int room)
{
    const int YearsOfArrivals = 8;

    /// <summary>The households of a community that follow <see cref="Script"/>; the rest are drawn at random.</summary>
    public const int ScriptedHouseholds = 4;

    enum Script { None, Newborn, BornThisYear, Pregnant, JustArrived }

    readonly Random random = generator.Random;
    readonly DateOnly today = generator.Today;
    readonly string community = generator.Places.Communities.Pick(generator.Random);
    Script script;

    public void Build()
    {
        var index = generator.NextHousehold(community);
        // A scripted household needs room for the couple and two children (the newborn's family).
        script = room < 4 || index >= ScriptedHouseholds ? Script.None : (Script)(index + 1);
        var kind = random.NextDouble();
        if (script != Script.None) Couple(withChildren: script is Script.Newborn or Script.BornThisYear);
        else if (room < 2 || kind is >= 0.52 and < 0.83) SingleWorker();
        else if (kind < 0.38) Couple(withChildren: true);
        else if (kind < 0.52) Couple(withChildren: false);
        else if (kind < 0.95) MarriedWorkerAlone();
        else DivorcedOrWidowedParent();
        DemoCaseDetails.Fill(random, today, members, pregnant: script == Script.Pregnant, methodAfterBirth: script == Script.BornThisYear,
            suppliedMethod: script == Script.JustArrived);
    }

    void Couple(bool withChildren)
    {
        // A scripted couple is young: the wife bears a child now, so she is in her twenties or early thirties.
        var husbandBirth = BirthForAge(script == Script.None ? Triangular(22, 34, 56) : Triangular(24, 28, 36));
        // Wives are usually a few years younger; a fifth are older (statutory minimum age 20, 民法典 §1047).
        var wifeBirth = husbandBirth.AddYears(random.Next(-2, 7)).AddDays(random.Next(-180, 181));
        var youngestWife = today.AddYears(-20);
        if (wifeBirth > youngestWife) wifeBirth = youngestWife.AddDays(-random.Next(365));
        // A scripted wife is 25 or more, old enough for the toddler her newborn's family has.
        if (script != Script.None && wifeBirth > today.AddYears(-25)) wifeBirth = today.AddYears(-25).AddDays(-random.Next(5 * 365));

        var husbandHukou = generator.Places.Counties.Pick(random);
        var wifeHukou = random.NextDouble() < 0.75 ? husbandHukou : generator.Places.Counties.Pick(random);
        // A scripted family other than the newcomers has been here a year or more, long enough to be due for everything.
        var husbandArrival = script switch
        {
            Script.None => Arrival(husbandBirth),
            Script.JustArrived => ThisMonth(),
            _ => Min(Arrival(husbandBirth), today.AddYears(-1)),
        };
        var wifeArrival = random.NextDouble() < 0.65 || script != Script.None ? Max(husbandArrival, AdultFrom(wifeBirth)) : Arrival(wifeBirth);

        var husbandSurname = ChineseNames.Surname(random);
        var wifeSurname = ChineseNames.Surname(random);
        var husband = generator.NewPerson(Sex.Male, husbandBirth, husbandSurname, husbandHukou, community, husbandArrival,
            MarriageStatus());
        var wife = generator.NewPerson(Sex.Female, wifeBirth, wifeSurname, wifeHukou, community, wifeArrival, MarriageStatus());
        husband.SpouseId = wife.Id;
        wife.SpouseId = husband.Id;
        members.Add(husband);
        members.Add(wife);
        if (!withChildren) return;
        // Children usually take the father's surname and are registered at his place (户随父), sometimes the mother's.
        var childSurname = random.NextDouble() < 0.95 ? husbandSurname : wifeSurname;
        var childHukou = random.NextDouble() < 0.85 ? husbandHukou : wifeHukou;
        if (script == Script.None)
        {
            Children(wife, husband, childSurname, childHukou, random.Next(1, 4));
            return;
        }
        // The baby of the script: born in the last weeks, or in the first months of this year (the year's figures count it).
        var birth = script == Script.Newborn
            ? today.AddDays(-random.Next(3, 26))
            : DateOnly.FromDayNumber(random.Next(Min(Max(new DateOnly(today.Year, 1, 1), today.AddDays(-130)), today.AddDays(-60)).DayNumber,
                today.AddDays(-59).DayNumber));
        if (birth < wife.BirthDate.AddYears(20)) return;
        // A newborn's family often has a toddler too, who came with the parents: the children the vaccine coverage counts.
        var sibling = BirthForAge(2.2 + 2 * random.NextDouble());
        if (script == Script.Newborn && sibling >= wife.BirthDate.AddYears(20)) Child(sibling, husband.ArrivalDate);
        Child(birth, husband.ArrivalDate);

        void Child(DateOnly born, DateOnly parentsArrival)
        {
            var child = generator.NewPerson(random.NextDouble() < 0.53 ? Sex.Male : Sex.Female, born, childSurname, childHukou, community,
                born >= parentsArrival ? born : parentsArrival, MaritalStatus.Unmarried);
            child.MotherId = wife.Id;
            child.FatherId = husband.Id;
            members.Add(child);
        }
    }

    /// <summary>A day of this month up to today: the household has just come.</summary>
    DateOnly ThisMonth() => DateOnly.FromDayNumber(random.Next(new DateOnly(today.Year, today.Month, 1).DayNumber, today.DayNumber + 1));

    void SingleWorker()
    {
        var sex = random.NextDouble() < 0.55 ? Sex.Male : Sex.Female;
        var birth = BirthForAge(Triangular(18, 23, 36));
        members.Add(generator.NewPerson(sex, birth, ChineseNames.Surname(random), generator.Places.Counties.Pick(random), community,
            Arrival(birth), MaritalStatus.Unmarried));
    }

    void MarriedWorkerAlone()
    {
        var sex = random.NextDouble() < 0.7 ? Sex.Male : Sex.Female;
        var birth = BirthForAge(Triangular(24, 40, 56));
        members.Add(generator.NewPerson(sex, birth, ChineseNames.Surname(random), generator.Places.Counties.Pick(random), community,
            Arrival(birth), MarriageStatus()));
    }

    void DivorcedOrWidowedParent()
    {
        var sex = random.NextDouble() < 0.65 ? Sex.Female : Sex.Male;
        var age = Triangular(28, 40, 60);
        var status = age > 45 && random.NextDouble() < 0.5 ? MaritalStatus.Widowed : MaritalStatus.Divorced;
        var birth = BirthForAge(age);
        var surname = ChineseNames.Surname(random);
        var hukou = generator.Places.Counties.Pick(random);
        var parent = generator.NewPerson(sex, birth, surname, hukou, community, Arrival(birth), status);
        members.Add(parent);
        if (random.NextDouble() < 0.5)
            Children(sex == Sex.Female ? parent : null, sex == Sex.Male ? parent : null, surname, hukou, random.Next(1, 3));
    }

    /// <summary>
    /// Children of 0–16 born when the mother was 20–40 (the father 22–45 when he is the only parent here), at least
    /// 10 months apart; they arrived with a parent or later, or were born here.
    /// </summary>
    void Children(Person? mother, Person? father, string surname, string hukou, int wanted)
    {
        var parent = mother ?? father!;
        var (fromAge, toAge) = mother is not null ? (20, 40) : (22, 45);
        var earliest = Max(parent.BirthDate.AddYears(fromAge), today.AddYears(-17).AddDays(1));
        var latest = Min(parent.BirthDate.AddYears(toAge), today);
        if (earliest > latest) return;

        var births = new List<DateOnly>(wanted);
        for (var i = 0; i < wanted; i++) births.Add(DateOnly.FromDayNumber(random.Next(earliest.DayNumber, latest.DayNumber + 1)));
        births.Sort();
        var parentsArrival = Min(mother?.ArrivalDate ?? DateOnly.MaxValue, father?.ArrivalDate ?? DateOnly.MaxValue);
        DateOnly? previous = null;
        foreach (var birth in births)
        {
            if (members.Count >= room) return;
            if (previous is { } p && birth.DayNumber - p.DayNumber < 300) continue;
            previous = birth;
            var sex = random.NextDouble() < 0.53 ? Sex.Male : Sex.Female;
            var child = generator.NewPerson(sex, birth, surname, hukou, community, ChildArrival(birth, parentsArrival),
                MaritalStatus.Unmarried);
            child.MotherId = mother?.Id;
            child.FatherId = father?.Id;
            members.Add(child);
        }
    }

    /// <summary>Born here after a parent came, or brought along on the parent's day or within two years.</summary>
    DateOnly ChildArrival(DateOnly birth, DateOnly parentsArrival)
    {
        if (birth >= parentsArrival) return birth;
        if (random.NextDouble() < 0.6) return parentsArrival;
        var latest = Min(parentsArrival.AddYears(2), today);
        return DateOnly.FromDayNumber(random.Next(parentsArrival.DayNumber, latest.DayNumber + 1));
    }

    /// <summary>An arrival within the last eight years, as an adult of 16 or more.</summary>
    DateOnly Arrival(DateOnly birth)
    {
        var earliest = Max(today.AddYears(-YearsOfArrivals), AdultFrom(birth));
        return earliest >= today ? today : DateOnly.FromDayNumber(random.Next(earliest.DayNumber, today.DayNumber + 1));
    }

    static DateOnly AdultFrom(DateOnly birth) => birth.AddYears(MobilePhones.MinimumAge);

    MaritalStatus MarriageStatus() => random.NextDouble() < 0.93 ? MaritalStatus.FirstMarriage : MaritalStatus.Remarried;

    /// <summary>A birth date for an exact age in years (fractional): the day within the year falls where it may.</summary>
    DateOnly BirthForAge(double ageYears) => DateOnly.FromDayNumber(today.DayNumber - (int)(ageYears * 365.2425));

    /// <summary>A triangular distribution: ages bunch around the mode, as working migrants' ages do.</summary>
    double Triangular(double min, double mode, double max)
    {
        var u = random.NextDouble();
        var split = (mode - min) / (max - min);
        return u < split
            ? min + Math.Sqrt(u * (max - min) * (mode - min))
            : max - Math.Sqrt((1 - u) * (max - min) * (max - mode));
    }

    static DateOnly Max(DateOnly a, DateOnly b) => a > b ? a : b;
    static DateOnly Min(DateOnly a, DateOnly b) => a < b ? a : b;
}
