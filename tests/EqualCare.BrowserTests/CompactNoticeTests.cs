using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EqualCare.BrowserTests;

[Collection(BrowserGroup.Name)]
public sealed class CompactNoticeTests(AppFixture app)
{
    // Six married women of 祥和社区 who arrived in 2024, so each is due this quarter's 康检. Born 1990, county 411525 (固始);
    // serials 302–312 (even: women), the check character computed.
    static readonly (string Name, string First17)[] Women =
    [
        ("钱紧凑", "41152519900304302"), ("孙紧凑", "41152519900304304"), ("李紧凑", "41152519900304306"),
        ("周紧凑", "41152519900304308"), ("吴紧凑", "41152519900304310"), ("郑紧凑", "41152519900304312"),
    ];

    /// <summary>A4 less the compact layout's margins (10 mm top and bottom, 12 mm left and right), in CSS px at 96 per inch.</summary>
    const double PageHeight = (297 - 20) / 25.4 * 96;
    const int PageWidth = (int)((210 - 24) / 25.4 * 96);

    [Fact(DisplayName = "Compact notices print several to an A4 page with dashed cut lines, each with the community's address and phone and a 回执")]
    public async Task CompactNoticesPrintSeveralToAPage()
    {
        var ids = await AddWomenAsync();
        var page = await app.SignedInPageAsync("xianghe");
        await page.GotoAsync($"/Notices?ids={string.Join(',', ids)}&kind=WomensCheckup");
        await Expect(page.Locator(".notice-sheet")).ToHaveCountAsync(6);
        await page.Locator("#layout-compact").ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("layout=compact"));
        await Expect(page.Locator("#layout-full")).ToBeVisibleAsync();

        var sheets = page.Locator(".notices-compact .notice-sheet");
        await Expect(sheets).ToHaveCountAsync(6);
        await Expect(sheets.Nth(0).Locator(".notice-receipt")).ToContainTextAsync("回执");
        await Expect(sheets.Nth(0).Locator(".notice-receipt")).ToContainTextAsync("钱紧凑");
        await Expect(sheets.Nth(0).Locator(".notice-receipt")).ToContainTextAsync("签名");
        await Expect(sheets.Nth(0).Locator(".notice-address")).ToContainTextAsync("祥和社区居委会");
        await Expect(sheets.Nth(0).Locator(".notice-phone")).ToContainTextAsync("0371-6");
        await AppFixture.ScreenshotAsync(page, "notices-compact-screen");

        await page.SetViewportSizeAsync(PageWidth, 1000);
        await page.EmulateMediaAsync(new() { Media = Media.Print });
        await Expect(page.Locator(".topbar")).ToBeHiddenAsync();
        await Expect(page.Locator(".notice-toolbar")).ToBeHiddenAsync();
        Assert.NotEqual("page", await sheets.Nth(0).EvaluateAsync<string>("e => getComputedStyle(e).breakAfter"));
        Assert.Equal("avoid", await sheets.Nth(0).EvaluateAsync<string>("e => getComputedStyle(e).breakInside"));
        Assert.Equal("dashed", await sheets.Nth(0).EvaluateAsync<string>("e => getComputedStyle(e).borderBottomStyle"));
        // How many notices end within the first A4 page: several, not one.
        var bottoms = await page.EvaluateAsync<double[]>(
            "() => { const s = [...document.querySelectorAll('.notices-compact .notice-sheet')]; const top = s[0].getBoundingClientRect().top; " +
            "return s.map(e => e.getBoundingClientRect().bottom - top); }");
        var onFirstPage = bottoms.Count(b => b <= PageHeight);
        Assert.True(onFirstPage >= 3, $"{onFirstPage} compact notices fit on the first A4 page (bottoms: {string.Join(", ", bottoms.Select(b => b.ToString("0", System.Globalization.CultureInfo.InvariantCulture)))})");
        await AppFixture.ScreenshotAsync(page, "notices-compact-print");

        // The full layout of the same notices still gives each its own page.
        await page.Locator("#layout-full").EvaluateAsync("e => e.click()");
        await Expect(page.Locator(".notices-full .notice-sheet")).ToHaveCountAsync(6);
        Assert.Equal("page", await page.Locator(".notice-sheet").Nth(0).EvaluateAsync<string>("e => getComputedStyle(e).breakAfter"));
    }

    async Task<List<long>> AddWomenAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<EqualCareDb>();
        var at = DateTime.SpecifyKind(new DateTime(2026, 1, 1), DateTimeKind.Utc);
        var people = Women.Select(w => new Person
        {
            Name = w.Name, IdNumber = w.First17 + IdNumberChecksum.CheckCharacter(w.First17), Sex = Sex.Female,
            BirthDate = new DateOnly(1990, 3, 4), CommunityCode = "410103007001", HukouCountyCode = "411525", ArrivalDate = new DateOnly(2024, 5, 1),
            MaritalStatus = MaritalStatus.FirstMarriage, Phone = "13800004321", CreatedAt = at, UpdatedAt = at,
        }).ToList();
        db.Persons.AddRange(people);
        await db.SaveChangesAsync();
        return people.Select(p => p.Id).ToList();
    }
}
