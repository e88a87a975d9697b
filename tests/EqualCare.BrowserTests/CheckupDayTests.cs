using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EqualCare.BrowserTests;

[Collection(BrowserGroup.Name)]
public sealed class CheckupDayTests(AppFixture app)
{
    // Three married women of 中原社区 who arrived in 2024, so all three are due this quarter's 康检. Born 1988, county
    // 411524; serials 202, 204, 206 (even: women), the check character computed.
    static readonly (string Name, string First17)[] Women =
    [
        ("周丽娟", "41152419880604202"), ("吴秀英", "41152419880811204"), ("郑晓梅", "41152419890102206"),
    ];

    [Fact(DisplayName = "A 中原 check-up day: two women came with results, one absent 现孕; the rate reads 66.7%（2/3）, she is on the absentee and catch-up lists")]
    public async Task RunACheckupDay()
    {
        await AddWomenAsync();
        var page = await app.SignedInPageAsync("zhongyuan");
        await page.GotoAsync("/Checkups");
        await page.Locator("#new-checkup-day input[name=Place]").FillAsync("中原社区卫生服务站");
        await page.Locator("#new-checkup-day button[type=submit]").ClickAsync();
        await Expect(page.Locator("h1")).ToContainTextAsync("集中康检");
        await Expect(page.Locator("#sheet tbody tr")).ToHaveCountAsync(3);
        await Expect(page.Locator("#rate")).ToHaveTextAsync("0.0%（0/3）");
        var first = Women[0].First17 + IdNumberChecksum.CheckCharacter(Women[0].First17);
        await Expect(page.Locator("#sheet")).ToContainTextAsync(Masking.IdNumber(first));
        await Expect(page.Locator("#sheet")).Not.ToContainTextAsync(first);

        await Row(page, "周丽娟").Locator("input[name$='.Came']").CheckAsync();
        await Row(page, "周丽娟").Locator("select[name$='.Result']").SelectOptionAsync(new SelectOptionValue { Label = "正常" });
        await Row(page, "周丽娟").Locator("input[name$='.ReportSentToHukou']").CheckAsync();
        await Row(page, "吴秀英").Locator("input[name$='.Came']").CheckAsync();
        await Row(page, "吴秀英").Locator("select[name$='.Result']").SelectOptionAsync(new SelectOptionValue { Label = "环异常" });
        await Row(page, "吴秀英").Locator("input[name$='.Findings']").FillAsync("宫颈炎，已转诊");
        await Row(page, "郑晓梅").Locator("select[name$='.Reason']").SelectOptionAsync(new SelectOptionValue { Label = "现孕" });
        await page.Locator("#save-sheet").ClickAsync();

        await Expect(page.Locator(".notice")).ToHaveTextAsync("已保存。");
        await Expect(page.Locator("#rate")).ToHaveTextAsync("66.7%（2/3）");
        await Expect(Row(page, "周丽娟").Locator("td.state")).ToHaveTextAsync("已到检（正常，报告单已寄户籍地）");
        await Expect(Row(page, "吴秀英").Locator("td.state")).ToHaveTextAsync("已到检（环异常，宫颈炎，已转诊）");
        var absentee = page.Locator("#absentees tbody tr");
        await Expect(absentee).ToHaveCountAsync(1);
        await Expect(absentee).ToContainTextAsync("郑晓梅");
        await Expect(absentee).ToContainTextAsync("现孕");
        var catchUp = page.Locator("#catch-up tbody tr");
        await Expect(catchUp).ToHaveCountAsync(1);
        await Expect(catchUp).ToContainTextAsync("郑晓梅");
        await AppFixture.ScreenshotAsync(page, "checkup-day");

        // On A4 paper the sheet shows what was recorded, without the inputs and the button.
        await page.EmulateMediaAsync(new() { Media = Media.Print });
        await Expect(page.Locator("#save-sheet")).ToBeHiddenAsync();
        await Expect(Row(page, "郑晓梅").Locator("select[name$='.Reason']")).ToBeHiddenAsync();
        await Expect(Row(page, "郑晓梅").Locator("td.state")).ToHaveTextAsync("缺检（现孕）");
        await page.EmulateMediaAsync(new() { Media = Media.Screen });

        // The quarter's catch-up list of the community names her too, and the to-do list marks her 康检 as a catch-up.
        await page.GotoAsync("/Checkups/CatchUp");
        var listed = page.Locator("#catch-up-list tbody tr");
        await Expect(listed).ToHaveCountAsync(1);
        await Expect(listed).ToContainTextAsync("郑晓梅");
        await Expect(listed).ToContainTextAsync("现孕");
        await page.GotoAsync("/Worklist?group=Checkup&name=郑晓梅");
        await Expect(page.Locator("#worklist tbody tr", new() { HasText = "补检" })).ToHaveCountAsync(1);

        // On a phone the sheet scrolls inside its box and the figures stay readable.
        await page.SetViewportSizeAsync(390, 844);
        await page.GoBackAsync();
        await page.GoBackAsync();
        await Expect(page.Locator("#checkup-summary")).ToBeVisibleAsync();
        await AppFixture.ScreenshotAsync(page, "checkup-day-phone");
    }

    static ILocator Row(IPage page, string name) => page.Locator("#sheet tbody tr", new() { HasText = name });

    async Task AddWomenAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<EqualCareDb>();
        var at = DateTime.SpecifyKind(new DateTime(2026, 1, 1), DateTimeKind.Utc);
        foreach (var (name, first17) in Women)
        {
            db.Persons.Add(new Person
            {
                Name = name, IdNumber = first17 + IdNumberChecksum.CheckCharacter(first17), Sex = Sex.Female,
                BirthDate = DateOnly.ParseExact(first17.Substring(6, 8), "yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture),
                CommunityCode = "410103007002", HukouCountyCode = "411524", ArrivalDate = new DateOnly(2024, 5, 1),
                MaritalStatus = MaritalStatus.FirstMarriage, Phone = "13800001234", CreatedAt = at, UpdatedAt = at,
            });
        }
        await db.SaveChangesAsync();
    }
}
