using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using EqualCare.IntegrationTests.Infrastructure;
using EqualCare.IntegrationTests.Registry;
using EqualCare.Web.Data;
using EqualCare.Web.Features.Admin;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace EqualCare.IntegrationTests;

/// <summary>Issue 14, point 9: a cookie request that changes state or unmasks needs the antiforgery token; a bearer one does not.</summary>
public abstract class CookieAntiforgeryTests(AppFixture app)
{
    async Task<int> RevealsAsync(long id)
    {
        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<EqualCareDb>();
        var key = id.ToString(CultureInfo.InvariantCulture);
        return await db.AuditEntries.AsNoTracking().CountAsync(a => a.Action == "reveal" && a.EntityId == key);
    }

    [Fact]
    public async Task A_cookie_reveal_without_the_token_is_refused_and_reveals_nothing_even_as_text_plain()
    {
        var person = await app.AddCaseAsync(TestData.Xianghe, RegistryData.UniqueName("伪"));
        var forged = await app.SignedInWithoutTokenAsync("xianghe");

        var plain = await forged.PostAsync($"/api/persons/{person.Id}/reveal", new StringContent("x", Encoding.UTF8, "text/plain"));
        var empty = await forged.PostAsync($"/api/persons/{person.Id}/reveal", null);

        Assert.Equal(HttpStatusCode.BadRequest, plain.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.DoesNotContain(person.IdNumber, await plain.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await RevealsAsync(person.Id));
    }

    [Fact]
    public async Task A_cookie_reveal_with_the_token_header_and_a_bearer_reveal_without_one_both_work()
    {
        var person = await app.AddCaseAsync(TestData.Xianghe, RegistryData.UniqueName("真"));
        var page = await app.SignedInAsync("xianghe");
        var output = new StringWriter();
        Assert.Equal(0, await AdminCommands.Find(["tokens", "create", "--user", "xianghe", "--name", "对接"])!
            .RunAsync(app.Services, output, CancellationToken.None));
        var bearer = app.Client();
        bearer.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", output.ToString().Trim());

        Assert.Equal(HttpStatusCode.OK, (await page.PostAsync($"/api/persons/{person.Id}/reveal", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await bearer.PostAsync($"/api/persons/{person.Id}/reveal", null)).StatusCode);
        Assert.Equal(2, await RevealsAsync(person.Id));
    }

    [Fact]
    public async Task The_drill_export_with_unmasked_numbers_needs_the_token_from_a_cookie()
    {
        var forged = await app.SignedInWithoutTokenAsync("xianghe");
        var page = await app.SignedInAsync("xianghe");
        FormUrlEncodedContent Form() => new(new Dictionary<string, string> { ["Unmasked"] = "false", ["Reason"] = "核对" });

        var refused = await forged.PostAsync("/Indicators/comprehensive/Drill/Export", Form());
        var allowed = await page.PostAsync("/Indicators/comprehensive/Drill/Export", Form());

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
    }
}

[Collection(OnSqlite.Name)]
public sealed class CookieAntiforgeryTestsOnSqlite(SqliteApp app) : CookieAntiforgeryTests(app);

[Collection(OnPostgres.Name)]
public sealed class CookieAntiforgeryTestsOnPostgres(PostgresApp app) : CookieAntiforgeryTests(app);
