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
        // On screen in natural units (人, 份, 例): 1200 persons, not 0.1200 万人.
        await Expect(Cell(xianghe, "publicity")).ToHaveTextAsync("1200");
        await Expect(Cell(xianghe, "materials")).ToHaveTextAsync("800");
        await xianghe.Locator("input[name='Values[diseaseControl]']").FillAsync("3");
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
        await xianghe.Locator("input[name='Values[diseaseControl]']").FillAsync("5");
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
        await Expect(Cell(xianghe, "diseaseControl")).ToHaveTextAsync("5");
        // With the page's antiforgery token (issue 14 point 9): what is refused here is the locked form, not a missing token.
        var forged = await xianghe.APIRequest.PutAsync("/api/statforms/" + formUrl.Split('/')[^1],
            new() { DataObject = new { values = new { diseaseControl = "9" } }, Headers = await TokenHeaderAsync(xianghe) });
        Assert.Equal(409, forged.Status);
        await Expect(xianghe.Locator("#history tbody tr")).ToHaveCountAsync(5);

        // The street's form sums its approved communities and goes to the district.
        await daxuelu.GotoAsync("/StatForms");
        await daxuelu.Locator("#open-own").ClickAsync();
        await Expect(Total(daxuelu, "publicity")).ToHaveTextAsync("1200");
        await Expect(Total(daxuelu, "diseaseControl")).ToHaveTextAsync("5");
        // 大学路's other communities have not reported: going up needs the reason (未报单位).
        await daxuelu.Locator("#unreported-input textarea").FillAsync("其余社区本季度未开展活动");
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
        await Expect(street.Locator("td[data-column=publicity] .screen-only")).ToHaveTextAsync("1200");
        await Expect(Total(erqi, "publicity")).ToHaveTextAsync("1200");
        await Expect(Total(erqi, "materials")).ToHaveTextAsync("800");
        await Expect(Total(erqi, "diseaseControl")).ToHaveTextAsync("5");
        await AppFixture.ScreenshotAsync(erqi, "statform-district");
        await erqi.EmulateMediaAsync(new() { Media = Media.Print });
        await AppFixture.ScreenshotAsync(erqi, "statform-district-print");
    }

    [Fact(DisplayName = "A community approved after 大学路's form went up is refused until 大学路 reopens its form; 合计 is the sum of the rows in every state; 2 例 typed prints as 0.0002 万例")]
    public async Task LateApprovalNeedsTheStreetToReopenAndTotalsAddUp()
    {
        const string period = "?start=2026-03-01&end=2026-03-31";
        var xianghe = await app.SignedInPageAsync("xianghe");
        await xianghe.GotoAsync("/StatForms" + period);
        await xianghe.Locator("#open-own").ClickAsync();
        var xiangheUrl = xianghe.Url.Split('?')[0];
        await xianghe.Locator("input[name='Values[diseaseControl]']").FillAsync("2");
        await xianghe.Locator("#submit").ClickAsync();
        await Expect(xianghe.Locator("#form-state")).ToHaveTextAsync("已上报");
        await Expect(Cell(xianghe, "diseaseControl")).ToHaveTextAsync("2");
        await Expect(xianghe.Locator("#statform thead th[data-column=diseaseControl] .screen-only")).ToHaveTextAsync("（例）");

        // A value typed as 2 (例) prints as 0.0002 万例, as seed 002's form counts.
        await xianghe.EmulateMediaAsync(new() { Media = Media.Print });
        await Expect(Printed(xianghe, "diseaseControl")).ToBeVisibleAsync();
        await Expect(Printed(xianghe, "diseaseControl")).ToHaveTextAsync("0.0002");
        await Expect(Cell(xianghe, "diseaseControl")).ToBeHiddenAsync();
        await Expect(xianghe.Locator("#statform thead th[data-column=diseaseControl] .print-only")).ToHaveTextAsync("（万例）");
        await AppFixture.ScreenshotAsync(xianghe, "statform-community-print");
        await xianghe.EmulateMediaAsync(new() { Media = Media.Screen });

        var zhongyuan = await app.SignedInPageAsync("zhongyuan");
        await zhongyuan.GotoAsync("/StatForms" + period);
        await zhongyuan.Locator("#open-own").ClickAsync();
        var zhongyuanUrl = zhongyuan.Url.Split('?')[0];
        await zhongyuan.Locator("#submit").ClickAsync();
        await Expect(zhongyuan.Locator("#form-state")).ToHaveTextAsync("已上报");

        // The street approves 祥和 and opens its form: every community is listed with its state; 合计 is the approved rows' sum.
        var daxuelu = await app.SignedInPageAsync("daxuelu");
        await daxuelu.GotoAsync(xiangheUrl);
        await daxuelu.Locator("#approve").ClickAsync();
        await Expect(daxuelu.Locator("#form-state")).ToHaveTextAsync("已审核");
        await daxuelu.GotoAsync("/StatForms" + period);
        await daxuelu.Locator("#open-own").ClickAsync();
        var streetUrl = daxuelu.Url.Split('?')[0];
        await Expect(daxuelu.Locator("#form-state")).ToHaveTextAsync("草稿");
        await Expect(daxuelu.Locator("#statform tr[data-state=Submitted]", new() { HasText = "中原" })).ToContainTextAsync("已上报");
        await Expect(daxuelu.Locator("#statform tr[data-state=NotFiled]").First).ToContainTextAsync("未填报");
        await ExpectTotalIsSumOfRowsAsync(daxuelu, "diseaseControl", 2);

        // Going up with 中原 not approved needs the reason; it is printed as 未报单位.
        await daxuelu.Locator("#submit").ClickAsync();
        await Expect(daxuelu.Locator(".errors")).ToContainTextAsync("有下级单位未审核，上报时须说明未报原因");
        await daxuelu.Locator("#unreported-input textarea").FillAsync("中原社区待审核，其余社区本月无活动");
        await daxuelu.Locator("#submit").ClickAsync();
        await Expect(daxuelu.Locator("#form-state")).ToHaveTextAsync("已上报");
        await Expect(daxuelu.Locator("#unreported")).ToContainTextAsync("中原社区居民委员会（已上报）");
        await Expect(daxuelu.Locator("#unreported-reason")).ToHaveTextAsync("中原社区待审核，其余社区本月无活动");
        await ExpectTotalIsSumOfRowsAsync(daxuelu, "diseaseControl", 2);

        // The late community cannot be approved now: no button, and a forged request is refused.
        await daxuelu.GotoAsync(zhongyuanUrl);
        await Expect(daxuelu.Locator("#upper-locked")).ToBeVisibleAsync();
        await Expect(daxuelu.Locator("#approve")).ToHaveCountAsync(0);
        var forged = await daxuelu.APIRequest.PostAsync("/api/statforms/" + zhongyuanUrl.Split('/')[^1] + "/approve",
            new() { DataObject = new { }, Headers = await TokenHeaderAsync(daxuelu) });
        Assert.Equal(409, forged.Status);

        // The street reopens its own form (with a reason), approves 中原, and the total follows the rows.
        await daxuelu.GotoAsync(streetUrl);
        await daxuelu.Locator("#reopen textarea").FillAsync("中原社区迟报，需计入");
        await daxuelu.Locator("#reopen-button").ClickAsync();
        await Expect(daxuelu.Locator(".notice")).ToContainTextAsync("已重新打开本表");
        await Expect(daxuelu.Locator("#form-state")).ToHaveTextAsync("已退回");
        await ExpectTotalIsSumOfRowsAsync(daxuelu, "diseaseControl", 2);
        await daxuelu.GotoAsync(zhongyuanUrl);
        await daxuelu.Locator("#approve").ClickAsync();
        await Expect(daxuelu.Locator("#form-state")).ToHaveTextAsync("已审核");
        await daxuelu.GotoAsync(streetUrl);
        await Expect(daxuelu.Locator("#statform tr[data-state=Approved]")).ToHaveCountAsync(2);
        await ExpectTotalIsSumOfRowsAsync(daxuelu, "diseaseControl", 2);
        await daxuelu.Locator("#unreported-input textarea").FillAsync("其余社区本月无活动");
        await daxuelu.Locator("#submit").ClickAsync();
        await Expect(daxuelu.Locator("#form-state")).ToHaveTextAsync("已上报");
        await ExpectTotalIsSumOfRowsAsync(daxuelu, "publicity", 0);

        // Approved by the district: still the sum of its rows.
        var erqi = await app.SignedInPageAsync("erqi");
        await erqi.GotoAsync(streetUrl);
        await erqi.Locator("#approve").ClickAsync();
        await Expect(erqi.Locator("#form-state")).ToHaveTextAsync("已审核");
        await daxuelu.GotoAsync(streetUrl);
        await Expect(daxuelu.Locator("#form-state")).ToHaveTextAsync("已审核");
        await ExpectTotalIsSumOfRowsAsync(daxuelu, "diseaseControl", 2);
        await AppFixture.ScreenshotAsync(daxuelu, "statform-street-units");
    }

    /// <summary>Every figure column: 合计 on screen equals the sum of the unit rows that show figures; one column's total is known.</summary>
    static async Task ExpectTotalIsSumOfRowsAsync(IPage page, string column, long expected)
    {
        await Expect(Total(page, column)).ToHaveTextAsync(expected.ToString(System.Globalization.CultureInfo.InvariantCulture));
        foreach (var code in new[] { "publicity", "materials", "fpTechnical", "contraceptives", "certificates", "visits", "aidValue", "diseaseControl", "infoCollected" })
        {
            var rows = await page.Locator($"#statform tbody tr:not(.total) td[data-column={code}] .screen-only").AllTextContentsAsync();
            var total = await Total(page, code).TextContentAsync();
            Assert.Equal(rows.Sum(r => long.Parse(r, System.Globalization.CultureInfo.InvariantCulture)),
                long.Parse(total!, System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    /// <summary>A figure as the screen shows it (natural units).</summary>
    static ILocator Cell(IPage page, string column) => page.Locator($"#statform tbody td[data-column={column}] .screen-only");

    /// <summary>A figure as the print shows it (seed 002's units).</summary>
    static ILocator Printed(IPage page, string column) => page.Locator($"#statform tbody td[data-column={column}] .print-only");

    static ILocator Total(IPage page, string column) => page.Locator($"#statform tr.total td[data-column={column}] .screen-only");

    /// <summary>The antiforgery token of the page as the header a cookie request must carry (Web/CookieAntiforgery).</summary>
    static async Task<Dictionary<string, string>> TokenHeaderAsync(IPage page) =>
        new() { ["RequestVerificationToken"] = await page.Locator("input[name=__RequestVerificationToken]").First.GetAttributeAsync("value") ?? "" };
}
