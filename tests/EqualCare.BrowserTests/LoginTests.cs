using System.Text.RegularExpressions;
using EqualCare.Web.Features.Demo;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EqualCare.BrowserTests;

[Collection(BrowserGroup.Name)]
public sealed class LoginTests(AppFixture app)
{
    [Fact(DisplayName = "The login page is in Chinese and shows the demo accounts and the demo password")]
    public async Task LoginPageIsChinese()
    {
        var page = await app.NewPageAsync();
        await page.GotoAsync("/");

        // The site's address itself shows the login form to a visitor.
        await Expect(page).ToHaveURLAsync(app.BaseUrl + "/");
        await Expect(page).ToHaveTitleAsync(new Regex("用户登录"));
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "zh-CN");
        await Expect(page.Locator("h1")).ToHaveTextAsync("用户登录");
        await Expect(page.Locator("label[for=UserName]")).ToHaveTextAsync("用户名");
        await Expect(page.Locator("label[for=Password]")).ToHaveTextAsync("密码");
        await Expect(page.Locator("button[type=submit].primary")).ToHaveTextAsync("登录");

        await Expect(page.Locator(".demo-accounts h2")).ToHaveTextAsync("演示账户");
        await Expect(page.Locator("#demo-password")).ToHaveTextAsync(app.DemoPassword);
        var shown = await page.Locator(".demo-accounts tbody td:first-child").AllInnerTextsAsync();
        Assert.Equal(DemoAccounts.All.Select(a => a.UserName), shown.Select(s => s.Trim()));
        await AppFixture.ScreenshotAsync(page, "login-zh");
    }

    [Fact(DisplayName = "Logging in as xianghe with the demo password shown on the page lands on the home page")]
    public async Task LoginLandsOnHome()
    {
        var page = await app.NewPageAsync();
        await page.GotoAsync("/Account/Login");
        var password = (await page.Locator("#demo-password").InnerTextAsync()).Trim();

        await page.Locator("#UserName").FillAsync("xianghe");
        await page.Locator("#Password").FillAsync(password);
        await page.Locator("button[type=submit].primary").ClickAsync();

        await Expect(page).ToHaveURLAsync(app.BaseUrl + "/");
        await Expect(page).ToHaveTitleAsync(new Regex("首页"));
        await Expect(page.Locator("h1")).ToHaveTextAsync("首页");
        await Expect(page.Locator("main")).ToContainTextAsync("祥和社区居民委员会");
        await Expect(page.Locator(".usermenu .who")).ToContainTextAsync("xianghe");
        await AppFixture.ScreenshotAsync(page, "home-xianghe");
    }

    [Fact(DisplayName = "A wrong password shows 用户名或密码错误 and stays on the login page")]
    public async Task WrongPasswordIsRefused()
    {
        var page = await app.NewPageAsync();
        await page.GotoAsync("/Account/Login");

        await page.Locator("#UserName").FillAsync("zhongyuan");
        await page.Locator("#Password").FillAsync("not-the-password");
        await page.Locator("button[type=submit].primary").ClickAsync();

        await Expect(page.Locator(".errors")).ToContainTextAsync("用户名或密码错误");
        await Expect(page).ToHaveURLAsync(new Regex("/Account/Login"));
        await Expect(page.Locator("h1")).ToHaveTextAsync("用户登录");
    }

    [Fact(DisplayName = "The English switch turns the login page into English")]
    public async Task EnglishSwitch()
    {
        var page = await app.NewPageAsync();
        await page.GotoAsync("/Account/Login");

        await page.Locator(".usermenu a[lang=en]").ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex("/Account/Login"));
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Sign in");
        await Expect(page).ToHaveTitleAsync(new Regex("Sign in"));
        await Expect(page.Locator("label[for=UserName]")).ToHaveTextAsync("User name");
        await Expect(page.Locator(".usermenu a[lang=zh-CN]")).ToHaveTextAsync("中文");
        await AppFixture.ScreenshotAsync(page, "login-en");
    }

    [Fact(DisplayName = "On a phone-sized screen the menu collapses behind the ☰ toggle and opening it shows the links")]
    public async Task PhoneMenuCollapses()
    {
        var page = await app.NewPageAsync(390, 844);
        await LogInAsync(page, "xianghe");

        var toggle = page.Locator("label.nav-toggle-label");
        var menu = page.Locator("nav.mainnav");
        await Expect(toggle).ToBeVisibleAsync();
        await Expect(toggle).ToContainTextAsync("☰");
        await Expect(menu).ToBeHiddenAsync();
        await Expect(menu.GetByRole(AriaRole.Link, new() { Name = "首页" })).ToBeHiddenAsync();

        await toggle.ClickAsync();

        await Expect(menu).ToBeVisibleAsync();
        await Expect(menu.GetByRole(AriaRole.Link, new() { Name = "首页" })).ToBeVisibleAsync();
        await Expect(menu.GetByRole(AriaRole.Link, new() { Name = "组织机构" })).ToBeVisibleAsync();
        var width = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        Assert.True(width <= 390, $"the page is {width}px wide on a 390px screen: it scrolls sideways");
        await AppFixture.ScreenshotAsync(page, "phone-menu-open");
    }

    [Fact(DisplayName = "Logging out returns to the login page and ends the session")]
    public async Task LogoutReturnsToLogin()
    {
        var page = await app.NewPageAsync();
        await LogInAsync(page, "daxuelu");

        await page.Locator(".usermenu form[action='/Account/Logout'] button").ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex("/Account/Login$"));
        await Expect(page.Locator("h1")).ToHaveTextAsync("用户登录");
        // The session is over: the home page is the login form again, and a page behind the login sends there.
        await page.GotoAsync("/");
        await Expect(page.Locator("h1")).ToHaveTextAsync("用户登录");
        await page.GotoAsync("/Persons");
        await Expect(page).ToHaveURLAsync(new Regex("/Account/Login"));
    }

    async Task LogInAsync(IPage page, string userName)
    {
        await page.GotoAsync("/Account/Login");
        await page.Locator("#UserName").FillAsync(userName);
        await page.Locator("#Password").FillAsync(app.DemoPassword);
        await page.Locator("button[type=submit].primary").ClickAsync();
        await Expect(page).ToHaveURLAsync(app.BaseUrl + "/");
    }
}
