using System.Net;
using EqualCare.IntegrationTests.Infrastructure;
using EqualCare.Web.Domain;
using EqualCare.Web.Features.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace EqualCare.IntegrationTests;

public abstract class AccountTests(AppFixture app)
{
    async Task<string> NewUserAsync(string role = Roles.Community, string org = TestData.Xianghe)
    {
        var name = "u" + Guid.NewGuid().ToString("N")[..10];
        await using var scope = app.Scope();
        var accounts = scope.ServiceProvider.GetRequiredService<UserAccounts>();
        var created = await accounts.CreateAsync(new NewUser(name, "测试用户", role, org, "Passw0rd2026"), "test", CancellationToken.None,
            mustChangePassword: false);
        Assert.True(created.IsSuccess);
        return name;
    }

    [Fact]
    public async Task The_login_page_is_in_chinese_and_lists_the_demo_accounts()
    {
        var html = await app.Client().GetStringAsync("/Account/Login");
        Assert.Contains("<h1>用户登录</h1>", html, StringComparison.Ordinal);
        Assert.Contains(TestData.DemoPassword, html, StringComparison.Ordinal);
        foreach (var user in new[] { "admin", "erqi", "daxuelu", "xianghe", "zhongyuan", "dongfenglu" })
            Assert.Contains($"<code>{user}</code>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_even_against_the_right_one()
    {
        var user = await NewUserAsync();
        var client = app.Client();
        for (var i = 1; i <= 4; i++)
        {
            var wrong = await client.PostLoginAsync(user, "wrong-password-" + i);
            Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
            Assert.Contains("用户名或密码错误", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        var fifth = await client.PostLoginAsync(user, "wrong-password-5");
        Assert.Contains("账户已锁定", await fifth.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var right = await client.PostLoginAsync(user, "Passw0rd2026");
        Assert.Equal(HttpStatusCode.OK, right.StatusCode); // the form again, not the redirect of a successful login
        Assert.Contains("账户已锁定", await right.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Four_wrong_passwords_then_the_right_one_still_logs_in()
    {
        var user = await NewUserAsync();
        var client = app.Client();
        for (var i = 0; i < 4; i++) await client.PostLoginAsync(user, "nope-" + i);
        var right = await client.PostLoginAsync(user, "Passw0rd2026");
        Assert.Equal(HttpStatusCode.Redirect, right.StatusCode);
    }

    [Fact]
    public async Task A_form_posted_without_an_antiforgery_token_is_refused_and_changes_nothing()
    {
        var client = app.Client();
        var response = await client.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserName"] = "xianghe",
            ["Password"] = TestData.DemoPassword,
        }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain(response.Headers, h => h.Key == "Set-Cookie" && h.Value.Any(v => v.StartsWith("equalcare.auth", StringComparison.Ordinal)));

        var signedIn = await app.SignedInWithoutTokenAsync("xianghe");
        var change = await signedIn.PostAsync("/Account/ChangePassword", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["CurrentPassword"] = TestData.DemoPassword,
            ["NewPassword"] = "Another2026pass",
        }));
        Assert.Equal(HttpStatusCode.BadRequest, change.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await app.Client().PostLoginAsync("xianghe", TestData.DemoPassword)).StatusCode);
    }

    [Fact]
    public async Task Disabling_a_user_ends_its_open_session()
    {
        var user = await NewUserAsync();
        var client = await app.SignedInAsync(user, "Passw0rd2026");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Persons")).StatusCode);

        await using (var scope = app.Scope())
        {
            var accounts = scope.ServiceProvider.GetRequiredService<UserAccounts>();
            var db = scope.ServiceProvider.GetRequiredService<EqualCare.Web.Data.EqualCareDb>();
            var id = db.Users.Single(u => u.UserName == user).Id;
            Assert.True((await accounts.SetDisabledAsync(id, true, "admin", CancellationToken.None)).IsSuccess);
        }

        var after = await client.GetAsync("/Persons");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.Equal("/Account/Login", after.Headers.Location?.AbsolutePath);
        var again = await app.Client().PostLoginAsync(user, "Passw0rd2026");
        Assert.Contains("该账户已停用", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Changing_the_password_works_with_the_form_and_the_old_password_stops_working()
    {
        var user = await NewUserAsync();
        var client = await app.SignedInAsync(user, "Passw0rd2026");
        var token = await Browserless.AntiforgeryTokenAsync(client, "/Account/ChangePassword");
        var response = await client.PostAsync("/Account/ChangePassword", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["CurrentPassword"] = "Passw0rd2026",
            ["NewPassword"] = "Brand2026new",
            ["__RequestVerificationToken"] = token,
        }));
        Assert.Contains("密码已修改", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await app.Client().PostLoginAsync(user, "Passw0rd2026")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await app.Client().PostLoginAsync(user, "Brand2026new")).StatusCode);
    }

    [Fact]
    public async Task The_site_address_serves_the_chinese_login_page_to_a_visitor_and_the_home_page_after_login()
    {
        var visitor = await app.Client().GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, visitor.StatusCode);
        Assert.Contains("<h1>用户登录</h1>", await visitor.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var client = await app.SignedInAsync("xianghe");
        var home = await client.GetStringAsync("/");
        Assert.Contains("<h1>首页</h1>", home, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pages_need_a_login()
    {
        var response = await app.Client().GetAsync("/Persons");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/Account/Login", response.Headers.Location?.AbsolutePath);
    }
}

[Collection(OnSqlite.Name)]
public sealed class AccountTestsOnSqlite(SqliteApp app) : AccountTests(app);

[Collection(OnPostgres.Name)]
public sealed class AccountTestsOnPostgres(PostgresApp app) : AccountTests(app);
