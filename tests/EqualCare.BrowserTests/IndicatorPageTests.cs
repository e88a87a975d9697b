using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using EqualCare.Web.Domain.Cases;
using EqualCare.Web.Domain.Indicators;
using EqualCare.Web.Domain.Services;
using EqualCare.Web.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EqualCare.BrowserTests;

[Collection(BrowserGroup.Name)]
public sealed class IndicatorPageTests(AppFixture app)
{
    // 大学路 新华社区 and 嵩山社区: no other browser test writes there.
    const string Xinhua = "410103007003";
    const string Songshan = "410103007007";

    static readonly int CheckupColumn = IndicatorCatalogue.All.ToList().FindIndex(d => d.Code == "womens_checkup");

    [Fact(DisplayName = "大学路's indicator table shows 新华 red at 50.0%（1/2）and 嵩山 green at 100% for 康检; the drill-down lists 新华's two women masked; a 康检 recorded turns 新华 green")]
    public async Task StreetIndicatorTable()
    {
        var today = app.Services.GetRequiredService<TimeProvider>().Today();
        var quarter = Period.Containing(PeriodType.Quarter, today);
        var (came, notYet) = (await AddWomanAsync(Xinhua, "新华甲", "042"), await AddWomanAsync(Xinhua, "新华乙", "062"));
        var songshan = await AddWomanAsync(Songshan, "嵩山甲", "084");
        await AddCheckupAsync(came, Xinhua, quarter.Start);
        await AddCheckupAsync(songshan, Songshan, quarter.Start);

        var page = await app.SignedInPageAsync("daxuelu");
        await page.GotoAsync($"/Indicators?unit=410103007000&period={quarter.Key}");
        var xinhuaCell = CheckupCell(page, Xinhua);
        await Expect(xinhuaCell).ToContainTextAsync("50.0%");
        await Expect(xinhuaCell).ToContainTextAsync("1/2");
        await Expect(xinhuaCell).ToHaveClassAsync("rag-red");
        var songshanCell = CheckupCell(page, Songshan);
        await Expect(songshanCell).ToContainTextAsync("100.0%");
        await Expect(songshanCell).ToHaveClassAsync("rag-green");
        await Expect(page.Locator($"#ranking-table tr[data-unit='{Songshan}']")).ToHaveCountAsync(1);
        await AppFixture.ScreenshotAsync(page, "indicators-daxuelu");

        // The denominator "2" opens the two women; their ID numbers are masked.
        await xinhuaCell.Locator("small a").Nth(1).ClickAsync();
        await Expect(page.Locator("#drill tbody tr")).ToHaveCountAsync(2);
        await Expect(page.Locator("#drill")).ToContainTextAsync("新华甲");
        await Expect(page.Locator("#drill")).ToContainTextAsync("新华乙");
        await Expect(page.Locator("#drill")).ToContainTextAsync("411523********062");
        await Expect(page.Locator("#drill")).Not.ToContainTextAsync(notYet.IdNumber);

        // Her 康检 recorded: the figure the page serves moves at once.
        await AddCheckupAsync(notYet, Xinhua, today);
        await page.GotoAsync($"/Indicators?unit=410103007000&period={quarter.Key}");
        await Expect(CheckupCell(page, Xinhua)).ToContainTextAsync("100.0%");
        await Expect(CheckupCell(page, Xinhua)).ToHaveClassAsync("rag-green");
    }

    static ILocator CheckupCell(IPage page, string community) =>
        page.Locator($"#by-unit tr[data-unit='{community}'] td").Nth(CheckupColumn);

    /// <summary>A married woman of 36 from 新县 (even serial: a woman), here since 2024: in the 康检 denominator, with no 康检 yet.</summary>
    async Task<Person> AddWomanAsync(string community, string name, string serial)
    {
        var first17 = "41152319900315" + serial;
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<EqualCareDb>();
        var stamp = DateTime.SpecifyKind(new DateTime(2024, 3, 2), DateTimeKind.Utc);
        var person = new Person
        {
            Name = name, IdNumber = first17 + IdNumberChecksum.CheckCharacter(first17), Sex = Sex.Female,
            BirthDate = new DateOnly(1990, 3, 15), CommunityCode = community, HukouCountyCode = "411523",
            ArrivalDate = new DateOnly(2024, 3, 1), MaritalStatus = MaritalStatus.FirstMarriage, CreatedAt = stamp, UpdatedAt = stamp,
        };
        db.Persons.Add(person);
        await db.SaveChangesAsync();
        return person;
    }

    async Task AddCheckupAsync(Person woman, string community, DateOnly day)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<EqualCareDb>();
        db.ServiceRecords.Add(new ServiceRecord
        {
            PersonId = woman.Id, CommunityCode = community, Kind = ServiceKind.WomensCheckup, ServiceDate = day,
            Result = CheckOutcome.Normal, RecordedAt = DateTime.SpecifyKind(day.ToDateTime(new TimeOnly(2, 0)), DateTimeKind.Utc),
            RecordedBy = "test",
        });
        await db.SaveChangesAsync();
    }
}
