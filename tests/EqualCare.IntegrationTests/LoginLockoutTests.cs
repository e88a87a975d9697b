using System.Net;
using System.Text.RegularExpressions;
using EqualCare.IntegrationTests.Infrastructure;
using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using EqualCare.Web.Features.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace EqualCare.IntegrationTests;

/// <summary>Issue 14 points 4 and 7: the lockout holds under concurrency; locked and unknown users look alike.</summary>
public abstract partial class LoginLockoutTests(AppFixture app)
{
    const string RightPassword = "Passw0rd2026";

    async Task<(string Name, long Id)> NewUserAsync()
    {
        var name = "lk" + Guid.NewGuid().ToString("N")[..10];
        await using var scope = app.Scope();
        var accounts = scope.ServiceProvider.GetRequiredService<UserAccounts>();
        var created = await accounts.CreateAsync(new NewUser(name, "测试用户", Roles.Community, TestData.Xianghe, RightPassword), "test",
            CancellationToken.None, mustChangePassword: false);
        Assert.True(created.IsSuccess);
        var db = scope.ServiceProvider.GetRequiredService<EqualCareDb>();
        return (name, (await db.Users.SingleAsync(u => u.UserName == name)).Id);
    }

    [Fact]
    public async Task Fifty_parallel_wrong_logins_check_the_password_exactly_five_times_and_the_right_one_is_then_refused()
    {
        var (name, id) = await NewUserAsync();
        using var start = new ManualResetEventSlim();
        var attempts = Enumerable.Range(0, 50).Select(i => Task.Run(async () =>
        {
            await using var scope = app.Scope();
            var handler = scope.ServiceProvider.GetRequiredService<LoginHandler>();
            start.Wait();
            return await handler.LoginAsync(name, "wrong-guess-" + i, CancellationToken.None);
        })).ToList();
        start.Set();
        var results = await Task.WhenAll(attempts);
        Assert.All(results, r => Assert.Null(r.User));

        var right = await app.Client().PostLoginAsync(name, RightPassword);
        Assert.Equal(HttpStatusCode.OK, right.StatusCode); // the form again, not the redirect of a successful login

        await using var check = app.Scope();
        var db = check.ServiceProvider.GetRequiredService<EqualCareDb>();
        var entityId = id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var rows = await db.AuditEntries.Where(a => a.Action == AuditLog.Actions.Login && a.Entity == "user" && a.EntityId == entityId)
            .ToListAsync();
        // Every checked password leaves a "wrong password…" row; attempts refused before any check leave "locked".
        Assert.Equal(5, rows.Count(a => a.Detail!.StartsWith("wrong password", StringComparison.Ordinal)));
        Assert.Equal(46, rows.Count(a => a.Detail == "locked"));
        Assert.DoesNotContain(rows, a => a.Outcome == AuditOutcome.Success);
        var user = await db.Users.SingleAsync(u => u.Id == id);
        Assert.True(user.LockedUntil > app.Clock.GetUtcNow().UtcDateTime);
    }

    [Fact]
    public async Task The_lockout_ends_after_fifteen_minutes_and_the_count_starts_again()
    {
        var (name, _) = await NewUserAsync();
        await using (var scope = app.Scope())
        {
            var handler = scope.ServiceProvider.GetRequiredService<LoginHandler>();
            for (var i = 0; i < 5; i++) await handler.LoginAsync(name, "wrong-" + i, CancellationToken.None);
            Assert.Equal(LoginFailure.LockedOut, (await handler.LoginAsync(name, RightPassword, CancellationToken.None)).Failure);
        }
        await using (var scope = app.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<EqualCareDb>();
            // Move the lock into the past rather than the shared clock, which other tests read.
            await db.Users.Where(u => u.UserName == name).ExecuteUpdateAsync(s => s.SetProperty(u => u.LockedUntil,
                app.Clock.GetUtcNow().UtcDateTime.AddSeconds(-1)));
            var handler = scope.ServiceProvider.GetRequiredService<LoginHandler>();
            Assert.Equal(LoginFailure.WrongCredentials, (await handler.LoginAsync(name, "wrong-again", CancellationToken.None)).Failure);
            Assert.NotNull((await handler.LoginAsync(name, RightPassword, CancellationToken.None)).User);
        }
    }

    [Fact]
    public async Task A_locked_user_and_an_unknown_name_get_the_same_answer()
    {
        var (name, _) = await NewUserAsync();
        for (var i = 0; i < 5; i++) await app.Client().PostLoginAsync(name, "wrong-" + i);
        var locked = await app.Client().PostLoginAsync(name, "wrong-again");
        var unknown = await app.Client().PostLoginAsync("nobody" + Guid.NewGuid().ToString("N")[..8], "wrong-again");
        var wrong = await app.Client().PostLoginAsync((await NewUserAsync()).Name, "wrong-again");
        Assert.Equal(unknown.StatusCode, locked.StatusCode);
        Assert.Equal(unknown.StatusCode, wrong.StatusCode);
        var lockedError = ErrorsOf(await locked.Content.ReadAsStringAsync());
        Assert.Equal(ErrorsOf(await unknown.Content.ReadAsStringAsync()), lockedError);
        Assert.Equal(ErrorsOf(await wrong.Content.ReadAsStringAsync()), lockedError);
        Assert.Contains("用户名或密码错误", lockedError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_name_and_a_locked_user_each_cost_one_password_hash_like_a_wrong_password()
    {
        var (name, _) = await NewUserAsync();
        for (var i = 0; i < 5; i++) await app.Client().PostLoginAsync(name, "wrong-" + i);
        await using var scope = app.Scope();
        var services = scope.ServiceProvider;
        var hasher = new CountingHasher(services.GetRequiredService<IPasswordHasher<User>>());
        var handler = new LoginHandler(services.GetRequiredService<EqualCareDb>(), hasher, services.GetRequiredService<AuditLog>(),
            services.GetRequiredService<TimeProvider>(), services.GetRequiredService<TwoFactor>());

        Assert.Null((await handler.LoginAsync("nobody" + Guid.NewGuid().ToString("N")[..8], "x", CancellationToken.None)).User);
        Assert.Equal(1, hasher.Verifications);
        Assert.Null((await handler.LoginAsync(name, "wrong-again", CancellationToken.None)).User);
        Assert.Equal(2, hasher.Verifications);
    }

    /// <summary>Counts verifications: the time of a refusal is the time of one hash whichever way it is refused.</summary>
    sealed class CountingHasher(IPasswordHasher<User> inner) : IPasswordHasher<User>
    {
        public int Verifications { get; private set; }

        public string HashPassword(User user, string password) => inner.HashPassword(user, password);

        public PasswordVerificationResult VerifyHashedPassword(User user, string hashedPassword, string providedPassword)
        {
            Verifications++;
            return inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }
    }

    static string ErrorsOf(string html) => ErrorBlock().Match(html) is { Success: true } m ? m.Groups[1].Value : "(no errors block)";

    [GeneratedRegex("class=\"errors[^\"]*\"[^>]*>(.*?)</div>", RegexOptions.Singleline)]
    private static partial Regex ErrorBlock();
}

[Collection(OnSqlite.Name)]
public sealed class LoginLockoutTestsOnSqlite(SqliteApp app) : LoginLockoutTests(app);

[Collection(OnPostgres.Name)]
public sealed class LoginLockoutTestsOnPostgres(PostgresApp app) : LoginLockoutTests(app);
