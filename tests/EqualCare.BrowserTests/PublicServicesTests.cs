using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EqualCare.BrowserTests;

/// <summary>
/// The services board end to end (issue 18 point 4): 祥和社区's worker registers the community hotline and publishes a rental
/// item on the desktop; a migrant, not signed in, on a 390×844 phone, chooses 二七区 → 大学路街道 → 祥和社区 and sees the item
/// and the hotline as a tap-to-call button, nothing wider than the screen.
/// </summary>
[Collection(BrowserGroup.Name)]
public sealed class PublicServicesTests(AppFixture app)
{
    [Fact(DisplayName = "Phone 390×844 without login: the public services page shows 祥和社区's items and its hotline to call, screenshot phone-public-services.png")]
    public async Task A_migrant_finds_her_communitys_items_and_hotline_without_login()
    {
        var worker = await app.SignedInPageAsync("xianghe");
        await worker.GotoAsync("/Hotline/Lines");
        await worker.Locator("#line-form select[name='Input.Kind']").SelectOptionAsync("Hotline");
        await worker.Locator("#line-form input[name='Input.Name']").FillAsync("祥和社区流动人口服务热线");
        await worker.Locator("#line-form input[name='Input.Number']").FillAsync("0371-6600 7007");
        await worker.Locator("#line-form input[name='Input.OpeningHours']").FillAsync("工作日 8:30-12:00，14:30-17:30");
        await worker.Locator("#line-form input[name='Input.OnDuty']").FillAsync("值班员戊");
        await worker.Locator("#line-form button[type=submit]").ClickAsync();
        await Expect(worker.Locator("#hotline-lines")).ToContainTextAsync("祥和社区流动人口服务热线");

        await worker.GotoAsync("/ServicesBoard");
        await worker.Locator("#board-form select[name='Input.Kind']").SelectOptionAsync("RentalHousing");
        await worker.Locator("#board-form input[name='Input.Title']").FillAsync("祥和小区单间出租，拎包入住");
        await worker.Locator("#board-form input[name='Input.Place']").FillAsync("祥和小区3号楼");
        await worker.Locator("#board-form textarea[name='Input.Body']").FillAsync("月租600元，水电另计。请拨打社区热线 0371-66007007 预约看房。");
        await worker.Locator("#board-form button[type=submit]").ClickAsync();
        await Expect(worker.Locator("#board-items")).ToContainTextAsync("祥和小区单间出租");
        // A mobile number of a person is refused on save, and says why.
        await worker.Locator("#board-form input[name='Input.Title']").FillAsync("招保洁员");
        await worker.Locator("#board-form textarea[name='Input.Body']").FillAsync("联系李阿姨 13912345678");
        await worker.Locator("#board-form button[type=submit]").ClickAsync();
        await Expect(worker.Locator(".errors")).ToContainTextAsync("手机号码");
        await worker.Context.CloseAsync();

        var phone = await app.NewPageAsync(390, 844);
        await phone.GotoAsync("/Public/Services");
        await phone.Locator("#board-places a", new() { HasText = "二七区" }).ClickAsync();
        await phone.Locator("#board-places a", new() { HasText = "大学路街道" }).ClickAsync();
        await phone.Locator("#board-places a", new() { HasText = "祥和社区" }).ClickAsync();
        Assert.EndsWith("/Public/Services/410103007001", phone.Url, StringComparison.Ordinal);
        await Expect(phone.Locator("h1")).ToContainTextAsync("祥和社区");
        await Expect(phone.Locator("#board-items")).ToContainTextAsync("祥和小区单间出租，拎包入住");
        await Expect(phone.Locator("#board-items")).Not.ToContainTextAsync("招保洁员");
        var call = phone.Locator("a.board-call[href='tel:037166007007']");
        await Expect(call).ToBeVisibleAsync();
        await Expect(phone.Locator("#board-lines")).Not.ToContainTextAsync("值班员戊");
        var box = await call.BoundingBoxAsync();
        Assert.True(box is { Height: >= 44 }, $"the call button is {box?.Height} px tall");
        var width = await phone.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        var shot = await AppFixture.ScreenshotAsync(phone, "phone-public-services");
        Assert.True(width <= 390, $"the page is {width} px wide at 390 (screenshot {shot})");
        // No login anywhere on the way: no login form, no session cookie.
        Assert.DoesNotContain(await phone.Context.CookiesAsync(), c => c.Name.StartsWith("equalcare.auth", StringComparison.Ordinal) || c.Name == ".AspNetCore.Cookies");
        await phone.Context.CloseAsync();
    }
}
