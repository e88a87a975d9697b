using EqualCare.Web.Domain;
using EqualCare.Web.Features.Summaries;
using EqualCare.Web.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EqualCare.BrowserTests;

/// <summary>
/// A community worker attaches files to the summary 大学路街道 asked for (seed 002 二: 春节期间活动情况含图片、音像资料), on a
/// 390×844 phone: a program renamed to .jpg is refused with a clear message and not listed, a real photo is kept and listed.
/// </summary>
[Collection(BrowserGroup.Name)]
public sealed class SummaryUploadTests(AppFixture app)
{
    const string Xianghe = "410103007001";

    [Fact(DisplayName = "Summary upload on a 390×844 phone: a renamed executable (照片.jpg with an MZ header) is refused with its message, a photo is accepted; screenshots summary-upload-*.png")]
    public async Task ARenamedExecutableIsRefusedAndAPhotoAccepted()
    {
        long id;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var street = new CurrentUser(0, "daxuelu", Roles.Street, OrgCode.Parse("410103007"));
            var asked = await scope.ServiceProvider.GetRequiredService<SummaryHandler>().CreateAsync(street,
                new SummaryRequestInput("春节期间流动人口关怀关爱活动情况", new DateOnly(2026, 1, 20), new DateOnly(2026, 2, 28),
                    new DateOnly(2026, 6, 1), [Xianghe]), CancellationToken.None);
            id = asked.Value;
        }

        var page = await app.NewPageAsync(390, 844);
        await page.GotoAsync("/Account/Login");
        await page.Locator("#UserName").FillAsync("xianghe");
        await page.Locator("#Password").FillAsync(app.DemoPassword);
        await page.Locator("button[type=submit].primary").ClickAsync();
        await Expect(page).ToHaveURLAsync(app.BaseUrl + "/");

        await page.GotoAsync($"/Summaries/{id}/{Xianghe}");
        await Expect(page.Locator("h1")).ToHaveTextAsync("春节期间流动人口关怀关爱活动情况");
        var program = new byte[4096];
        "MZ"u8.CopyTo(program);
        "This program cannot be run in DOS mode."u8.CopyTo(program.AsSpan(0x4E));
        await page.Locator("#summary-upload input[type=file]").SetInputFilesAsync(new FilePayload { Name = "照片.jpg", MimeType = "image/jpeg", Buffer = program });
        await page.Locator("#summary-upload button[type=submit]").ClickAsync();
        await Expect(page.Locator("#upload-error")).ToHaveTextAsync("这是程序文件（可执行文件），不能上传。请上传照片、文档或音视频。");
        await Expect(page.Locator("#summary-files li")).ToHaveCountAsync(0);
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"));
        await AppFixture.ScreenshotAsync(page, "summary-upload-refused");

        var photo = new byte[3000];
        new Random(7).NextBytes(photo);
        (stackalloc byte[] { 0xFF, 0xD8, 0xFF, 0xE0 }).CopyTo(photo);
        await page.Locator("#summary-upload input[type=file]").SetInputFilesAsync(new FilePayload { Name = "宣传活动.jpg", MimeType = "image/jpeg", Buffer = photo });
        await page.Locator("#summary-upload button[type=submit]").ClickAsync();
        await Expect(page.Locator(".notice")).ToHaveTextAsync("附件已上传。");
        await Expect(page.Locator("#upload-error")).ToHaveCountAsync(0);
        await Expect(page.Locator("#summary-files li")).ToHaveCountAsync(1);
        await Expect(page.Locator("#summary-files li a")).ToHaveTextAsync("宣传活动.jpg");
        await Expect(page.Locator("#summary-history")).ToContainTextAsync("xianghe 上传了附件：宣传活动.jpg");
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"));
        var upload = await page.Locator("#summary-upload button[type=submit]").BoundingBoxAsync();
        Assert.True(upload is { Height: >= 44 }, "the upload button is a 44 px tap target");
        await AppFixture.ScreenshotAsync(page, "summary-upload-accepted");
    }
}
