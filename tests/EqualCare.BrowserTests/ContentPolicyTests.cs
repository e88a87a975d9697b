using System.Net.Http;
using EqualCare.Web.Web;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EqualCare.BrowserTests;

/// <summary>Issue 14, point 13: with scripts allowed only from the site's own files, the main pages load and work without
/// a single content-policy violation; the print buttons print through wwwroot/js/print.js.</summary>
[Collection(BrowserGroup.Name)]
public sealed class ContentPolicyTests(AppFixture app)
{
    static readonly string[] WorkerPages =
    [
        "/", "/Persons", "/Worklist", "/Checkups", "/Sms", "/Persons/Register", "/Movements/Requests", "/Import",
        "/Certificates/Missing", "/Duplicates", "/DataQuality", "/Indicators", "/Surveys", "/Plans", "/Activities",
        "/StatForms", "/OrgUnits", "/Account/ChangePassword", "/Account/Sessions",
    ];

    static readonly string[] AdminPages = ["/", "/Admin/Users", "/Admin/Tokens", "/Admin/Audit", "/OrgUnits"];

    /// <summary>Every violation the page reports (the browser's console message, the DOM event) and every script error.</summary>
    static async Task<List<string>> WatchAsync(IPage page)
    {
        var problems = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase)
                || message.Text.StartsWith("CSP violation", StringComparison.Ordinal))
                problems.Add($"{page.Url}: {message.Text}");
        };
        page.PageError += (_, error) => problems.Add($"{page.Url}: script error {error}");
        await page.AddInitScriptAsync("""
            document.addEventListener('securitypolicyviolation', e => console.error('CSP violation ' + e.violatedDirective + ' ' + e.blockedURI));
            window.print = () => { window.printed = (window.printed || 0) + 1; };
            """);
        return problems;
    }

    [Fact(DisplayName = "The main pages of a worker and of the administrator load with no content-policy violation, under script-src 'self'")]
    public async Task MainPagesHaveNoViolation()
    {
        using (var http = new HttpClient())
        {
            var response = await http.GetAsync(app.BaseUrl + "/Account/Login");
            Assert.Equal(SecurityHeaders.ContentSecurityPolicy, response.Headers.GetValues("Content-Security-Policy").Single());
            Assert.Contains("script-src 'self'", SecurityHeaders.ContentSecurityPolicy, StringComparison.Ordinal);
            Assert.False(response.Headers.Contains("Server"));
        }

        foreach (var (user, pages) in new[] { ("xianghe", WorkerPages), ("admin", AdminPages) })
        {
            var page = await app.NewPageAsync();
            var problems = await WatchAsync(page);
            await page.GotoAsync("/Account/Login");
            await page.Locator("#UserName").FillAsync(user);
            await page.Locator("#Password").FillAsync(app.DemoPassword);
            await page.Locator("button[type=submit].primary").ClickAsync();
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            foreach (var url in pages)
            {
                await page.GotoAsync(url);
                await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            }
            Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
            await page.Context.CloseAsync();
        }
    }

    [Fact(DisplayName = "The print button of the indicator table prints through the site's script, with no violation")]
    public async Task PrintButtonPrints()
    {
        var page = await app.NewPageAsync();
        var problems = await WatchAsync(page);
        await page.GotoAsync("/Account/Login");
        await page.Locator("#UserName").FillAsync("daxuelu");
        await page.Locator("#Password").FillAsync(app.DemoPassword);
        await page.Locator("button[type=submit].primary").ClickAsync();
        await Expect(page).ToHaveURLAsync(app.BaseUrl + "/");

        await page.GotoAsync("/Indicators");
        await page.Locator("button[data-print]").First.ClickAsync();

        Assert.Equal(1, await page.EvaluateAsync<int>("() => window.printed || 0"));
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact(DisplayName = "The watch sees a violation: an inline handler added to a served page is refused and reported")]
    public async Task WatchSeesAViolation()
    {
        var page = await app.NewPageAsync();
        var problems = await WatchAsync(page);
        await page.GotoAsync("/Account/Login");
        await page.EvaluateAsync("() => { const b = document.createElement('button'); b.setAttribute('onclick', 'window.ran = 1'); document.body.append(b); b.click(); }");
        await page.WaitForTimeoutAsync(500);

        Assert.Null(await page.EvaluateAsync<int?>("() => window.ran ?? null"));
        Assert.NotEmpty(problems);
    }
}
