using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EqualCare.BrowserTests;

[Collection(BrowserGroup.Name)]
public sealed partial class NoticeTests(AppFixture app)
{
    // 411523 新县, born 1988-07-02, serials 061 and 063 (men); the check character computed in the test.
    static readonly string[] IdNumbers = [WithCheck("41152319880702061"), WithCheck("41152319880702063")];

    static string WithCheck(string first17) => first17 + EqualCare.Web.Domain.IdNumberChecksum.CheckCharacter(first17);

    [Fact(DisplayName = "Notices for two men overdue for their health record print one A4 page each, IDs masked, without the app's frame")]
    public async Task NoticesPrintOnePagePerPerson()
    {
        var xianghe = await app.SignedInPageAsync("xianghe");
        var ids = new List<string>();
        foreach (var (name, idNumber) in new[] { ("孙通知", IdNumbers[0]), ("李通知", IdNumbers[1]) })
        {
            await xianghe.GotoAsync("/Persons/Register");
            await xianghe.Locator("input[name='Form.Name']").FillAsync(name);
            await xianghe.Locator("#IdNumber").PressSequentiallyAsync(idNumber, new() { Delay = 5 });
            await Expect(xianghe.Locator("#HukouCountyCode")).ToHaveValueAsync("411523");
            await xianghe.Locator("input[name='Form.ArrivalDate']").FillAsync("2025-03-01");
            await xianghe.Locator("button[type=submit].primary").ClickAsync();
            await Expect(xianghe.Locator(".notice")).ToHaveTextAsync("已保存。");
            ids.Add(PersonId().Match(xianghe.Url).Groups[1].Value);
        }

        await xianghe.GotoAsync($"/Notices?ids={string.Join(',', ids)}&kind=HealthRecord");
        var sheets = xianghe.Locator(".notice-sheet");
        await Expect(sheets).ToHaveCountAsync(2);
        await Expect(sheets.Nth(0)).ToContainTextAsync("411523********061");
        await Expect(sheets.Nth(1)).ToContainTextAsync("411523********063");
        await Expect(sheets.Nth(0)).ToContainTextAsync("建立健康档案");
        await Expect(sheets.Nth(0)).ToContainTextAsync("请尽快前来");
        await AppFixture.ScreenshotAsync(xianghe, "notices-screen");

        // Printed: the page is as wide as A4 less its 2 × 20 mm margins (170 mm at 96 px per inch).
        await xianghe.SetViewportSizeAsync(643, 1000);
        await xianghe.EmulateMediaAsync(new() { Media = Media.Print });
        await Expect(xianghe.Locator(".topbar")).ToBeHiddenAsync();
        await Expect(xianghe.Locator(".notice-toolbar")).ToBeHiddenAsync();
        Assert.Equal("page", await sheets.Nth(0).EvaluateAsync<string>("e => getComputedStyle(e).breakAfter"));
        // Each sheet fits on its A4 page: 297 mm less the 2 × 20 mm margins.
        var height = await sheets.Nth(0).EvaluateAsync<double>("e => e.getBoundingClientRect().height");
        Assert.InRange(height, 100, (297 - 40) / 25.4 * 96);
    }

    [GeneratedRegex(@"/Persons/(\d+)")]
    private static partial Regex PersonId();
}
