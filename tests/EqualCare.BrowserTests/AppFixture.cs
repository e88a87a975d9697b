using System.Diagnostics.CodeAnalysis;
using System.Net;
using EqualCare.TestSupport;
using EqualCare.Web.Web;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.Playwright;

namespace EqualCare.BrowserTests;

/// <summary>
/// The real app on a real port (Kestrel, demo mode, a fresh SQLite file) and Debian's Chromium driven by Playwright.
/// One per test collection: starting the app and the browser is the slow part.
/// </summary>
[SuppressMessage("Reliability", "CA1001", Justification = "xunit ends a fixture through IAsyncLifetime.DisposeAsync")]
public sealed class AppFixture : IAsyncLifetime
{
    /// <summary>Debian's chromium package; Playwright's own browser downloads are not used.</summary>
    public const string ChromiumPath = "/usr/bin/chromium";

    static readonly string[] ChromiumArgs =
    [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync",
    ];

    readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("equalcare-browser-");
    AppFactory? factory;
    IPlaywright? playwright;
    IBrowser? browser;

    /// <summary>Where the app listens, e.g. http://127.0.0.1:41234 (no trailing slash).</summary>
    public string BaseUrl { get; private set; } = "";

    /// <summary>The demo accounts' password as the running app has it configured.</summary>
    public string DemoPassword { get; private set; } = "";

    /// <summary>Screenshots: $EQUALCARE_TEST_OUTPUT/screenshots when test.sh runs the tests, else beside the test binaries.</summary>
    public static string ScreenshotFolder { get; } = Path.Combine(
        Environment.GetEnvironmentVariable("EQUALCARE_TEST_OUTPUT") is { Length: > 0 } output ? output : AppContext.BaseDirectory,
        "screenshots");

    /// <summary>The app's TimeProvider, pinned to <see cref="TestClock.MidQuarter"/>: no test depends on the day it runs.</summary>
    public TestClock Clock { get; } = new(TestClock.MidQuarter);

    /// <summary>The running app's services, for tests that set up data the UI has no quick way to enter.</summary>
    public IServiceProvider Services => factory?.Services ?? throw new InvalidOperationException("The app is not started.");

    public IBrowser Browser => browser ?? throw new InvalidOperationException("The browser is not started.");

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
            throw new InvalidOperationException(
                $"Chromium is missing: {ChromiumPath} not found. Install Debian's packages (apt-get install chromium fonts-noto-cjk) " +
                "or run ./test.sh, which installs them. Browser tests never download browsers.");

        factory = new AppFactory(folder.FullName, Clock);
        factory.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        factory.StartServer();
        var addresses = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
        BaseUrl = addresses?.FirstOrDefault()?.TrimEnd('/')
                  ?? throw new InvalidOperationException("The app started without a listening address.");
        DemoPassword = factory.Services.GetRequiredService<IOptions<EqualCareOptions>>().Value.DemoPassword;

        playwright = await Playwright.CreateAsync();
        browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ChromiumArgs,
        });
        Directory.CreateDirectory(ScreenshotFolder);
    }

    /// <summary>A page in its own browser context: no cookies shared between tests.</summary>
    public async Task<IPage> NewPageAsync(int width = 1280, int height = 800)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl,
            ViewportSize = new ViewportSize { Width = width, Height = height },
            Locale = "zh-CN",
        });
        context.SetDefaultTimeout(15_000);
        return await context.NewPageAsync();
    }

    /// <summary>A new page signed in through the login form with the demo password, on the home page.</summary>
    public async Task<IPage> SignedInPageAsync(string userName)
    {
        var page = await NewPageAsync();
        await page.GotoAsync("/Account/Login");
        await page.Locator("#UserName").FillAsync(userName);
        await page.Locator("#Password").FillAsync(DemoPassword);
        await page.Locator("button[type=submit].primary").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(BaseUrl + "/");
        return page;
    }

    public static async Task<string> ScreenshotAsync(IPage page, string name)
    {
        var path = Path.Combine(ScreenshotFolder, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }

    public async Task DisposeAsync()
    {
        if (browser is not null) await browser.DisposeAsync();
        playwright?.Dispose();
        if (factory is not null) await factory.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try
        {
            folder.Delete(recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless; the next run uses a new one.
        }
    }

    sealed class AppFactory(string folder, TestClock clock) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Development");
            builder.UseSetting("Database:Provider", "Sqlite");
            builder.UseSetting("ConnectionStrings:Sqlite", "Data Source=" + Path.Combine(folder, "equalcare.db"));
            builder.UseSetting("EqualCare:Demo", "true");
            builder.UseSetting("EqualCare:DemoPersons", "0");
            builder.UseSetting("EqualCare:KeysFolder", Path.Combine(folder, "keys"));
            builder.ConfigureTestServices(s =>
            {
                s.RemoveAll<TimeProvider>();
                s.AddSingleton<TimeProvider>(clock);
            });
        }
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserGroup : ICollectionFixture<AppFixture>
{
    public const string Name = "browser";
}
