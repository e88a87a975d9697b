using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EqualCare.BrowserTests;

/// <summary>Names, not codes (issue 13 point 7): a unit is picked by typing part of its name; a spouse is set by ID number.</summary>
[Collection(BrowserGroup.Name)]
public sealed class UnitPickerTests(AppFixture app)
{
    // 411523 新县 (信阳), born 1986-02-14, serial 053 (odd: a man); and his wife, born 1990-08-30, serial 064 (even).
    static readonly string HusbandId = WithCheck("41152319860214053");
    static readonly string WifeId = WithCheck("41152319900830064");

    static string WithCheck(string first17) => first17 + IdNumberChecksum.CheckCharacter(first17);

    [Fact(DisplayName = "On a 390 px phone, a street office types part of a name on the check-up days filter, chooses the street, then one of the communities it offers, and the filter keeps the name")]
    public async Task PickUnitByName()
    {
        var page = await app.SignedInPageAsync("daxuelu");
        await page.SetViewportSizeAsync(390, 844);
        await page.GotoAsync("/Checkups");
        var box = page.Locator("#unit-org");
        await box.PressSequentiallyAsync("大学", new() { Delay = 20 });
        var street = page.Locator("#unit-org-list [role=option]", new() { HasText = "大学路街道" });
        await Expect(street).ToHaveCountAsync(1);
        await Expect(street.Locator("small")).ToContainTextAsync("410103007000"); // the code only as the small second line
        await street.ClickAsync();
        await Expect(box).ToHaveValueAsync("大学路街道");

        // The chosen street's children are offered at once.
        await Expect(page.Locator("#unit-org-list .unit-picker-heading")).ToHaveTextAsync("下级单位");
        var zhongyuan = page.Locator("#unit-org-list [role=option]", new() { HasText = "中原社区居民委员会" });
        await Expect(page.Locator("#unit-org-list [role=option]")).ToHaveCountAsync(9);
        var height = (await zhongyuan.BoundingBoxAsync())!.Height;
        Assert.True(height >= 44, $"an option is {height} px high; a tap target needs 44");
        var list = (await page.Locator("#unit-org-list").BoundingBoxAsync())!;
        Assert.True(list.X >= 0 && list.X + list.Width <= 390, $"the list runs from {list.X} to {list.X + list.Width} px on a 390 px screen");
        Assert.True((await box.BoundingBoxAsync())!.Height >= 44);
        await AppFixture.ScreenshotAsync(page, "unit-picker-children");
        await zhongyuan.ClickAsync();
        await Expect(box).ToHaveValueAsync("中原社区居民委员会");
        await Expect(page.Locator("input[name='_unit.org']")).ToHaveValueAsync("410103007002");

        await page.Locator("form:has(#unit-org) button[type=submit]").ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("org=%E4%B8%AD%E5%8E%9F|org=中原"));
        await Expect(page.Locator("#unit-org")).ToHaveValueAsync("中原社区居民委员会");
        await Expect(page.Locator("#unit-org-detail")).ToContainTextAsync("410103007002");
    }

    [Fact(DisplayName = "A worker registers a woman and sets her husband by his ID number; the edit form shows him by name and masked number")]
    public async Task SpouseByIdNumber()
    {
        await AddHusbandAsync();
        var page = await app.SignedInPageAsync("xianghe");
        await page.GotoAsync("/Persons/Register");
        await page.Locator("input[name='Form.Name']").FillAsync("刘春梅");
        await page.Locator("#IdNumber").PressSequentiallyAsync(WifeId, new() { Delay = 5 });
        await Expect(page.Locator("#HukouCountyCode")).ToHaveValueAsync("411523");
        await page.Locator("input[name='Form.Phone']").FillAsync("13812345678");

        var spouse = page.Locator("#Form_SpouseIdNumber");
        await spouse.FillAsync(HusbandId);
        // The search offers him, masked, before the form is saved.
        await Expect(page.Locator("#family-spouse [role=option]")).ToContainTextAsync(Masking.IdNumber(HusbandId));
        await spouse.PressAsync("Escape");
        await page.Locator("button[type=submit].primary").ClickAsync();
        await Expect(page.Locator(".notice")).ToHaveTextAsync("已保存。");

        await page.GotoAsync(page.Url.Split('?')[0] + "/Edit");
        var linked = page.Locator("#family-spouse .family-link-current");
        await Expect(linked).ToContainTextAsync("刘建军");
        await Expect(linked).ToContainTextAsync(Masking.IdNumber(HusbandId));
        await AppFixture.ScreenshotAsync(page, "family-link-spouse");
        Assert.DoesNotContain(HusbandId, await page.ContentAsync(), StringComparison.Ordinal);
    }

    async Task AddHusbandAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<EqualCareDb>();
        var at = DateTime.SpecifyKind(new DateTime(2026, 1, 1), DateTimeKind.Utc);
        db.Persons.Add(new Person
        {
            Name = "刘建军", IdNumber = HusbandId, Sex = Sex.Male, BirthDate = new DateOnly(1986, 2, 14), CommunityCode = "410103007001",
            HukouCountyCode = "411523", ArrivalDate = new DateOnly(2024, 5, 1), MaritalStatus = MaritalStatus.FirstMarriage,
            CreatedAt = at, UpdatedAt = at,
        });
        await db.SaveChangesAsync();
    }
}
