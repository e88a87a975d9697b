using EqualCare.Web.Domain;
using EqualCare.Web.Features.Demo;
using EqualCare.Web.Features.OrgUnits;

namespace EqualCare.UnitTests.Demo;

public sealed class DemoPersonGeneratorTests
{
    static readonly DateOnly Today = new(2026, 3, 15);
    static readonly DateTime Stamp = new(2026, 3, 15, 2, 30, 0, DateTimeKind.Utc);
    static readonly DemoPlaces Places = new(HukouCounties.Shipped, DemoCommunities.FromDivisionData());
    static readonly string[] OriginProvinces = ["41", "13", "14", "34", "37", "42", "61"];

    static List<Person> Generate(int count, int seed = 7, long firstId = 1, HashSet<long>? taken = null) =>
        new DemoPersonGenerator(seed, Places, Today, Stamp, firstId, taken ?? []).Generate(count).ToList();

    static readonly Lazy<List<Person>> Sample = new(() => Generate(20_000));

    static string Fingerprint(Person p) =>
        string.Join('|', p.Id, p.Name, p.IdNumber, p.Sex, p.BirthDate, p.CommunityCode, p.HukouCountyCode, p.ArrivalDate,
            p.MaritalStatus, p.SpouseId, p.MotherId, p.FatherId, p.Occupation, p.Phone, p.CreatedAt);

    [Fact]
    public void The_same_seed_gives_the_same_persons()
    {
        var first = Generate(3000, seed: 42).Select(Fingerprint).ToList();
        var second = Generate(3000, seed: 42).Select(Fingerprint).ToList();
        Assert.Equal(first, second);
    }

    [Fact]
    public void Another_seed_gives_other_persons()
    {
        var first = Generate(500, seed: 1).Select(p => p.IdNumber).ToHashSet();
        var second = Generate(500, seed: 2).Select(p => p.IdNumber);
        Assert.True(second.Count(first.Contains) < 5);
    }

    [Fact]
    public void Exactly_the_requested_number_of_persons_with_consecutive_ids_from_the_first_id()
    {
        foreach (var count in new[] { 1, 2, 3, 17, 1000 })
        {
            var persons = Generate(count, firstId: 501);
            Assert.Equal(Enumerable.Range(501, count).Select(i => (long)i), persons.Select(p => p.Id));
        }
    }

    [Fact]
    public void Family_links_point_only_at_persons_of_the_same_run_even_when_the_count_cuts_a_household()
    {
        foreach (var count in Enumerable.Range(1, 60))
        {
            var persons = Generate(count, seed: count);
            var ids = persons.Select(p => p.Id).ToHashSet();
            foreach (var link in persons.SelectMany(p => new[] { p.SpouseId, p.MotherId, p.FatherId }).OfType<long>())
                Assert.Contains(link, ids);
        }
    }

    [Fact]
    public void Every_ID_number_passes_MOD_11_2_and_its_sequence_digit_and_birth_date_match_the_person()
    {
        foreach (var p in Sample.Value)
        {
            Assert.Equal(18, p.IdNumber.Length);
            Assert.True(IdNumberChecksum.HasValidCheckCharacter(p.IdNumber), p.IdNumber);
            // GB 11643 §4.4: the 17th digit is odd for men, even for women.
            var seventeenth = p.IdNumber[16] - '0';
            Assert.Equal(p.Sex == Sex.Male ? 1 : 0, seventeenth % 2);
            Assert.Equal(p.BirthDate.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture), p.IdNumber[6..14]);
            Assert.Equal(p.HukouCountyCode, p.IdNumber[..6]);
        }
    }

    [Fact]
    public void ID_numbers_are_unique_and_avoid_those_already_taken()
    {
        var taken = new HashSet<long>();
        var first = new DemoPersonGenerator(5, Places, Today, Stamp, 1, taken).Generate(5000).ToList();
        var second = new DemoPersonGenerator(5, Places, Today, Stamp, 5001, taken).Generate(5000).ToList();
        var all = first.Concat(second).Select(p => p.IdNumber).ToList();
        Assert.Equal(all.Count, all.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(10_000, taken.Count);
    }

    [Fact]
    public void Area_codes_are_real_counties_of_the_origin_provinces_outside_Zhengzhou()
    {
        var counties = DivisionData.Read(null, maxLevel: 3).Where(u => u.Level == 3)
            .ToDictionary(u => u.Code[..6], u => u.Name, StringComparer.Ordinal);
        foreach (var code in Sample.Value.Select(p => p.HukouCountyCode).Distinct(StringComparer.Ordinal))
        {
            Assert.True(counties.TryGetValue(code, out var name), code);
            Assert.NotEqual("市辖区", name);
            Assert.Contains(code[..2], OriginProvinces);
            Assert.False(code.StartsWith("4101", StringComparison.Ordinal), code);
        }
        var fromHenan = Sample.Value.Count(p => p.HukouCountyCode.StartsWith("41", StringComparison.Ordinal));
        Assert.InRange(fromHenan / (double)Sample.Value.Count, 0.5, 0.75);
        Assert.All(OriginProvinces, province => Assert.Contains(Sample.Value, p => p.HukouCountyCode.StartsWith(province, StringComparison.Ordinal)));
    }

    [Fact]
    public void Spouses_link_both_ways_have_opposite_sex_live_together_and_are_married()
    {
        var byId = Sample.Value.ToDictionary(p => p.Id);
        var married = Sample.Value.Where(p => p.SpouseId is not null).ToList();
        Assert.True(married.Count > Sample.Value.Count / 5);
        foreach (var p in married)
        {
            var spouse = byId[p.SpouseId!.Value];
            Assert.Equal(p.Id, spouse.SpouseId);
            Assert.NotEqual(p.Sex, spouse.Sex);
            Assert.Equal(p.CommunityCode, spouse.CommunityCode);
            Assert.Contains(p.MaritalStatus, new[] { MaritalStatus.FirstMarriage, MaritalStatus.Remarried });
        }
        var wifeYounger = married.Where(p => p.Sex == Sex.Male).Count(h => byId[h.SpouseId!.Value].BirthDate >= h.BirthDate);
        Assert.True(wifeYounger > married.Count / 2 * 0.6);
    }

    [Fact]
    public void Mothers_are_women_and_fathers_men_at_least_15_years_older_than_their_children()
    {
        var byId = Sample.Value.ToDictionary(p => p.Id);
        var children = Sample.Value.Where(p => p.MotherId is not null || p.FatherId is not null).ToList();
        Assert.True(children.Count > Sample.Value.Count / 10);
        foreach (var child in children)
        {
            Assert.InRange(DemoPersonGenerator.AgeOn(child.BirthDate, Today), 0, 16);
            Assert.Equal(MaritalStatus.Unmarried, child.MaritalStatus);
            if (child.MotherId is { } motherId)
            {
                var mother = byId[motherId];
                Assert.Equal(Sex.Female, mother.Sex);
                Assert.True(mother.BirthDate.AddYears(15) <= child.BirthDate);
                Assert.Equal(mother.CommunityCode, child.CommunityCode);
            }
            if (child.FatherId is { } fatherId)
            {
                var father = byId[fatherId];
                Assert.Equal(Sex.Male, father.Sex);
                Assert.True(father.BirthDate.AddYears(15) <= child.BirthDate);
            }
            // Children come with a parent or later, or are born here.
            var parentsArrival = new[] { child.MotherId, child.FatherId }.OfType<long>().Min(id => byId[id].ArrivalDate);
            Assert.True(child.ArrivalDate >= parentsArrival);
        }
    }

    [Fact]
    public void Dates_are_plausible_for_the_given_today()
    {
        foreach (var p in Sample.Value)
        {
            Assert.True(p.BirthDate <= Today);
            Assert.True(p.ArrivalDate >= p.BirthDate && p.ArrivalDate <= Today);
            Assert.True(p.ArrivalDate >= Today.AddYears(-8) || p.MotherId is not null || p.FatherId is not null);
            Assert.Equal(Stamp, p.CreatedAt);
        }
        var ages = Sample.Value.Select(p => DemoPersonGenerator.AgeOn(p.BirthDate, Today)).ToList();
        double Share(Func<int, bool> band) => ages.Count(band) / (double)ages.Count;
        Assert.InRange(Share(a => a is >= 18 and <= 55), 0.6, 0.9);
        Assert.InRange(Share(a => a < 17), 0.1, 0.4);
        Assert.InRange(Share(a => a > 55), 0.0, 0.05);
        Assert.DoesNotContain(ages, a => a is 17);
        Assert.Contains(ages, a => a < 6);
    }

    [Fact]
    public void Adults_have_mobile_numbers_and_occupations_children_their_stage_of_schooling_and_a_parents_number()
    {
        var byId = Sample.Value.ToDictionary(p => p.Id);
        foreach (var p in Sample.Value)
        {
            var age = DemoPersonGenerator.AgeOn(p.BirthDate, Today);
            if (age < 6) Assert.Equal(Occupations.Preschool, p.Occupation);
            else if (age < 17) Assert.Equal(Occupations.Pupil, p.Occupation);
            else Assert.False(string.IsNullOrEmpty(p.Occupation));
            if (age < MobilePhones.MinimumAge)
            {
                // No phone of their own: the case's contact number (联系电话) is a parent's, as the worker enters it.
                var parents = new[] { p.MotherId, p.FatherId }.OfType<long>().Where(byId.ContainsKey).Select(id => byId[id].Phone).ToList();
                if (parents.Count == 0) Assert.Null(p.Phone);
                else Assert.Contains(p.Phone, parents);
                continue;
            }
            Assert.Matches("^1(3[0-9]|5[0-35-9]|8[0-9])[0-9]{8}$", p.Phone);
        }
    }

    [Fact]
    public void Names_have_a_common_surname_and_one_or_two_given_characters()
    {
        var surnames = Sample.Value.GroupBy(p => p.Name[..1]).OrderByDescending(g => g.Count()).Select(g => g.Key).Take(5).ToList();
        Assert.Contains("王", surnames);
        Assert.Contains("李", surnames);
        Assert.Contains("张", surnames);
        Assert.All(Sample.Value, p => Assert.InRange(p.Name.Length, 2, 4));
    }

    [Fact]
    public void Everyone_lives_in_a_community_of_the_demo_streets_and_Xianghe_and_Zhongyuan_are_the_largest()
    {
        var streets = DemoAccounts.DemoStreets.Select(s => s[..9]).ToList();
        Assert.All(Sample.Value, p => Assert.Contains(p.CommunityCode[..9], streets));
        Assert.All(Sample.Value, p => Assert.Equal(12, p.CommunityCode.Length));
        var largest = Sample.Value.GroupBy(p => p.CommunityCode).OrderByDescending(g => g.Count()).Take(2).Select(g => g.Key).Order().ToList();
        Assert.Equal([DemoAccounts.Xianghe, DemoAccounts.Zhongyuan], largest);
    }
}
