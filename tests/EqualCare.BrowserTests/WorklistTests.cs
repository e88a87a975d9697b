using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EqualCare.BrowserTests;

[Collection(BrowserGroup.Name)]
public sealed class WorklistTests(AppFixture app)
{
    // 411523 新县, born 1990-03-15, serial 051 (odd: a man); the check character computed in the test.
    static readonly string IdNumber = WithCheck("41152319900315051");

    static string WithCheck(string first17) => first17 + EqualCare.Web.Domain.IdNumberChecksum.CheckCharacter(first17);

    [Fact(DisplayName = "A worker records an overdue health record from the 祥和 to-do list in one form; the item leaves the list and the case timeline shows it done")]
    public async Task RecordFromTheWorklist()
    {
        var xianghe = await app.SignedInPageAsync("xianghe");
        await xianghe.GotoAsync("/Persons/Register");
        await xianghe.Locator("input[name='Form.Name']").FillAsync("钱立新");
        await xianghe.Locator("#IdNumber").PressSequentiallyAsync(IdNumber, new() { Delay = 5 });
        await Expect(xianghe.Locator("#HukouCountyCode")).ToHaveValueAsync("411523");
        await xianghe.Locator("input[name='Form.ArrivalDate']").FillAsync("2025-03-01");
        await xianghe.Locator("button[type=submit].primary").ClickAsync();
        await Expect(xianghe.Locator(".notice")).ToHaveTextAsync("已保存。");
        var caseUrl = xianghe.Url.Split('?')[0];

        // Arrived 2025-03-01: the health record fell due on 2025-09-01 and is overdue.
        await xianghe.GotoAsync("/Worklist?name=钱立新");
        var row = xianghe.Locator("#worklist tbody tr", new() { HasText = "建立健康档案" });
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row).ToContainTextAsync("2025-09-01");
        await Expect(row).ToContainTextAsync("逾期");
        await Expect(row).ToContainTextAsync("411523********051");
        await AppFixture.ScreenshotAsync(xianghe, "worklist-xianghe");

        await row.GetByText("登记服务").ClickAsync();
        await Expect(xianghe.Locator("#service-kind")).ToHaveValueAsync("HealthRecord");
        await xianghe.Locator("input[name='Input.RecordNumber']").FillAsync("41010300700100999");
        await xianghe.Locator("#service-form button[type=submit]").ClickAsync();

        await Expect(xianghe.Locator(".notice")).ToHaveTextAsync("服务已登记，该事项已移出待办。");
        Assert.Contains("/Worklist", xianghe.Url, StringComparison.Ordinal);
        await Expect(xianghe.Locator("#worklist tbody tr", new() { HasText = "建立健康档案" })).ToHaveCountAsync(0);

        await xianghe.GotoAsync(caseUrl);
        var done = xianghe.Locator("#timeline tbody tr", new() { HasText = "建立健康档案" });
        await Expect(done).ToHaveCountAsync(1);
        await Expect(done).ToContainTextAsync("已完成");

        // The same list on a phone: the table scrolls inside its box and the counts stay readable.
        await xianghe.SetViewportSizeAsync(390, 844);
        await xianghe.GotoAsync("/Worklist");
        var phone = xianghe;
        await Expect(phone.Locator("#worklist-counts")).ToBeVisibleAsync();
        await AppFixture.ScreenshotAsync(phone, "worklist-phone");
    }
}
