using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using EqualCare.Web.Features.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EqualCare.BrowserTests;

/// <summary>
/// The two long forms of the field on a phone (issue 13 points 8–9, acceptance 3): the check-up sheet filled with 全部到检
/// and two exceptions, and a refused registration whose error summary links to the fields, both at 390×844 without
/// sideways scrolling, tap targets of at least 44 px, screenshots in test-output/.
/// </summary>
[Collection(BrowserGroup.Name)]
public sealed class FieldFormTests(AppFixture app)
{
    /// <summary>金桥社区 of 大学路街道: no other browser test uses it, so its sheet is this test's alone.</summary>
    const string Community = "410103007010";

    // Four married women who arrived in 2024 (all due this quarter's 康检); county 411524, born 1987, even serials (women).
    static readonly (string Name, string First17)[] Women =
    [
        ("金桥甲", "41152419870301302"), ("金桥乙", "41152419870402304"), ("金桥丙", "41152419870503306"), ("金桥丁", "41152419870604308"),
    ];

    [Fact(DisplayName = "At 390×844: 全部到检 marks every woman, two exceptions (one absent 现孕, one left 未登记); the rate reads 50.0%（2/4）, no sideways scroll")]
    public async Task AllCameWithTwoExceptionsOnAPhone()
    {
        await AddWomenAsync();
        var page = await WorkerPageAsync("jinqiao", Community);
        await page.SetViewportSizeAsync(390, 844);
        await page.GotoAsync("/Checkups");
        await page.Locator("#new-checkup-day input[name=Place]").FillAsync("金桥社区卫生服务站");
        await page.Locator("#new-checkup-day button[type=submit]").ClickAsync();
        await Expect(page.Locator("#sheet tbody tr")).ToHaveCountAsync(4);
        // Said before she fills it: saved from the day on (today is the day, so a hint, not a warning).
        await Expect(page.Locator("#save-from")).ToContainTextAsync("当天起才能保存");
        await AssertNoSidewaysScrollAsync(page);

        await page.Locator("#all-came").ClickAsync();
        foreach (var (name, _) in Women)
        {
            await Expect(Row(page, name).Locator("input.came")).ToBeCheckedAsync();
            await Expect(Row(page, name).Locator("select.result")).ToHaveValueAsync("Normal");
        }
        // The exceptions: 金桥丙 is pregnant and did not come (choosing the reason unticks 到检); 金桥丁's mark is left open.
        await Row(page, "金桥丙").Locator("select.reason").SelectOptionAsync(new SelectOptionValue { Label = "现孕" });
        await Expect(Row(page, "金桥丙").Locator("input.came")).Not.ToBeCheckedAsync();
        await Row(page, "金桥丁").Locator("input.came").UncheckAsync();
        await AssertTapTargetsAsync(page, "#all-came", "#save-sheet", "#sheet tbody tr:first-child label.tap", "#sheet tbody tr:first-child select.result");
        await AppFixture.ScreenshotAsync(page, "checkup-all-came-filled-phone");
        await page.Locator("#save-sheet").ClickAsync();

        await Expect(page.Locator(".notice")).ToHaveTextAsync("已保存。");
        await Expect(page.Locator("#rate")).ToHaveTextAsync("50.0%（2/4）");
        await Expect(page.Locator("#count-came")).ToHaveTextAsync("2");
        await Expect(page.Locator("#count-absent")).ToHaveTextAsync("1");
        await Expect(page.Locator("#count-none")).ToHaveTextAsync("1");
        await Expect(Row(page, "金桥甲").Locator("td.state")).ToContainTextAsync("已到检（正常）");
        await Expect(Row(page, "金桥丙").Locator("td.state")).ToContainTextAsync("缺检（现孕）");
        await Expect(Row(page, "金桥丁").Locator("td.state")).ToContainTextAsync("未登记");
        await AssertNoSidewaysScrollAsync(page);
        await AppFixture.ScreenshotAsync(page, "checkup-all-came-saved-phone");
    }

    [Fact(DisplayName = "At 390×844: Enter in a field does not submit the registration; a refused save shows a focused error summary whose links focus the fields")]
    public async Task RegistrationErrorSummaryOnAPhone()
    {
        var page = await app.SignedInPageAsync("xianghe");
        await page.SetViewportSizeAsync(390, 844);
        await page.GotoAsync("/Persons/Register");
        await AssertNoSidewaysScrollAsync(page);

        // Enter in a one-line field keeps her on the half-filled form.
        await page.Locator("#Form_Name").FillAsync("赵小红");
        await page.Locator("#Form_Name").PressAsync("Enter");
        await page.Locator("#Form_Phone").FillAsync("12345");
        await page.Locator("#Form_Phone").PressAsync("Enter");
        await Expect(page.Locator("#error-summary")).ToHaveCountAsync(0);
        await Expect(page.Locator("#Form_Name")).ToHaveValueAsync("赵小红");

        // Only the button saves; the rules refuse, and the summary at the top has the focus.
        await page.Locator("#case-form button[type=submit].primary").ClickAsync();
        var summary = page.Locator("#error-summary");
        await Expect(summary).ToBeVisibleAsync();
        await Expect(summary).ToBeFocusedAsync();
        await Expect(summary).ToHaveAttributeAsync("role", "alert");
        await Expect(summary.Locator("a[href='#IdNumber']")).ToHaveCountAsync(1);
        await Expect(summary.Locator("a[href='#Form_Phone']")).ToHaveCountAsync(1);
        await Expect(page.Locator("#Form_Name")).ToHaveValueAsync("赵小红"); // what she typed is kept
        await AssertNoSidewaysScrollAsync(page);
        await AssertTapTargetsAsync(page, "#case-form button[type=submit].primary", "#Form_Name", "#IdNumber", "#error-summary a[href='#IdNumber']");
        await AppFixture.ScreenshotAsync(page, "register-error-summary-phone");

        await summary.Locator("a[href='#IdNumber']").ClickAsync();
        await Expect(page.Locator("#IdNumber")).ToBeFocusedAsync();
        await summary.Locator("a[href='#Form_Phone']").ClickAsync();
        await Expect(page.Locator("#Form_Phone")).ToBeFocusedAsync();
        await AppFixture.ScreenshotAsync(page, "register-error-link-focused-phone");
    }

    static ILocator Row(IPage page, string name) => page.Locator("#sheet tbody tr", new() { HasText = name });

    /// <summary>The page is no wider than the screen; on failure, the elements that stick out are named.</summary>
    static async Task AssertNoSidewaysScrollAsync(IPage page)
    {
        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
        if (overflow <= 0) return;
        var culprits = await page.EvaluateAsync<string[]>(
            "() => Array.from(document.querySelectorAll('body *')).filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)" +
            ".slice(0, 8).map(e => e.tagName + (e.id ? '#' + e.id : '') + '.' + e.className)");
        Assert.Fail($"{page.Url} scrolls sideways by {overflow}px at {page.ViewportSize?.Width}px: {string.Join(", ", culprits)}");
    }

    /// <summary>Each target is at least 44 px high (WCAG 2.5.5): a finger hits it outdoors.</summary>
    static async Task AssertTapTargetsAsync(IPage page, params string[] selectors)
    {
        foreach (var selector in selectors)
        {
            var box = await page.Locator(selector).First.BoundingBoxAsync();
            Assert.NotNull(box);
            Assert.True(box.Height >= 44, $"{selector} is {box.Height}px high");
        }
    }

    async Task<IPage> WorkerPageAsync(string userName, string community)
    {
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var accounts = scope.ServiceProvider.GetRequiredService<UserAccounts>();
            var created = await accounts.CreateAsync(new NewUser(userName, "金桥社区专干", Roles.Community, community, app.DemoPassword), "test",
                CancellationToken.None, mustChangePassword: false);
            Assert.True(created.IsSuccess);
        }
        return await app.SignedInPageAsync(userName);
    }

    async Task AddWomenAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<EqualCareDb>();
        var at = DateTime.SpecifyKind(new DateTime(2026, 1, 1), DateTimeKind.Utc);
        foreach (var (name, first17) in Women)
        {
            db.Persons.Add(new Person
            {
                Name = name, IdNumber = first17 + IdNumberChecksum.CheckCharacter(first17), Sex = Sex.Female,
                BirthDate = DateOnly.ParseExact(first17.Substring(6, 8), "yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture),
                CommunityCode = Community, HukouCountyCode = "411524", ArrivalDate = new DateOnly(2024, 5, 1),
                MaritalStatus = MaritalStatus.FirstMarriage, Phone = "13800005678", CreatedAt = at, UpdatedAt = at,
            });
        }
        await db.SaveChangesAsync();
    }
}
