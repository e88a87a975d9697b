using System.Net;
using System.Text.RegularExpressions;
using EqualCare.IntegrationTests.Infrastructure;
using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using EqualCare.Web.Domain.Cases;
using EqualCare.Web.Domain.Indicators;
using EqualCare.Web.Domain.Schedules;
using EqualCare.Web.Domain.Services;
using EqualCare.Web.Features.Checkups;
using EqualCare.Web.Features.Indicators;
using EqualCare.Web.Features.Services;
using EqualCare.Web.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EqualCare.IntegrationTests.Indicators;

/// <summary>
/// What the office's rule table decides in the indicators: the 康检 rate's population is the 康检 rule's (the women on the
/// check-up sheet), its targets are its seed's; and the maternal indicators count live births.
/// </summary>
public abstract partial class IndicatorRuleTableTests(AppFixture app)
{
    const string Gongyeyuan = "410105002009";   // 工业院社区: the 康检 women
    const string Nongyeyuan = "410105002010";   // 农业院社区: the mothers
    static readonly Period Q3 = Period.Containing(PeriodType.Quarter, new DateOnly(2026, 8, 1));
    static readonly DateOnly SheetDay = new(2026, 8, 15);

    static DateTime Utc(DateOnly day) => DateTime.SpecifyKind(day.ToDateTime(new TimeOnly(2, 0)), DateTimeKind.Utc);

    static Person Woman(string label, string community, DateOnly birth, Action<Person>? change = null)
    {
        var p = new Person
        {
            Name = "规则" + label, IdNumber = TestData.NewIdNumber(Sex.Female, birth), Sex = Sex.Female, BirthDate = birth,
            CommunityCode = community, HukouCountyCode = "411522", ArrivalDate = new DateOnly(2025, 1, 1),
            MaritalStatus = MaritalStatus.FirstMarriage, ContraceptionMethod = ContraceptionMethod.Iud,
            CreatedAt = Utc(new DateOnly(2025, 1, 2)), UpdatedAt = Utc(new DateOnly(2025, 1, 2)),
        };
        change?.Invoke(p);
        return p;
    }

    static readonly SemaphoreSlim Building = new(1, 1);
    static readonly Dictionary<AppFixture, (IReadOnlyDictionary<string, long> Ids, long DayId)> Built = [];

    /// <summary>
    /// 工业院's married women for 2026 Q3 (no birthday between 07-01 and 08-15, so the sheet day and the quarter agree):
    /// A 30 with an IUD; B 30 sterilised (seed 001 and 004 do not exempt her); C 47 and D 46 (in to 49, out of 45); E 30
    /// pregnant since 06-01 (exempt); F 30 divorced; G 30 whom a worker marked 联系不上 for the quarter; H 40 who came on
    /// the day (康检 recorded); I 49 (born 1977-02-01).
    /// </summary>
    async Task<(IReadOnlyDictionary<string, long> Ids, long DayId)> CheckupWomenAsync()
    {
        await Building.WaitAsync();
        try
        {
            if (Built.TryGetValue(app, out var done)) return done;
            await using var scope = app.Scope();
            var db = scope.ServiceProvider.GetRequiredService<EqualCareDb>();
            var women = new Dictionary<string, Person>
            {
                ["A"] = Woman("A", Gongyeyuan, new DateOnly(1996, 3, 3)),
                ["B"] = Woman("B", Gongyeyuan, new DateOnly(1996, 3, 3), p => p.ContraceptionMethod = ContraceptionMethod.FemaleSterilisation),
                ["C"] = Woman("C", Gongyeyuan, new DateOnly(1979, 1, 10)),
                ["D"] = Woman("D", Gongyeyuan, new DateOnly(1980, 1, 10)),
                ["E"] = Woman("E", Gongyeyuan, new DateOnly(1996, 3, 3), p => (p.PregnancyLmp, p.ContraceptionMethod) = (new DateOnly(2026, 6, 1), ContraceptionMethod.None)),
                ["F"] = Woman("F", Gongyeyuan, new DateOnly(1996, 3, 3), p => p.MaritalStatus = MaritalStatus.Divorced),
                ["G"] = Woman("G", Gongyeyuan, new DateOnly(1996, 3, 3)),
                ["H"] = Woman("H", Gongyeyuan, new DateOnly(1986, 1, 5)),
                ["I"] = Woman("I", Gongyeyuan, new DateOnly(1977, 2, 1)),
            };
            db.Persons.AddRange(women.Values);
            await db.SaveChangesAsync();
            var day = new CheckupDay { CommunityCode = Gongyeyuan, Day = SheetDay, CreatedAt = Utc(new DateOnly(2026, 8, 1)), CreatedBy = "test" };
            db.CheckupDays.Add(day);
            db.CareExemptions.Add(new CareExemption
            {
                PersonId = women["G"].Id, Kind = CareKind.WomensCheckup, WindowStart = Q3.Start, Reason = ExemptionReason.Unreachable,
                Note = "电话停机", RecordedAt = Utc(new DateOnly(2026, 7, 20)), RecordedBy = "test",
            });
            db.ServiceRecords.Add(new ServiceRecord
            {
                PersonId = women["H"].Id, CommunityCode = Gongyeyuan, Kind = ServiceKind.WomensCheckup, Fulfils = CareKind.WomensCheckup,
                ServiceDate = SheetDay, Result = CheckOutcome.Normal, RecordedAt = Utc(SheetDay), RecordedBy = "test",
            });
            await db.SaveChangesAsync();
            db.CheckupAttendance.Add(new CheckupAttendance { CheckupDayId = day.Id, PersonId = women["H"].Id, Attended = true, RecordedAt = Utc(SheetDay), RecordedBy = "test" });
            await db.SaveChangesAsync();
            return Built[app] = (women.ToDictionary(w => w.Key, w => w.Value.Id), day.Id);
        }
        finally
        {
            Building.Release();
        }
    }

    public static TheoryData<string, int?, string[]> RuleTables => new()
    {
        { "Seed001", null, ["A", "B", "C", "D", "H", "I"] },
        { "Seed004", null, ["A", "B", "H"] },
        { "Seed003", null, ["A", "B", "C", "D", "H", "I"] },
        { "Seed001", 45, ["A", "B", "H"] },
    };

    [Theory]
    [MemberData(nameof(RuleTables))]
    public async Task The_checkup_rate_counts_exactly_the_women_of_the_rule_tables_checkup_sheet(string table, int? maxAge, string[] expected)
    {
        var (ids, dayId) = await CheckupWomenAsync();
        var labels = ids.ToDictionary(p => p.Value, p => p.Key);
        var care = Options.Create(new CareOptions { RuleTable = table, CheckupMaxAge = maxAge });
        await using var scope = app.Scope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<EqualCareDb>();
        var worker = new CurrentUser(0, "test", Roles.Community, OrgCode.Parse(Gongyeyuan));
        var sheets = new CheckupSheetQuery(db, new DueCalculator(db, care));
        var day = await sheets.FindDayAsync(worker, dayId, default);
        var sheet = (await sheets.PeopleAsync(worker, day!, default)).Select(p => labels[p.Row.PersonId]).Order().ToList();

        var engine = ActivatorUtilities.CreateInstance<IndicatorEngine>(services, care);
        var (total, rows) = await engine.PersonsAsync("womens_checkup", OrgCode.Parse(Gongyeyuan), Q3, false, 0, 100, default);
        var denominator = rows.Select(r => labels[r.Id]).Order().ToList();
        var figure = (await engine.ByCommunityAsync(OrgCode.Parse(Gongyeyuan), Q3, default))[Gongyeyuan][Index("womens_checkup")];

        Assert.Equal(expected, sheet);
        Assert.Equal(sheet, denominator);
        Assert.Equal(new Figure(1, expected.Length), figure);   // H, checked on the day
        Assert.Equal(expected.Length, total);
    }

    static int Index(string code) => IndicatorCatalogue.All.ToList().FindIndex(d => d.Code == code);

    [Fact]
    public async Task Maternal_rates_count_live_births_twins_twice_and_mothers_once()
    {
        await using (var scope = app.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<EqualCareDb>();
            var birth = new DateOnly(2026, 8, 3);
            var twinsMother = Woman("孪母", Nongyeyuan, new DateOnly(1994, 4, 4), p =>
                (p.PregnancyLmp, p.PregnancyOutcome, p.PregnancyOutcomeDate) = (new DateOnly(2025, 10, 27), PregnancyOutcome.LiveBirth, birth));
            var mother = Woman("单母", Nongyeyuan, new DateOnly(1995, 5, 5), p =>
                (p.PregnancyOutcome, p.PregnancyOutcomeDate) = (PregnancyOutcome.LiveBirth, new DateOnly(2026, 7, 9)));
            db.Persons.AddRange(twinsMother, mother);
            await db.SaveChangesAsync();
            foreach (var (name, sex) in new[] { ("孪一", Sex.Male), ("孪二", Sex.Female) })
                db.Persons.Add(new Person
                {
                    Name = name, IdNumber = TestData.NewIdNumber(sex, birth), Sex = sex, BirthDate = birth, CommunityCode = Nongyeyuan,
                    HukouCountyCode = "411522", ArrivalDate = birth, MaritalStatus = MaritalStatus.Unmarried, MotherId = twinsMother.Id,
                    CreatedAt = Utc(birth), UpdatedAt = Utc(birth),
                });
            db.ServiceRecords.Add(new ServiceRecord
            {
                PersonId = twinsMother.Id, CommunityCode = Nongyeyuan, Kind = ServiceKind.MaternalVisit, Fulfils = CareKind.PostpartumVisit,
                ServiceDate = birth.AddDays(7), RecordedAt = Utc(birth.AddDays(7)), RecordedBy = "test",
            });
            await db.SaveChangesAsync();
        }
        await using var read = app.Scope();
        var engine = read.ServiceProvider.GetRequiredService<IndicatorEngine>();
        var figures = (await engine.ByCommunityAsync(OrgCode.Parse(Nongyeyuan), Q3, default))[Nongyeyuan];
        // Three live births (the twins and one more), the twins' mother visited: 1 ÷ 3.
        Assert.Equal(new Figure(1, 3), figures[Index("postpartum_visit")]);
        Assert.Equal(new Figure(0, 3), figures[Index("early_booking")]);
        Assert.Equal(new Figure(0, 3), figures[Index("antenatal_care")]);
        Assert.Equal(new Figure(0, 2), figures[Index("newborn_visit")]);   // the twins: each newborn counts
        var (total, rows) = await engine.PersonsAsync("postpartum_visit", OrgCode.Parse(Nongyeyuan), Q3, false, 0, 100, default);
        Assert.Equal(2, total);
        Assert.Equal([1, 2], rows.Select(r => r.LiveBirths).Order());
    }

    [Fact]
    public async Task Each_office_has_the_targets_of_its_seed_so_one_indicator_differs_between_offices()
    {
        await using var scope = app.Scope();
        IndicatorTargets TargetsOf(string table) =>
            ActivatorUtilities.CreateInstance<IndicatorTargets>(scope.ServiceProvider, Options.Create(new CareOptions { RuleTable = table }));
        var seed001 = await TargetsOf("Seed001").CurrentAsync(default);
        var seed003 = await TargetsOf("Seed003").CurrentAsync(default);
        var seed004 = await TargetsOf("Seed004").CurrentAsync(default);

        // 均等化覆盖率 is seed 001's (95%); 免费药具获得率, 孕检率 and 流入地免费服务 are seed 003's.
        Assert.Equal(new Target(95, 90), seed001["equalisation"]);
        Assert.Equal(new Target(null, null), seed003["equalisation"]);
        Assert.Equal(new Target(null, null), seed004["equalisation"]);
        Assert.Equal(new Target(90, 85), seed003["free_contraceptives"]);
        Assert.Equal(new Target(null, null), seed001["free_contraceptives"]);
        Assert.Equal(new Target(95, 90), seed003["free_service_here"]);
        Assert.Equal(new Target(90, 85), seed003["prepregnancy_here"]);
        Assert.Equal(new Target(null, null), seed004["prepregnancy_here"]);
        Assert.Equal(new Target(100, 95), seed004["womens_checkup"]);
        Assert.Equal("大学路街道2012年春季活动实施方案三、主要任务", TargetsOf("Seed004").WrittenIn("checkup_same_day"));
        Assert.Null(TargetsOf("Seed001").WrittenIn("checkup_same_day"));
    }

    [Fact]
    public async Task The_targets_page_shows_every_definition_in_plain_chinese_without_codes_or_file_names()
    {
        var client = await app.SignedInAsync("dongfenglu");
        var response = await client.GetAsync("/Indicators/Targets");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        var table = html[(html.IndexOf('>', html.IndexOf("id=\"targets\"", StringComparison.Ordinal)) + 1)..];
        table = table[..table.IndexOf("</table>", StringComparison.Ordinal)];
        var text = WebUtility.HtmlDecode(Tags().Replace(table, " "));

        foreach (var d in IndicatorCatalogue.All)
        {
            Assert.Contains(d.NameZh, text, StringComparison.Ordinal);
            Assert.Contains(d.NumeratorZh, text, StringComparison.Ordinal);
            Assert.Contains(d.DenominatorZh, text, StringComparison.Ordinal);
            Assert.DoesNotContain(d.Code, text, StringComparison.Ordinal);
        }
        // No file names, section signs, seed numbers or English enum-like words: only Chinese, digits and punctuation.
        Assert.DoesNotMatch(Latin(), text);
        Assert.Contains("本单位康检规则的年龄：15–49岁", text, StringComparison.Ordinal);
        Assert.Contains("本单位目标值依据：惠济区实施方案（2014年）二、工作目标", text, StringComparison.Ordinal);
    }

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tags();

    /// <summary>Any Latin word (a file name, a code, an enum) – the vaccine names (HepB, DTaP …) are names users know.</summary>
    [GeneratedRegex(@"(?<![A-Za-z])(?!(?:HepB|BCG|IPV|bOPV|DTaP|MMR|MPSV|A)(?![A-Za-z]))[A-Za-z]{2,}")]
    private static partial Regex Latin();
}

[Collection(OnSqlite.Name)]
public sealed class IndicatorRuleTableTestsOnSqlite(SqliteApp app) : IndicatorRuleTableTests(app);

[Collection(OnPostgres.Name)]
public sealed class IndicatorRuleTableTestsOnPostgres(PostgresApp app) : IndicatorRuleTableTests(app);
