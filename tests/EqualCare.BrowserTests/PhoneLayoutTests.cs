using System.Globalization;
using System.Text.Json;
using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using EqualCare.Web.Domain.Cases;
using EqualCare.Web.Domain.Services;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EqualCare.BrowserTests;

/// <summary>
/// The pages a community worker uses in the field, on a 390×844 phone (issue 13 point 10): no horizontal scrolling of the
/// page, tap targets of at least 44 px in the main content, and a full-page screenshot of each in test-output/.
/// </summary>
[Collection(BrowserGroup.Name)]
public sealed class PhoneLayoutTests(AppFixture app)
{
    const int Width = 390;
    const int Height = 844;

    /// <summary>WCAG 2.5.5 and the platform guides: 44 CSS px is the smallest comfortable tap target.</summary>
    const double MinTap = 44;

    const string Xianghe = "410103007001";

    // 祥和's field family: a married woman here since 2024 (her 康检 is due) with a daughter born here in 2025 (her
    // vaccinations are due), and a second woman on the check-up sheet. County 411523 新县; even serials: women.
    static readonly string MotherId = WithCheck("41152319910708262");
    static readonly string DaughterId = WithCheck("41152320250611264");
    static readonly string NeighbourId = WithCheck("41152319870214268");

    /// <summary>A check-up day of 祥和 no other test uses: the sheet is listed from the registry on the day.</summary>
    static readonly DateOnly CheckupDate = new(2026, 4, 28);

    static readonly SemaphoreSlim SeedLock = new(1, 1);
    static Seeded? seeded;

    sealed record Seeded(long MotherId, long CheckupDayId);

    static string WithCheck(string first17) => first17 + IdNumberChecksum.CheckCharacter(first17);

    [Fact(DisplayName = "Phone 390×844: the to-do list (/Worklist) fits the width, its buttons and fields are ≥ 44 px, screenshot phone-worklist.png")]
    public Task Worklist() => CheckAsync("worklist", _ => "/Worklist");

    [Fact(DisplayName = "Phone 390×844: a person's rewards and help (/Persons/{id}/Rewards) fit the width, fields ≥ 44 px, screenshot phone-rewards.png")]
    public Task Rewards() => CheckAsync("rewards", s => $"/Persons/{s.MotherId}/Rewards");

    [Fact(DisplayName = "Phone 390×844: the nomination campaigns (/Campaigns) fit the width, screenshot phone-campaigns.png")]
    public Task Campaigns() => CheckAsync("campaigns", _ => "/Campaigns");

    [Fact(DisplayName = "Phone 390×844: the person page fits the width, its buttons, tabs and fields are ≥ 44 px, screenshot phone-person.png; its timeline is cards on the phone and a table on paper")]
    public async Task PersonPage()
    {
        var page = await CheckAsync("person", s => $"/Persons/{s.MotherId}");
        var row = page.Locator("#timeline tbody tr").First;
        Assert.Equal("flex", await row.EvaluateAsync<string>("e => getComputedStyle(e).display"));
        // The column headings are kept for screen readers but take no room: each card's cells say what they are.
        Assert.True(await page.Locator("#timeline thead").EvaluateAsync<bool>("e => e.getBoundingClientRect().height <= 1"));

        // Printed on A4 (wider than a phone, print media): an ordinary table with its headings.
        await page.SetViewportSizeAsync(794, 1123);
        await page.EmulateMediaAsync(new() { Media = Media.Print });
        Assert.Equal("table-row", await row.EvaluateAsync<string>("e => getComputedStyle(e).display"));
        await Expect(page.Locator("#timeline thead th").First).ToBeVisibleAsync();
        await page.SetViewportSizeAsync(Width, Height);
        Assert.Equal("table-row", await row.EvaluateAsync<string>("e => getComputedStyle(e).display"));
    }

    [Fact(DisplayName = "Phone 390×844: record a service fits the width, labels above fields ≥ 44 px, screenshot phone-service.png")]
    public Task RecordAService() => CheckAsync("service", s => $"/Persons/{s.MotherId}/Services");

    [Fact(DisplayName = "Phone 390×844: a check-up day's sheet fits the width, its marks and fields are ≥ 44 px, screenshot phone-checkup.png")]
    public Task CheckupSheet() => CheckAsync("checkup", s => $"/Checkups/{s.CheckupDayId}");

    [Fact(DisplayName = "Phone 390×844: the registration form (/Persons/Register) fits the width, its fields are ≥ 44 px, screenshot phone-register.png")]
    public Task Register() => CheckAsync("register", _ => "/Persons/Register");

    [Fact(DisplayName = "Phone 390×844: the persons list, a person's certificates, the missing-certificates list, the notices and the check-up days fit the width")]
    public async Task OtherWorkerPages()
    {
        var s = await SeedAsync();
        var page = await PhonePageAsync();
        var failures = new List<string>();
        foreach (var (name, url) in new[]
                 {
                     ("persons", "/Persons"), ("certificates", $"/Persons/{s.MotherId}/Certificates"),
                     ("missing-certificates", "/Certificates/Missing"), ("notices", $"/Notices?community={Xianghe}"),
                     ("checkups", "/Checkups"), ("home", "/"),
                     ("exchange", "/Exchange?filter=All"), ("exchange-send", $"/Exchange/Send?personId={s.MotherId}&kind=CheckupReceipt"), ("exchange-rates", "/Exchange/Rates"),
                 })
        {
            await OpenAsync(page, url);
            await ScreenshotAsync(page, name);
            if (await OverflowAsync(page) is { } overflow) failures.Add($"{url}: {overflow}");
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact(DisplayName = "Phone 390×844: the header is the brand and a menu button; the menu opens as a column of links ≥ 44 px, nothing scrolls sideways, in Chinese and in English")]
    public async Task HeaderMenu()
    {
        var s = await SeedAsync();
        var page = await PhonePageAsync();
        var menu = page.Locator(".nav-toggle-label");
        var nav = page.Locator("nav.mainnav");
        await Expect(nav).ToBeHiddenAsync();
        Assert.True((await menu.BoundingBoxAsync())!.Height >= MinTap, "the menu button is under 44 px");
        await menu.ClickAsync();
        await Expect(nav).ToBeVisibleAsync();
        var links = await nav.Locator("a").AllAsync();
        Assert.NotEmpty(links);
        foreach (var link in links)
        {
            var box = (await link.BoundingBoxAsync())!;
            Assert.True(box.Height >= MinTap && box.X >= 0 && box.X + box.Width <= Width,
                $"menu link {await link.TextContentAsync()}: {box.Width}×{box.Height} at x {box.X}");
        }
        await ScreenshotAsync(page, "menu");
        Assert.Null(await OverflowAsync(page));

        // English words are longer than Chinese ones: the field pages still fit.
        await page.GotoAsync("/culture/en?returnUrl=" + Uri.EscapeDataString($"/Persons/{s.MotherId}"));
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        var failures = new List<string>();
        foreach (var url in new[] { $"/Persons/{s.MotherId}", $"/Persons/{s.MotherId}/Services", "/Worklist", $"/Checkups/{s.CheckupDayId}", "/Persons/Register" })
        {
            await OpenAsync(page, url);
            if (await OverflowAsync(page) is { } overflow) failures.Add($"{url} (English): {overflow}");
        }
        await OpenAsync(page, $"/Persons/{s.MotherId}");
        await ScreenshotAsync(page, "person-en");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    async Task<IPage> CheckAsync(string name, Func<Seeded, string> url)
    {
        var s = await SeedAsync();
        var page = await PhonePageAsync();
        var path = url(s);
        await OpenAsync(page, path);
        var shot = await ScreenshotAsync(page, name);
        var overflow = await OverflowAsync(page);
        var small = await SmallTargetsAsync(page);
        Assert.True(overflow is null && small.Count == 0,
            $"{path} at {Width}×{Height} (screenshot {shot}):\n"
            + (overflow is null ? "" : overflow + "\n")
            + (small.Count == 0 ? "" : $"tap targets under {MinTap} px:\n  " + string.Join("\n  ", small)));
        return page;
    }

    static async Task OpenAsync(IPage page, string url)
    {
        var response = await page.GotoAsync(url);
        Assert.True(response is { Ok: true }, $"{url} answered {response?.Status}");
        await Expect(page.Locator("main h1").First).ToBeVisibleAsync();
    }

    /// <summary>A 390×844 phone signed in as 祥和's community worker through the login form.</summary>
    async Task<IPage> PhonePageAsync()
    {
        var page = await app.NewPageAsync(Width, Height);
        await page.GotoAsync("/Account/Login");
        await page.Locator("#UserName").FillAsync("xianghe");
        await page.Locator("#Password").FillAsync(app.DemoPassword);
        await page.Locator("button[type=submit].primary").ClickAsync();
        await Expect(page).ToHaveURLAsync(app.BaseUrl + "/");
        return page;
    }

    /// <summary>
    /// Null when the page does not scroll sideways; otherwise the width it scrolls to and the elements that stick out:
    /// each one reaching past the viewport whose parent does not (where the overflow starts), with its selector and box.
    /// Content clipped by a box that scrolls by itself does not widen the page and is not listed.
    /// </summary>
    static async Task<string?> OverflowAsync(IPage page)
    {
        var json = await page.EvaluateAsync<string>("""
            () => {
              const vw = window.innerWidth;
              const sw = document.documentElement.scrollWidth;
              if (sw <= vw) return '';
              const name = el => {
                let s = el.tagName.toLowerCase();
                if (el.id) s += '#' + el.id;
                for (const c of el.classList) s += '.' + c;
                return s;
              };
              const path = el => {
                const parts = [];
                for (let e = el; e && e !== document.body && parts.length < 4; e = e.parentElement) parts.unshift(name(e));
                return parts.join(' > ');
              };
              const clipped = el => {
                for (let e = el.parentElement; e && e !== document.body; e = e.parentElement) {
                  const o = getComputedStyle(e).overflowX;
                  if (o !== 'visible' && e.getBoundingClientRect().right <= vw + 0.5) return true;
                }
                return false;
              };
              const sticksOut = el => {
                const r = el.getBoundingClientRect();
                return (r.width > 0 || r.height > 0) && (r.right > vw + 0.5 || r.left < -0.5);
              };
              const found = [];
              for (const el of document.body.querySelectorAll('*')) {
                if (!sticksOut(el) || clipped(el)) continue;
                if (el.parentElement && el.parentElement !== document.body && sticksOut(el.parentElement)) continue;
                const r = el.getBoundingClientRect();
                found.push(path(el) + ' (left ' + Math.round(r.left) + ', width ' + Math.round(r.width) + ', right ' + Math.round(r.right) + ')');
                if (found.length >= 15) break;
              }
              return JSON.stringify({ vw, sw, found });
            }
            """);
        if (json.Length == 0) return null;
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        var found = root.GetProperty("found").EnumerateArray().Select(e => e.GetString()).ToList();
        return string.Create(CultureInfo.InvariantCulture,
            $"the page scrolls sideways: scrollWidth {root.GetProperty("sw").GetInt32()} > innerWidth {root.GetProperty("vw").GetInt32()}; "
            + $"sticking out:\n  {string.Join("\n  ", found)}");
    }

    /// <summary>
    /// Visible buttons, fields, links styled as buttons and tab labels in the main content whose box is under 44 px tall.
    /// A check box or radio button counts by its label when the label holds it (the label is what the finger hits).
    /// </summary>
    static async Task<IReadOnlyList<string>> SmallTargetsAsync(IPage page)
    {
        var json = await page.EvaluateAsync<string>("""
            (min) => {
              const name = el => {
                let s = el.tagName.toLowerCase();
                if (el.id) s += '#' + el.id;
                for (const c of el.classList) s += '.' + c;
                const n = el.getAttribute('name');
                if (n) s += '[name="' + n + '"]';
                return s;
              };
              const shown = el => {
                if (!el.getClientRects().length) return false;
                for (let e = el; e; e = e.parentElement) {
                  const cs = getComputedStyle(e);
                  if (cs.visibility === 'hidden' || cs.opacity === '0') return false;
                }
                return true;
              };
              const main = document.querySelector('main');
              const small = [];
              const targets = main.querySelectorAll('button, input:not([type=hidden]), select, textarea, a.button, .tabset > label');
              for (const el of targets) {
                if (!shown(el)) continue;
                let box = el;
                if (el.matches('input[type=checkbox], input[type=radio]')) {
                  const label = el.closest('label') || (el.id && main.querySelector('label[for="' + el.id + '"]'));
                  if (label) box = label;
                }
                const r = box.getBoundingClientRect();
                if (r.height + 0.05 < min)
                  small.push(name(el) + (box !== el ? ' (its label)' : '') + ': ' + Math.round(r.width) + '×' + (Math.round(r.height * 10) / 10) + ' px');
              }
              return JSON.stringify(small);
            }
            """, MinTap);
        return JsonSerializer.Deserialize<List<string>>(json) ?? [];
    }

    /// <summary>Full-page screenshots go to test-output/ at the repository root ($EQUALCARE_TEST_OUTPUT when test.sh runs).</summary>
    static async Task<string> ScreenshotAsync(IPage page, string name)
    {
        var folder = Environment.GetEnvironmentVariable("EQUALCARE_TEST_OUTPUT") is { Length: > 0 } output
            ? output
            : Path.Combine(RepositoryRoot(), "test-output");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, "phone-" + name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }

    static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "EqualCare.slnx"))) return dir.FullName;
        }
        return AppContext.BaseDirectory;
    }

    /// <summary>The family and the check-up day, once for the whole class.</summary>
    async Task<Seeded> SeedAsync()
    {
        await SeedLock.WaitAsync();
        try
        {
            return seeded ??= await AddFamilyAndDayAsync();
        }
        finally
        {
            SeedLock.Release();
        }
    }

    async Task<Seeded> AddFamilyAndDayAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<EqualCareDb>();
        var at = DateTime.SpecifyKind(new DateTime(2024, 3, 2), DateTimeKind.Utc);
        var mother = new Person
        {
            Name = "欧阳晓燕", IdNumber = MotherId, Sex = Sex.Female, BirthDate = new DateOnly(1991, 7, 8),
            CommunityCode = Xianghe, HukouCountyCode = "411523", ArrivalDate = new DateOnly(2024, 3, 1),
            MaritalStatus = MaritalStatus.FirstMarriage, MarriageDate = new DateOnly(2016, 10, 1), Phone = "13912345678",
            // A long address and employer, as people give them: they must wrap, not widen the page.
            ResidenceAddress = "郑州市二七区大学路街道祥和社区幸福里小区12号楼3单元1502室（东户，电梯右手边）",
            HukouAddress = "河南省信阳市新县新集镇解放路居委会向阳街道一组126号",
            LandlordOrEmployer = "郑州市二七区华联商贸有限责任公司大学路分店（超市部）",
            Occupation = "商业、服务业人员", HousingType = HousingType.Rented,
            ContraceptionMethod = ContraceptionMethod.Iud, ContraceptionStart = new DateOnly(2025, 9, 1),
            ContraceptionProvider = "二七区妇幼保健院",
            CreatedAt = at, UpdatedAt = at,
        };
        db.Persons.Add(mother);
        db.Persons.Add(new Person
        {
            Name = "吕桂兰", IdNumber = NeighbourId, Sex = Sex.Female, BirthDate = new DateOnly(1987, 2, 14),
            CommunityCode = Xianghe, HukouCountyCode = "411523", ArrivalDate = new DateOnly(2024, 6, 1),
            MaritalStatus = MaritalStatus.FirstMarriage, Phone = "13700001111", CreatedAt = at, UpdatedAt = at,
        });
        await db.SaveChangesAsync();
        db.Persons.Add(new Person
        {
            Name = "欧阳诗涵", IdNumber = DaughterId, Sex = Sex.Female, BirthDate = new DateOnly(2025, 6, 11),
            CommunityCode = Xianghe, HukouCountyCode = "411523", ArrivalDate = new DateOnly(2025, 6, 11),
            MaritalStatus = MaritalStatus.Unmarried, MotherId = mother.Id, AccompanyingChild = true, CreatedAt = at, UpdatedAt = at,
        });
        var day = new CheckupDay
        {
            CommunityCode = Xianghe, Day = CheckupDate, Place = "祥和社区卫生服务站二楼妇女保健室",
            CreatedAt = at, CreatedBy = "xianghe",
        };
        db.CheckupDays.Add(day);
        db.Certificates.Add(new Certificate
        {
            PersonId = mother.Id, Kind = CertificateKind.MarriageAndChildbearing, Form = CertificateForm.Paper,
            Number = "豫信新婚育字（2016）第0012345号", IssuingOffice = "新县新集镇人民政府计划生育办公室",
            IssueDate = new DateOnly(2016, 10, 20), ValidUntil = new DateOnly(2036, 10, 19), RecordedAt = at, RecordedBy = "xianghe",
        });
        db.ServiceRecords.Add(new ServiceRecord
        {
            PersonId = mother.Id, CommunityCode = Xianghe, Kind = ServiceKind.HealthRecord, ServiceDate = new DateOnly(2024, 5, 6),
            RecordNumber = "41010300700100123", Place = "祥和社区卫生服务站", Provider = "大学路社区卫生服务中心",
            Note = "建档时随访：已告知孕前优生健康检查、免费避孕药具领取地点和儿童预防接种时间表", RecordedAt = at, RecordedBy = "xianghe",
        });
        await db.SaveChangesAsync();
        return new Seeded(mother.Id, day.Id);
    }
}
