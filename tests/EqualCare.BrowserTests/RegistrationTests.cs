using EqualCare.Web.Domain;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EqualCare.BrowserTests;

[Collection(BrowserGroup.Name)]
public sealed class RegistrationTests(AppFixture app)
{
    // 411522 光山县 (信阳), born 1995-03-12, serial 042 (even: a woman), check character 0.
    const string IdNumber = "411522199503120420";


    [Fact(DisplayName = "Typing an ID number fills birth date, sex and 户籍地; a married woman without contraception is refused in Chinese; the saved case is listed with the ID masked")]
    public async Task RegisterMigrantWoman()
    {
        var page = await app.SignedInPageAsync("xianghe");
        await page.GotoAsync("/Persons/Register");
        await Expect(page.Locator("h1")).ToHaveTextAsync("流动人口登记");

        await page.Locator("input[name='Form.Name']").FillAsync("王秀英");
        await page.Locator("#IdNumber").PressSequentiallyAsync(IdNumber, new() { Delay = 10 });

        await Expect(page.Locator("#BirthDate")).ToHaveValueAsync("1995-03-12");
        await Expect(page.Locator("#Sex")).ToHaveValueAsync("2");
        await Expect(page.Locator("#HukouCountyCode")).ToHaveValueAsync("411522");
        await Expect(page.Locator("#hukou-name")).ToHaveTextAsync("河南省 信阳市 光山县");
        await Expect(page.Locator("#id-feedback")).ToContainTextAsync("光山县");

        await page.Locator("#MaritalStatus").SelectOptionAsync(((int)MaritalStatus.FirstMarriage).ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.Locator("input[name='Form.Phone']").FillAsync("13812341234");
        await page.Locator("button[type=submit].primary").ClickAsync();

        var contraceptionError = page.Locator("[data-valmsg-for='Form.ContraceptionMethod']");
        await Expect(contraceptionError).ToHaveTextAsync("已婚育龄妇女（15–49岁）必须填写避孕措施");
        await AppFixture.ScreenshotAsync(page, "register-contraception-required");

        await page.Locator("#ContraceptionMethod").SelectOptionAsync("3"); // 宫内节育器
        await page.Locator("button[type=submit].primary").ClickAsync();
        await Expect(page.Locator(".notice")).ToHaveTextAsync("已保存。");
        await Expect(page.Locator("h1")).ToContainTextAsync("王秀英");
        await AppFixture.ScreenshotAsync(page, "case-page");

        await page.GotoAsync("/Persons?name=王秀英");
        var row = page.Locator("table.grid tbody tr", new() { HasText = "王秀英" });
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row).ToContainTextAsync(Masking.IdNumber(IdNumber));
        Assert.DoesNotContain(IdNumber, await page.ContentAsync(), StringComparison.Ordinal);
        await AppFixture.ScreenshotAsync(page, "community-list-masked");
    }
}
