using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EqualCare.BrowserTests;

[Collection(BrowserGroup.Name)]
public sealed class MovementTests(AppFixture app)
{
    // 411523 新县 (信阳), born 1988-07-21, serial 031 (odd: a man); the check character computed in the test.
    static readonly string IdNumber = WithCheck("41152319880721031");

    static string WithCheck(string first17) => first17 + EqualCare.Web.Domain.IdNumberChecksum.CheckCharacter(first17);


    [Fact(DisplayName = "A person moved from 祥和社区 to 中原社区 leaves the 祥和 worker's list, appears in 中原's, and the history shows both events")]
    public async Task MoveBetweenCommunities()
    {
        var street = await app.SignedInPageAsync("daxuelu");
        await street.GotoAsync("/Persons/Register");
        await street.Locator("input[name='Form.Name']").FillAsync("赵建国");
        await street.Locator("#IdNumber").PressSequentiallyAsync(IdNumber, new() { Delay = 5 });
        await Expect(street.Locator("#HukouCountyCode")).ToHaveValueAsync("411523");
        await street.Locator("select[name='Form.CommunityCode']").SelectOptionAsync("410103007001");
        await street.Locator("input[name='Form.ArrivalDate']").FillAsync("2025-03-01");
        await street.Locator("button[type=submit].primary").ClickAsync();
        await Expect(street.Locator(".notice")).ToHaveTextAsync("已保存。");
        var caseUrl = street.Url.Split('?')[0];

        var xianghe = await app.SignedInPageAsync("xianghe");
        await xianghe.GotoAsync("/Persons?name=赵建国");
        await Expect(xianghe.Locator("table.grid tbody tr", new() { HasText = "赵建国" })).ToHaveCountAsync(1);

        await street.GotoAsync(caseUrl + "/Movements");
        var move = street.Locator("#form-MoveWithinArea");
        await move.Locator("input[name='OccurredOn']").FillAsync("2025-09-01");
        await move.Locator("select[name='ToCommunityCode']").SelectOptionAsync("410103007002");
        await move.Locator("button[type=submit]").ClickAsync();
        var history = street.Locator("#movements tbody tr");
        await Expect(history).ToHaveCountAsync(2);
        await Expect(history.Nth(0)).ToContainTextAsync("2025-03-01");
        await Expect(history.Nth(1)).ToContainTextAsync("2025-09-01");
        await Expect(history.Nth(1)).ToContainTextAsync("中原社区居民委员会");
        await AppFixture.ScreenshotAsync(street, "movement-history");

        await xianghe.GotoAsync("/Persons?name=赵建国");
        await Expect(xianghe.Locator("table.grid tbody tr", new() { HasText = "赵建国" })).ToHaveCountAsync(0);
        var refused = await xianghe.GotoAsync(caseUrl);
        Assert.Equal(404, refused!.Status);

        var zhongyuan = await app.SignedInPageAsync("zhongyuan");
        await zhongyuan.GotoAsync("/Persons?name=赵建国");
        await Expect(zhongyuan.Locator("table.grid tbody tr", new() { HasText = "赵建国" })).ToHaveCountAsync(1);
        await zhongyuan.GotoAsync(caseUrl + "/Movements");
        await Expect(zhongyuan.Locator("#movements tbody tr")).ToHaveCountAsync(2);
        await Expect(zhongyuan).ToHaveTitleAsync(new Regex("赵建国|流动"));
    }
}
