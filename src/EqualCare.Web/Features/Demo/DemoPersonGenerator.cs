using EqualCare.Web.Domain;

namespace EqualCare.Web.Features.Demo;

/// <summary>
/// Synthetic migrants, household by household, deterministically from a seed: the same seed, places, day and starting
/// state give the same persons. No database here; the writer streams what this yields.
/// </summary>
public sealed class DemoPersonGenerator
{
    readonly Random random;
    readonly DemoPlaces places;
    readonly SyntheticIdNumbers idNumbers;
    readonly DateOnly today;
    readonly DateTime stampUtc;
    long nextId;

    /// <param name="today">The offices' today (Beijing), from TimeProvider: ages and arrivals are relative to it.</param>
    /// <param name="stampUtc">CreatedAt and UpdatedAt of every person.</param>
    /// <param name="firstId">Persons get explicit ids from here on, so that family links are known before writing.</param>
    /// <param name="takenIdKeys">ID numbers already in use (<see cref="SyntheticIdNumbers.KeyOf"/>); new ones are added.</param>
    public DemoPersonGenerator(int seed, DemoPlaces places, DateOnly today, DateTime stampUtc, long firstId, HashSet<long> takenIdKeys)
    {
        random = new Random(seed);
        this.places = places;
        this.today = today;
        this.stampUtc = stampUtc;
        nextId = firstId;
        idNumbers = new SyntheticIdNumbers(takenIdKeys);
    }

    /// <summary>Exactly <paramref name="count"/> persons, lazily: only one household is held at a time.</summary>
    public IEnumerable<Person> Generate(int count)
    {
        var household = new List<Person>(8);
        var remaining = count;
        while (remaining > 0)
        {
            household.Clear();
            var family = new HouseholdBuilder(this, household, remaining);
            family.Build();
            foreach (var person in household) yield return person;
            remaining -= household.Count;
        }
    }

    readonly Dictionary<string, int> households = new(StringComparer.Ordinal);

    /// <summary>How many households the community had before this one (0 for its first).</summary>
    internal int NextHousehold(string community)
    {
        households.TryGetValue(community, out var count);
        households[community] = count + 1;
        return count;
    }

    internal Random Random => random;
    internal DateOnly Today => today;
    internal DemoPlaces Places => places;

    internal Person NewPerson(Sex sex, DateOnly birthDate, string surname, string hukouCounty, string community,
        DateOnly arrival, MaritalStatus status)
    {
        var age = AgeOn(birthDate, today);
        return new Person
        {
            Id = nextId++,
            Name = surname + ChineseNames.GivenName(random, sex, birthDate.Year),
            IdNumber = idNumbers.Issue(random, hukouCounty, birthDate, sex),
            Sex = sex,
            BirthDate = birthDate,
            CommunityCode = community,
            HukouCountyCode = hukouCounty,
            ArrivalDate = arrival,
            MaritalStatus = status,
            Occupation = Occupations.For(random, sex, age),
            Phone = age >= MobilePhones.MinimumAge ? MobilePhones.Next(random) : null,
            CreatedAt = stampUtc,
            UpdatedAt = stampUtc,
        };
    }

    public static int AgeOn(DateOnly birthDate, DateOnly day)
    {
        var age = day.Year - birthDate.Year;
        return birthDate.AddYears(age) > day ? age - 1 : age;
    }
}

/// <summary>Where synthetic persons come from (户籍地) and where they live now (现居住地).</summary>
public sealed record DemoPlaces(HukouCounties Counties, DemoCommunities Communities);
