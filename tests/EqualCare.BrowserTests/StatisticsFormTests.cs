using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EqualCare.BrowserTests;

[Collection(BrowserGroup.Name)]
public sealed class StatisticsFormTests(AppFixture app)
{
    const string XiangheCode = "410103007001";
    const string DaxueluCode = "410103007000";

    [Fact(DisplayName = "祥和 fills the statistics form from its activity log, 大学路 returns it with a reason, 祥和 resubmits, 大学路 and 二七区 approve; the approved form is locked and the district's form sums its streets")]
    public async Task FillReturnResubmitApproveAndSum()
    {
        // The community logs an activity; its form is filled from the log.
        var xianghe = await app.SignedInPageAsync("xianghe");
        await xianghe.GotoAsync("/Activities");
        await xianghe.Locator("select[name='Input.Kind']").SelectOptionAsync("Publicity");
        await xianghe.Locator("input[name='Input.Place']").FillAsync("祥和社区文化广场");
        await xianghe.Locator("input[name='Input.Quantities[publicity]']").FillAsync("1200");
        await xianghe.Locator("input[name='Input.Quantities[materials]']").FillAsync("800");
        await xianghe.Locator("#activity-form button[type=submit]").ClickAsync();
        await Expect(xianghe.Locator(".notice")).ToHaveTextAsync("活动已登记。");
        await Expect(xianghe.Locator("#activities tbody tr", new() { HasText = "祥和社区文化广场" })).ToHaveCountAsync(1);
        await AppFixture.ScreenshotAsync(xianghe, "activities-xianghe");

        await xianghe.GotoAsync("/StatForms");
        await xianghe.Locator("#open-own").ClickAsync();
        await Expect(xianghe.Locator("#form-state")).ToHaveTextAsync("草稿");
        var formUrl = xianghe.Url.Split('?')[0];
        await Expect(Cell(xianghe, "publicity")).ToHaveTextAsync("0.1200");
        await Expect(Cell(xianghe, "materials")).ToHaveTextAsync("0.0800");
        await xianghe.Locator("input[name='Values[diseaseControl]']").FillAsync("0.0003");
        await xianghe.Locator("input[name='Preparer']").FillAsync("王芳");
        await xianghe.Locator("input[name='Head']").FillAsync("李红");
        await AppFixture.ScreenshotAsync(xianghe, "statform-community-draft");
        await xianghe.Locator("#submit").ClickAsync();
        await Expect(xianghe.Locator("#form-state")).ToHaveTextAsync("已上报");

        // The street returns it with a reason; a return without one is refused.
        var daxuelu = await app.SignedInPageAsync("daxuelu");
        await daxuelu.GotoAsync("/StatForms");
        await daxuelu.Locator("#statforms tbody tr", new() { HasText = XiangheCode }).GetByText("查看").ClickAsync();
        await Expect(daxuelu.Locator("#form-state")).ToHaveTextAsync("已上报");
        await daxuelu.Locator("#return").ClickAsync();
        await Expect(daxuelu.Locator(".errors")).ToContainTextAsync("退回时须填写原因");
        await Expect(daxuelu.Locator("#form-state")).ToHaveTextAsync("已上报");
        await daxuelu.Locator("#review textarea[name='Reason']").FillAsync("传染病防控例数请与疾控核对");
        await daxuelu.Locator("#return").ClickAsync();
        await Expect(daxuelu.Locator("#form-state")).ToHaveTextAsync("已退回");
        var reviewUrl = daxuelu.Url.Split('?')[0];

        // The community sees why, corrects the figure and resubmits.
        await xianghe.GotoAsync(formUrl);
        await Expect(xianghe.Locator("#return-reason")).ToContainTextAsync("传染病防控例数请与疾控核对");
        await xianghe.Locator("input[name='Values[diseaseControl]']").FillAsync("0.0005");
        await xianghe.Locator("#submit").ClickAsync();
        await Expect(xianghe.Locator("#form-state")).ToHaveTextAsync("已上报");

        // The street approves; the community's form is locked.
        await daxuelu.GotoAsync(reviewUrl);
        await daxuelu.Locator("#approve").ClickAsync();
        await Expect(daxuelu.Locator("#form-state")).ToHaveTextAsync("已审核");
        await xianghe.GotoAsync(formUrl);
        await Expect(xianghe.Locator("#locked")).ToBeVisibleAsync();
        await Expect(xianghe.Locator("#statform input")).ToHaveCountAsync(0);
        await Expect(xianghe.Locator("#submit")).ToHaveCountAsync(0);
        await Expect(Cell(xianghe, "diseaseControl")).ToHaveTextAsync("0.0005");
        var forged = await xianghe.APIRequest.PutAsync("/api/statforms/" + formUrl.Split('/')[^1],
            new() { DataObject = new { values = new { diseaseControl = "9" } } });
        Assert.Equal(409, forged.Status);
        await Expect(xianghe.Locator("#history tbody tr")).ToHaveCountAsync(5);

        // The street's form sums its approved communities and goes to the district.
        await daxuelu.GotoAsync("/StatForms");
        await daxuelu.Locator("#open-own").ClickAsync();
        await Expect(Total(daxuelu, "publicity")).ToHaveTextAsync("0.1200");
        await Expect(Total(daxuelu, "diseaseControl")).ToHaveTextAsync("0.0005");
        await daxuelu.Locator("#submit").ClickAsync();
        await Expect(daxuelu.Locator("#form-state")).ToHaveTextAsync("已上报");

        // The district approves the street, and its own form sums its streets.
        var erqi = await app.SignedInPageAsync("erqi");
        await erqi.GotoAsync("/StatForms");
        await erqi.Locator("#statforms tbody tr", new() { HasText = DaxueluCode }).GetByText("查看").ClickAsync();
        await erqi.Locator("#approve").ClickAsync();
        await Expect(erqi.Locator("#form-state")).ToHaveTextAsync("已审核");
        await erqi.GotoAsync("/StatForms");
        await erqi.Locator("#open-own").ClickAsync();
        await Expect(erqi.Locator("#form-org")).ToHaveTextAsync("二七区");
        var street = erqi.Locator("#statform tbody tr", new() { HasText = "大学路街道" });
        await Expect(street.Locator("td[data-column=publicity]")).ToHaveTextAsync("0.1200");
        await Expect(Total(erqi, "publicity")).ToHaveTextAsync("0.1200");
        await Expect(Total(erqi, "materials")).ToHaveTextAsync("0.0800");
        await Expect(Total(erqi, "diseaseControl")).ToHaveTextAsync("0.0005");
        await AppFixture.ScreenshotAsync(erqi, "statform-district");
        await erqi.EmulateMediaAsync(new() { Media = Media.Print });
        await AppFixture.ScreenshotAsync(erqi, "statform-district-print");
    }

    static ILocator Cell(IPage page, string column) => page.Locator($"#statform tbody td[data-column={column}]");

    static ILocator Total(IPage page, string column) => page.Locator($"#statform tr.total td[data-column={column}]");
}
