using System.Globalization;
using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using EqualCare.Web.Domain.Cases;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EqualCare.BrowserTests;

/// <summary>
/// Issue 18 point 1: a street sets a nomination campaign, a community worker proposes a woman on a 390 px phone, the street
/// approves, and seed 000's 附件2 推荐选拔表 prints for her on A4 with the full ID number after an audited reveal.
/// </summary>
[Collection(BrowserGroup.Name)]
public sealed class CampaignFormTests(AppFixture app)
{
    static string WithCheck(string first17) => first17 + IdNumberChecksum.CheckCharacter(first17);

    async Task<Person> WomanAsync(string idNumber)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<EqualCareDb>();
        var now = DateTime.SpecifyKind(new DateTime(2026, 1, 5), DateTimeKind.Utc);
        var person = new Person
        {
            Name = "周秀英", IdNumber = idNumber, Sex = Sex.Female, BirthDate = new DateOnly(1987, 4, 12), CommunityCode = "410103007001",
            HukouCountyCode = "411522", HukouAddress = "河南省信阳市光山县十里镇周湾村", ArrivalDate = new DateOnly(2022, 3, 1),
            MaritalStatus = MaritalStatus.FirstMarriage, Occupation = "个体经营（服装）", ResidenceAddress = "二七区大学路祥和小区5号楼2单元301",
            ContraceptionMethod = ContraceptionMethod.Iud, CreatedAt = now, UpdatedAt = now,
        };
        db.Persons.Add(person);
        await db.SaveChangesAsync();
        db.Certificates.Add(new Certificate
        {
            PersonId = person.Id, Kind = CertificateKind.MarriageAndChildbearing, Form = CertificateForm.Paper, Number = "豫光婚育2025-1024",
            IssuingOffice = "光山县十里镇", IssueDate = new DateOnly(2025, 3, 1), ValidUntil = new DateOnly(2028, 3, 1), RecordedAt = now, RecordedBy = "test",
        });
        await db.SaveChangesAsync();
        return person;
    }

    [Fact(DisplayName = "A candidate proposed on a phone and approved by the street gets seed 000's 附件2 printed on A4 with her full ID number")]
    public async Task NominationFormPrintsOnA4()
    {
        var idNumber = WithCheck("41152219870412082");
        var woman = await WomanAsync(idNumber);

        var street = await app.SignedInPageAsync("daxuelu");
        await street.GotoAsync("/Campaigns");
        await street.Locator("input[name=Title]").FillAsync("2026年度“优秀外来务工女性”评选");
        await street.Locator("input[name=Quota]").FillAsync("30");
        await street.Locator("input[name=Deadline]").FillAsync("2026-05-30");
        await street.Locator("#new-campaign button[type=submit]").ClickAsync();
        await Expect(street.Locator(".notice")).ToHaveTextAsync("评选活动已设定。");
        var campaignUrl = street.Url.Split('?')[0];

        // The community worker proposes her on a 390 px phone.
        var community = await app.SignedInPageAsync("xianghe");
        await community.SetViewportSizeAsync(390, 844);
        await community.GotoAsync(campaignUrl);
        await community.Locator("#propose input[name=IdNumber]").FillAsync(idNumber);
        await community.Locator("#propose textarea[name=Deeds]").FillAsync("在大学路经营服装店八年，带动同乡按时参加康检，协助社区发放宣传资料三百余份。");
        await community.Locator("#propose textarea[name=Opinion]").FillAsync("情况属实，同意推荐");
        await community.Locator("#propose button[type=submit]").ClickAsync();
        await Expect(community.Locator(".notice")).ToHaveTextAsync("已推荐，等待街道审核。");
        var card = community.Locator("#candidates .card").First;
        await Expect(card).ToContainTextAsync("周秀英");
        await Expect(card.Locator("[data-criterion=MarriageCertificate]")).ToContainTextAsync("符合");
        await Expect(card.Locator("[data-criterion=NoViolation]")).ToContainTextAsync("无记录");
        Assert.True(await community.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0,
            "the campaign page fits a 390 px phone");
        await AppFixture.ScreenshotAsync(community, "campaign-candidate-390");

        // The street approves with its opinion.
        await street.GotoAsync(campaignUrl);
        var decide = street.Locator("#candidates form.decide").First;
        await decide.Locator("textarea[name=Opinion]").FillAsync("经审核，同意表彰");
        await decide.Locator("button.primary").ClickAsync();
        await Expect(street.Locator(".notice")).ToHaveTextAsync("已批准。");
        await Expect(street.Locator("#quota")).ToHaveTextAsync("已批准 1 / 名额 30");

        // The form: masked on screen until the audited reveal for printing.
        await street.Locator("#candidates a.button").First.ClickAsync();
        await Expect(street.Locator("#f-id")).ToHaveTextAsync(Masking.IdNumber(idNumber));
        await street.Locator("#print-full").ClickAsync();
        await Expect(street.Locator("#f-id")).ToHaveTextAsync(idNumber);
        var form = street.Locator("#nomination-form");
        foreach (var text in new[] { "周秀英", "1987年4月", "河南省信阳市光山县十里镇周湾村", "个体经营（服装）", "已婚", "宫内节育器", "豫光婚育2025-1024",
            "二七区大学路祥和小区5号楼2单元301", "带动同乡按时参加康检", "情况属实，同意推荐", "经审核，同意表彰" })
            await Expect(form).ToContainTextAsync(text);

        // Printed on A4 portrait: 210 mm less the 2 × 15 mm margins is 180 mm (680 px at 96 px per inch); no frame, no buttons.
        await street.SetViewportSizeAsync(680, 1000);
        await street.EmulateMediaAsync(new() { Media = Media.Print });
        await Expect(street.Locator(".topbar")).ToBeHiddenAsync();
        await Expect(street.Locator(".toolbar")).ToBeHiddenAsync();
        var box = (await form.BoundingBoxAsync())!;
        Assert.InRange(box.Width, 600, 681);
        // One page: 297 mm less the margins.
        Assert.InRange(box.Height, 300, (297 - 30) / 25.4 * 96);
        await AppFixture.ScreenshotAsync(street, "campaign-form-a4");

        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<EqualCareDb>();
        var personId = woman.Id.ToString(CultureInfo.InvariantCulture);
        Assert.Contains(db.AuditEntries, a => a.Action == "reveal" && a.EntityId == personId && a.UserName == "daxuelu" && a.Detail!.Contains("nomination form print"));
    }
}
