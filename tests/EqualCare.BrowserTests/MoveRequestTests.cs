using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using EqualCare.Web.Domain.Cases;
using EqualCare.Web.Features.Identity;
using Microsoft.Extensions.DependencyInjection;
using static Microsoft.Playwright.Assertions;

namespace EqualCare.BrowserTests;

/// <summary>
/// Issue 16 point 1, acceptance 4: the 祥和社区 worker finds at registration that the number is held by a community of
/// another district, asks for the case from the registration page; that community accepts; the person is on her lists.
/// </summary>
[Collection(BrowserGroup.Name)]
public sealed class MoveRequestTests(AppFixture app)
{
    const string Holder = "410105010003";   // 东风路园田社区 (金水区): another street and district than 祥和社区
    const string HolderUser = "bt-yuantian";
    const string Name = "孙桂兰";

    // 411627 太康县, born 1993-04-12, serial 046 (even: a woman); the check character computed here.
    static readonly string IdNumber = WithCheck("41162719930412046");

    static string WithCheck(string first17) => first17 + IdNumberChecksum.CheckCharacter(first17);

    async Task ArrangeAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var accounts = scope.ServiceProvider.GetRequiredService<UserAccounts>();
        var created = await accounts.CreateAsync(new NewUser(HolderUser, "园田社区专干", Roles.Community, Holder, app.DemoPassword), "test",
            CancellationToken.None, mustChangePassword: false);
        Assert.True(created.IsSuccess, created.Error?.Code);
        var db = scope.ServiceProvider.GetRequiredService<EqualCareDb>();
        var at = DateTime.SpecifyKind(new DateTime(2026, 1, 10), DateTimeKind.Utc);
        var person = new Person
        {
            Name = Name, IdNumber = IdNumber, Sex = Sex.Female, BirthDate = new DateOnly(1993, 4, 12), CommunityCode = Holder,
            HukouCountyCode = "411627", ArrivalDate = new DateOnly(2025, 6, 1), MaritalStatus = MaritalStatus.FirstMarriage,
            ContraceptionMethod = ContraceptionMethod.Iud, CreatedAt = at, UpdatedAt = at,
        };
        db.Persons.Add(person);
        await db.SaveChangesAsync();
        await scope.ServiceProvider.GetRequiredService<EqualCare.Web.Features.Movements.MovementHandler>()
            .RecordArrivalAsync(person, "test", CancellationToken.None);
    }

    [Fact(DisplayName = "A worker asks from the registration page for a case held in another district; that community accepts; the person is on her lists")]
    public async Task RequestFromRegistrationAcceptedElsewhere()
    {
        await ArrangeAsync();

        var xianghe = await app.SignedInPageAsync("xianghe");
        await xianghe.GotoAsync("/Persons/Register");
        await xianghe.Locator("input[name='Form.Name']").FillAsync(Name);
        await xianghe.Locator("#IdNumber").PressSequentiallyAsync(IdNumber, new() { Delay = 5 });
        await Expect(xianghe.Locator("#HukouCountyCode")).ToHaveValueAsync("411627");
        await xianghe.Locator("input[name='Form.ArrivalDate']").FillAsync("2026-05-01");
        await xianghe.Locator("button[type=submit].primary").ClickAsync();
        var offer = xianghe.Locator("#move-request");
        await Expect(offer).ToBeVisibleAsync();
        await Expect(xianghe.Locator("#error-summary")).ToContainTextAsync("已在其他辖区登记");
        await AppFixture.ScreenshotAsync(xianghe, "move-request-offered");
        await offer.Locator("button[type=submit]").ClickAsync();
        await Expect(xianghe.Locator(".notice")).ToContainTextAsync("迁入申请已发出");
        var sent = xianghe.Locator("#outgoing li[data-state='Pending']");
        await Expect(sent).ToHaveCountAsync(1);
        await Expect(sent).ToContainTextAsync("处理期限");

        var holder = await app.SignedInPageAsync(HolderUser);
        await holder.GotoAsync("/Movements/Requests");
        var card = holder.Locator("#incoming li[data-state='Pending']", new() { HasText = Name });
        await Expect(card).ToHaveCountAsync(1);
        await card.Locator("button[formaction='/Movements/Requests/Accept']").ClickAsync();
        await Expect(holder.Locator(".notice")).ToContainTextAsync("已同意");
        // Handed over: the holder no longer sees the name, only the masked number.
        var handed = holder.Locator("#incoming li[data-state='Accepted']");
        await Expect(handed).ToHaveCountAsync(1);
        await Expect(handed).ToContainTextAsync(EqualCare.Web.Domain.Masking.IdNumber(IdNumber));
        await Expect(handed).Not.ToContainTextAsync(Name);

        await xianghe.GotoAsync("/Persons?name=" + Name);
        await Expect(xianghe.Locator("table.grid tbody tr", new() { HasText = Name })).ToHaveCountAsync(1);
        await xianghe.GotoAsync("/Worklist?name=" + Name);
        await Expect(xianghe.Locator("#worklist tbody tr").First).ToBeVisibleAsync();
        await Expect(xianghe.Locator("#worklist")).ToContainTextAsync(Name);
        await xianghe.GotoAsync("/Movements/Requests");
        await Expect(xianghe.Locator("#outgoing li[data-state='Accepted']", new() { HasText = Name })).ToHaveCountAsync(1);
        await AppFixture.ScreenshotAsync(xianghe, "move-request-accepted");

        await holder.GotoAsync("/Persons?name=" + Name);
        await Expect(holder.Locator("table.grid tbody tr", new() { HasText = Name })).ToHaveCountAsync(0);
    }
}
