using EqualCare.Web.Domain;
using EqualCare.Web.Domain.Cases;
using EqualCare.Web.Domain.Immunisation;
using EqualCare.Web.Domain.Schedules;
using EqualCare.Web.Domain.Services;
using EqualCare.Web.Features.Demo;

namespace EqualCare.UnitTests.Demo;

public sealed class DemoServiceGeneratorTests
{
    static readonly DateOnly Today = new(2026, 3, 15);
    static readonly DateTime Stamp = new(2026, 3, 15, 2, 30, 0, DateTimeKind.Utc);
    static readonly DemoPlaces Places = new(HukouCounties.Shipped, DemoCommunities.FromDivisionData());

    static List<DemoServicePerson> Persons(int count, int seed = 7) =>
        new DemoPersonGenerator(seed, Places, Today, Stamp, 1, []).Generate(count).Select(DemoServicePerson.Of).ToList();

    static readonly Lazy<List<DemoServicePerson>> SamplePersons = new(() => Persons(20_000));

    static readonly Lazy<List<ServiceRecord>> Sample = new(() => new DemoServiceGenerator(7, Today, Stamp).For(SamplePersons.Value).ToList());

    static string Fingerprint(ServiceRecord r) => string.Join('|', r.PersonId, r.CommunityCode, r.Kind, r.Fulfils, r.ServiceDate,
        r.Vaccine, r.DoseNumber, r.Result, r.RecordNumber, r.RecordedAt, r.RecordedBy);

    static int Age(DemoServicePerson p) => CaseRules.AgeOn(p.BirthDate, Today);

    [Fact]
    public void The_same_seed_gives_the_same_records_and_another_seed_others()
    {
        var persons = Persons(2000);
        var first = new DemoServiceGenerator(3, Today, Stamp).For(persons).Select(Fingerprint).ToList();
        var again = new DemoServiceGenerator(3, Today, Stamp).For(persons).Select(Fingerprint).ToList();
        var other = new DemoServiceGenerator(4, Today, Stamp).For(persons).Select(Fingerprint).ToList();
        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public void Every_record_is_of_a_generated_person_in_her_community_dated_between_her_arrival_or_birth_and_today()
    {
        var byId = SamplePersons.Value.ToDictionary(p => p.Id);
        Assert.True(Sample.Value.Count > SamplePersons.Value.Count, "about two records a person or more");
        foreach (var r in Sample.Value)
        {
            var p = byId[r.PersonId];
            Assert.Equal(p.CommunityCode, r.CommunityCode);
            Assert.InRange(r.ServiceDate, p.BirthDate, Today);
            // Every scheduled service says what it fulfils; the checks, operations and contraceptives fulfil no schedule.
            if (r.Kind is ServiceKind.PrePregnancyCheck or ServiceKind.Operation or ServiceKind.Contraceptives) Assert.Null(r.Fulfils);
            else Assert.NotNull(r.Fulfils);
            Assert.Equal((DemoServiceGenerator.RecordedBy, Stamp), (r.RecordedBy, r.RecordedAt));
            if (r.Kind is ServiceKind.HealthRecord or ServiceKind.ImmunisationFile or ServiceKind.WomensCheckup or ServiceKind.MaternalVisit
                or ServiceKind.PrePregnancyCheck or ServiceKind.GynaecologicalScreening or ServiceKind.Operation or ServiceKind.Contraceptives)
                Assert.True(r.ServiceDate >= p.ArrivalDate, $"{r.Kind} before arrival");
        }
    }

    [Fact]
    public void Most_but_not_all_persons_here_six_months_have_a_health_record_and_no_one_arrived_later()
    {
        var withRecord = Sample.Value.Where(r => r.Kind == ServiceKind.HealthRecord).Select(r => r.PersonId).ToList();
        Assert.Equal(withRecord.Count, withRecord.Distinct().Count());
        var eligible = SamplePersons.Value.Where(p => p.ArrivalDate.AddMonths(6) <= Today).Select(p => p.Id).ToHashSet();
        Assert.All(withRecord, id => Assert.Contains(id, eligible));
        // A working office's share: nearly all, a few not yet (issue 12: the to-do list must not be a backlog).
        Assert.InRange(withRecord.Count / (double)eligible.Count, 0.97, 0.999);
        Assert.All(Sample.Value.Where(r => r.Kind == ServiceKind.HealthRecord), r => Assert.Equal(17, r.RecordNumber!.Length));
    }

    [Fact]
    public void Children_get_doses_of_the_nip_table_in_order_mostly_complete_and_adults_none()
    {
        var nip = ImmunisationSchedule.InForce(NipSchedules.All, Today)!.Doses;
        var byId = SamplePersons.Value.ToDictionary(p => p.Id);
        var doses = Sample.Value.Where(r => r.Kind == ServiceKind.Immunisation).ToList();
        Assert.NotEmpty(doses);
        foreach (var child in doses.GroupBy(r => r.PersonId))
        {
            var p = byId[child.Key];
            Assert.InRange(Age(p), 0, 17); // the programme's ages: a schoolchild's certificate shows the doses of her early years
            foreach (var vaccine in child.GroupBy(r => r.Vaccine))
            {
                // A series is given from dose 1 on without gaps, each dose not before its recommended age. Each dose comes
                // from the edition in force on the day it fell due (a child who turned 6 before 2025 had 白破, DTaP at 3, 4
                // and 5 months before 2025), so a dose is a row of one of the editions, given not before that row's age.
                Assert.Equal(Enumerable.Range(1, vaccine.Count()), vaccine.Select(r => (int)r.DoseNumber!.Value).Order());
                foreach (var r in vaccine)
                    Assert.True(r.ServiceDate >= NipSchedules.All.SelectMany(e => e.Doses).Where(d => d.Vaccine == r.Vaccine && d.Dose == r.DoseNumber)
                        .Min(d => d.RecommendedAge.From(p.BirthDate)), $"{r.Vaccine} {r.DoseNumber} on {r.ServiceDate} for a child born {p.BirthDate}");
            }
        }
        // Children over two: some have every dose due so far, some miss one or more.
        var toddlers = SamplePersons.Value.Where(p => Age(p) is >= 2 and <= 6).ToList();
        var complete = toddlers.Count(p => doses.Count(r => r.PersonId == p.Id)
                                          == nip.Count(d => d.Choice is null || d.Vaccine is VaccineCodes.JeLive or VaccineCodes.HepALive
                                                            ? d.RecommendedAge.From(p.BirthDate) <= Today : false));
        // Most on time, a few behind (issue 12: a served community, not a backlog).
        Assert.InRange(complete / (double)toddlers.Count, 0.9, 0.995);
    }

    [Fact]
    public void Checkups_are_for_married_women_15_to_49_at_most_one_a_quarter_and_the_current_quarter_is_partly_done()
    {
        var byId = SamplePersons.Value.ToDictionary(p => p.Id);
        var checkups = Sample.Value.Where(r => r.Kind == ServiceKind.WomensCheckup).ToList();
        foreach (var r in checkups)
        {
            var p = byId[r.PersonId];
            Assert.Equal(Sex.Female, p.Sex);
            Assert.True(CaseRules.IsMarried(p.MaritalStatus));
            Assert.InRange(Age(p), 15, 49);
        }
        Assert.All(checkups.GroupBy(r => (r.PersonId, Quarter.Containing(r.ServiceDate))), g => Assert.Single(g));
        var women = SamplePersons.Value.Count(p => p.Sex == Sex.Female && CaseRules.IsMarried(p.MaritalStatus) && Age(p) is >= 15 and <= 49
                                                   && p.ArrivalDate <= Today);
        // Mid-March every community has held its check-up day (days 11–40 of the quarter): most came, a few are still to
        // come for a make-up check.
        var thisQuarter = checkups.Count(r => Quarter.Containing(r.ServiceDate) == Quarter.Containing(Today));
        Assert.InRange(thisQuarter / (double)women, 0.75, 0.97);
    }

    [Fact]
    public void With_the_services_the_to_do_list_is_shorter_but_far_from_empty()
    {
        var settings = DueSettings.ForOffice(LocalRuleTables.Seed001, 31);
        var persons = SamplePersons.Value.Take(3000).ToList();
        var records = Sample.Value.Where(r => r.PersonId <= persons[^1].Id && r.Fulfils is not null).ToLookup(r => r.PersonId,
            r => new RecordedService(r.Fulfils!.Value, r.ServiceDate, r.Vaccine, r.DoseNumber));
        int Items(Func<DemoServicePerson, IReadOnlyCollection<RecordedService>> services) => persons.Sum(p => CareDue.For(
            new PersonFacts(p.Sex, p.BirthDate, p.ArrivalDate, p.MaritalStatus), services(p), Today, settings).Due.Count);

        var without = Items(_ => []);
        var with = Items(p => records[p.Id].ToList());
        // Most of what fell due was done: the list keeps what is due now and the few misses (issue 12).
        Assert.InRange(with / (double)without, 0.03, 0.2);
    }

    [Fact]
    public void A_million_persons_spread_over_about_400_urban_communities_the_demo_streets_first_a_small_demo_stays_in_them()
    {
        var small = DemoCommunities.FromDivisionData(2000);
        Assert.All(small.Codes, c => Assert.True(c.StartsWith("410103007", StringComparison.Ordinal) || c.StartsWith("410105010", StringComparison.Ordinal)));

        var large = DemoCommunities.FromDivisionData(1_000_000);
        Assert.Equal(1_000_000 / DemoCommunities.PersonsPerCommunity, large.Codes.Count);
        Assert.Superset(small.Codes.ToHashSet(), large.Codes.ToHashSet());
        Assert.All(large.Codes, c => Assert.Contains(c[..6], DemoCommunities.UrbanDistricts));
        Assert.All(DemoCommunities.UrbanDistricts, d => Assert.Contains(large.Codes, c => c.StartsWith(d, StringComparison.Ordinal)));

        var random = new Random(1);
        var counts = Enumerable.Range(0, 1_000_000).Select(_ => large.Pick(random)).CountBy(c => c).Select(c => c.Value).Order().ToList();
        Assert.InRange(counts[counts.Count / 2], 1500, 3500);
        Assert.InRange(counts[0], 500, 1500);
        Assert.InRange(counts[^1], 3500, 6000);
    }
}
