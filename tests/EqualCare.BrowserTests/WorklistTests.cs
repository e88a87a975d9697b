using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using EqualCare.Web.Features.Identity;
using Microsoft.Extensions.DependencyInjection;
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

        // One row per person: her items are chips in the row; the row opens to each item with its actions.
        await row.Locator("summary").ClickAsync();
        await row.Locator("li", new() { HasText = "建立健康档案" }).GetByText("登记服务").ClickAsync();
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

        // The same list on a phone: the rows are cards, nothing scrolls sideways, and the counts stay readable.
        await xianghe.SetViewportSizeAsync(390, 844);
        await xianghe.GotoAsync("/Worklist");
        var phone = xianghe;
        await Expect(phone.Locator("#worklist-counts")).ToBeVisibleAsync();
        await AssertNoSidewaysScrollAsync(phone);
        await AppFixture.ScreenshotAsync(phone, "worklist-phone");
    }

    // Three women of 祥和 who arrived in 2024 (health record, 康检 and 婚育证明 due or overdue); born 1991, county 411526,
    // serials 402, 404, 406 (even: women), the check character computed.
    static readonly (string Name, string First17)[] Assigned =
    [
        ("包片兰", "41152619910301402"), ("包片梅", "41152619910402404"), ("包片竹", "41152619910503406"),
    ];

    [Fact(DisplayName = "大学路 assigns one 祥和 woman to a worker: her list shows one row (我的), 全社区 shows the others; rows are one line at 1366 px and cards without sideways scrolling at 390×844")]
    public async Task PersonRowsAndTheMineSwitch()
    {
        const string worker = "baopian1";
        var ids = new List<long>();
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<EqualCareDb>();
            var at = DateTime.SpecifyKind(new DateTime(2026, 1, 1), DateTimeKind.Utc);
            var persons = Assigned.Select(w => new Person
            {
                Name = w.Name, IdNumber = WithCheck(w.First17), Sex = Sex.Female,
                BirthDate = DateOnly.ParseExact(w.First17.Substring(6, 8), "yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture),
                CommunityCode = "410103007001", HukouCountyCode = "411526", ArrivalDate = new DateOnly(2024, 4, 1),
                MaritalStatus = MaritalStatus.FirstMarriage, Phone = "13900005678", ResidenceAddress = "大学路66号院9号楼1单元101",
                CreatedAt = at, UpdatedAt = at,
            }).ToList();
            db.Persons.AddRange(persons);
            await db.SaveChangesAsync();
            ids.AddRange(persons.Select(p => p.Id));
            var created = await scope.ServiceProvider.GetRequiredService<UserAccounts>().CreateAsync(
                new NewUser(worker, "包片专干", Roles.Community, "410103007001", app.DemoPassword), "test", CancellationToken.None, mustChangePassword: false);
            Assert.True(created.IsSuccess);
        }

        // The street office ticks one woman and gives her to the worker.
        var street = await app.SignedInPageAsync("daxuelu");
        await street.GotoAsync("/Worklist/Assign?community=410103007001&building=" + Uri.EscapeDataString("大学路66号院9号楼"));
        await Expect(street.Locator("h1")).ToContainTextAsync("祥和社区");
        await Expect(street.Locator("#assign-persons tbody tr")).ToHaveCountAsync(3);
        await street.Locator("#assign-worker").SelectOptionAsync(new SelectOptionValue { Label = "包片专干（已分 0 人）" });
        await street.Locator($"#pick-{ids[0]}").CheckAsync();
        await street.Locator("#assign-ticked").ClickAsync();
        await Expect(street.Locator(".notice")).ToContainTextAsync("已分配 1 人");
        await Expect(street.Locator($"#assign-persons tr[data-person='{ids[0]}']")).ToContainTextAsync("包片专干");
        await street.SetViewportSizeAsync(390, 844);
        await street.ReloadAsync();
        await AssertNoSidewaysScrollAsync(street);
        await AppFixture.ScreenshotAsync(street, "worklist-assign-390");

        // Her list: her one woman, one row, the switch on 我的.
        var page = await app.SignedInPageAsync(worker);
        await page.SetViewportSizeAsync(1366, 800);
        await page.GotoAsync("/Worklist");
        await Expect(page.Locator("h1")).ToContainTextAsync("祥和社区");
        await Expect(page.Locator("h1")).Not.ToContainTextAsync("410103007001");
        var scope1 = page.Locator("#worklist-scope");
        await Expect(scope1.Locator(".tab.active")).ToContainTextAsync("我的");
        var rows = page.Locator("#worklist tbody tr");
        await Expect(rows).ToHaveCountAsync(1);
        var row = rows.First;
        await Expect(row).ToContainTextAsync("包片兰");
        await Expect(row).ToContainTextAsync(Masking.IdNumber(WithCheck(Assigned[0].First17)));
        await Expect(row).ToContainTextAsync("139****5678");
        await Expect(row.Locator("summary .chip").First).ToContainTextAsync("逾期");
        await AssertOneLineRowsAsync(page);
        await AppFixture.ScreenshotAsync(page, "worklist-mine-1366");
        await row.Locator("summary").ClickAsync();
        await Expect(row.Locator(".item-list li").First).ToBeVisibleAsync();

        // 全社区: the other two are there too, each once.
        await scope1.GetByText("全社区").ClickAsync();
        await Expect(page.Locator("#worklist-scope .tab.active")).ToContainTextAsync("全社区");
        await Expect(page.Locator("#worklist tbody tr", new() { HasText = "包片梅" })).ToHaveCountAsync(1);
        await Expect(page.Locator("#worklist tbody tr", new() { HasText = "包片竹" })).ToHaveCountAsync(1);
        await AssertOneLineRowsAsync(page);

        // On a phone: cards, no sideways scrolling, in both views.
        await page.SetViewportSizeAsync(390, 844);
        await page.GotoAsync("/Worklist?scope=all");
        await AssertNoSidewaysScrollAsync(page);
        await page.Locator("#worklist tbody tr").First.Locator("summary").ClickAsync();
        await AssertNoSidewaysScrollAsync(page);
        await AppFixture.ScreenshotAsync(page, "worklist-persons-390");
        await page.GotoAsync("/Worklist");
        await Expect(page.Locator("#worklist tbody tr")).ToHaveCountAsync(1);
        await AssertNoSidewaysScrollAsync(page);
        await AppFixture.ScreenshotAsync(page, "worklist-mine-390");
    }

    static async Task AssertNoSidewaysScrollAsync(IPage page)
    {
        var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]");
        var (scroll, client) = (widths[0], widths[1]);
        Assert.True(scroll <= client, $"the page is {scroll}px wide on a {client}px screen: it scrolls sideways");
    }

    /// <summary>A closed row is one line: no taller than its name cell's single line plus padding (chips never wrap).</summary>
    static async Task AssertOneLineRowsAsync(IPage page)
    {
        var heights = await page.EvaluateAsync<int[]>("() => [...document.querySelectorAll('#worklist tbody tr')].map(r => Math.round(r.getBoundingClientRect().height))");
        Assert.NotEmpty(heights);
        Assert.All(heights, h => Assert.True(h <= 48, $"a row is {h}px high at 1366 px: it wraps onto a second line"));
    }
}
