using System.Text;
using EqualCare.Web.Domain;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EqualCare.BrowserTests;

[Collection(BrowserGroup.Name)]
public sealed class ComparisonTests(AppFixture app)
{
    [Fact(DisplayName = "A GBK police list is uploaded, its columns mapped, the four lists shown, and a 漏管 person registered from her row")]
    public async Task UploadMapAndRegisterFromRow()
    {
        // 411522 光山县, born 1996-08-09, serial 013 (odd: a man), with its MOD 11-2 check character.
        const string First17 = "41152219960809013";
        var idNumber = First17 + IdNumberChecksum.CheckCharacter(First17);
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var csv = Encoding.GetEncoding("GBK").GetBytes(
            "序号,姓名,性别,身份证号码,暂住地址,婚姻状况\r\n" +
            $"1,比对浏览,男,{idNumber},祥和小区5号楼,未婚\r\n");

        var page = await app.SignedInPageAsync("xianghe");
        await page.GotoAsync("/Comparison");
        await Expect(page.Locator("h1")).ToHaveTextAsync("部门信息比对（两漏清理）");
        await page.Locator("#agency").FillAsync("大学路派出所");
        await page.Locator("#kind").SelectOptionAsync("ResidencePermits");
        await page.Locator("#upload").SetInputFilesAsync(new FilePayload { Name = "暂住登记.csv", MimeType = "text/csv", Buffer = csv });
        await page.Locator("#upload-submit").ClickAsync();

        await Expect(page.Locator("h1")).ToHaveTextAsync("对应名单的列");
        // The headings were recognised; the GBK file's Chinese reads as Chinese in the sample.
        await Expect(page.Locator("#col_Name")).ToHaveValueAsync("1");
        await Expect(page.Locator("#col_IdNumber")).ToHaveValueAsync("3");
        await Expect(page.Locator("#map-sample")).ToContainTextAsync("比对浏览");
        await Expect(page.Locator("#map-sample")).Not.ToContainTextAsync(idNumber);
        await page.Locator("#col_Address").SelectOptionAsync("4");
        await page.Locator("#map-submit").ClickAsync();

        await Expect(page.Locator("h1")).ToHaveTextAsync("比对结果");
        foreach (var kind in new[] { "Missing", "FileMissing", "Unserved", "Mismatch" })
            await Expect(page.Locator("#total-" + kind)).ToBeVisibleAsync();
        await Expect(page.Locator("#total-Missing .figure")).ToHaveTextAsync("1");
        await AppFixture.ScreenshotAsync(page, "comparison-lists");

        await page.Locator("#total-Missing").ClickAsync();
        var row = page.Locator("#results tbody tr", new() { HasText = "比对浏览" });
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row).ToContainTextAsync(Masking.IdNumber(idNumber));
        // The worker clears the list in the field too: the results and the registration from a row fit a 390 px phone.
        await page.SetViewportSizeAsync(390, 844);
        Assert.True(await FitsAsync(page), "the results page scrolls sideways at 390 px");
        await AppFixture.ScreenshotAsync(page, "comparison-results-390");
        await row.Locator("a.register").ClickAsync();

        await Expect(page.Locator("h1")).ToHaveTextAsync("按部门名单登记");
        Assert.True(await FitsAsync(page), "the registration from a row scrolls sideways at 390 px");
        await Expect(page.Locator("input[name='Form.Name']")).ToHaveValueAsync("比对浏览");
        await Expect(page.Locator("#IdNumber")).ToHaveValueAsync(idNumber);
        await Expect(page.Locator("#Sex")).ToHaveValueAsync("1");
        await Expect(page.Locator("#BirthDate")).ToHaveValueAsync("1996-08-09");
        await page.Locator("#register-save").ClickAsync();
        await Expect(page.Locator(".notice")).ToHaveTextAsync("已保存。");
        await Expect(page.Locator("h1")).ToContainTextAsync("比对浏览");

        await page.GotoAsync("/Comparison/Open");
        Assert.DoesNotContain("比对浏览", await page.ContentAsync(), StringComparison.Ordinal);
    }

    static Task<bool> FitsAsync(IPage page) =>
        page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth");
}
