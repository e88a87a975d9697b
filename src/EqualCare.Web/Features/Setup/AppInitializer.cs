using System.Security.Cryptography;
using EqualCare.Web.Data;
using EqualCare.Web.Features.Demo;
using EqualCare.Web.Features.Identity;
using EqualCare.Web.Features.OrgUnits;
using EqualCare.Web.Domain;
using EqualCare.Web.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace EqualCare.Web.Features.Setup;

/// <summary>
/// What start-up does before serving: migrate, load the default province's org units into an empty table, make the
/// first administrator (production) or the demo accounts and demo persons (demo mode).
/// </summary>
public sealed class AppInitializer(
    MigrationRunner migrations, OrgUnitLoader orgUnits, IServiceScopeFactory scopes, IOptions<EqualCareOptions> options,
    ILogger<AppInitializer> logger)
{
    public async Task InitializeAsync(CancellationToken ct = default)
    {
        await migrations.MigrateAsync(ct);
        var settings = options.Value;
        if (await orgUnits.IsEmptyAsync(ct))
        {
            var count = await orgUnits.LoadAsync(settings.DefaultProvince, ct);
            logger.LogInformation("Loaded {Count} org units of province {Province}", count, settings.DefaultProvince);
        }
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<EqualCareDb>();
        var accounts = scope.ServiceProvider.GetRequiredService<UserAccounts>();
        if (settings.Demo) await EnsureDemoAsync(db, accounts, scope.ServiceProvider, settings, ct);
        else await EnsureFirstAdministratorAsync(db, accounts, settings, ct);
    }

    static async Task EnsureFirstAdministratorAsync(EqualCareDb db, UserAccounts accounts, EqualCareOptions settings, CancellationToken ct)
    {
        if (await db.Users.AnyAsync(ct)) return;
        var generated = string.IsNullOrEmpty(settings.AdminPassword);
        var password = generated ? GeneratePassword() : settings.AdminPassword!;
        var org = settings.DefaultProvince.PadRight(OrgCode.Length, '0');
        var result = await accounts.CreateAsync(new NewUser("admin", "系统管理员", Roles.SystemAdmin, org, password), "system", ct,
            mustChangePassword: generated);
        if (!result.IsSuccess) throw new InvalidOperationException("First administrator not created: " + result.Error.Code);
        // Printed once on the console, never logged: the operator copies it and must change it at first login.
        if (generated) Console.WriteLine($"首次运行 First run: administrator 'admin', password: {password} (shown once; change it at first login)");
    }

    static async Task EnsureDemoAsync(EqualCareDb db, UserAccounts accounts, IServiceProvider services, EqualCareOptions settings,
        CancellationToken ct)
    {
        foreach (var a in DemoAccounts.All)
        {
            if (await db.Users.AnyAsync(u => u.UserName == a.UserName, ct)) continue;
            var result = await accounts.CreateAsync(new NewUser(a.UserName, a.DisplayName, a.Role, a.OrgCode, settings.DemoPassword),
                "system", ct, mustChangePassword: false);
            if (!result.IsSuccess) throw new InvalidOperationException($"Demo user {a.UserName} not created: {result.Error.Code}");
        }
        await Demo.DemoUnitContacts.EnsureAsync(db, ct);
        if (settings.DemoPersons > 0 && !await db.Persons.AnyAsync(ct))
        {
            var generator = services.GetRequiredService<Demo.DemoPersonsWriter>();
            await generator.GenerateAsync(settings.DemoPersons, seed: 2016, ct);
            await Demo.DemoMoveRequests.WriteAsync(db, services.GetRequiredService<TimeProvider>(), ct);
        }
        Console.WriteLine("演示模式 Demo mode. Accounts (password " + settings.DemoPassword + "): "
                          + string.Join(", ", DemoAccounts.All.Select(a => $"{a.UserName} ({a.DisplayName})")));
    }

    static string GeneratePassword()
    {
        // Upper case, lower case and digits in fixed places, so the password always meets PasswordPolicy's three classes.
        string[] classes = ["ABCDEFGHJKLMNPQRSTUVWXYZ", "abcdefghijkmnpqrstuvwxyz", "abcdefghijkmnpqrstuvwxyz", "23456789"];
        var chars = Enumerable.Range(0, 12).Select(i => classes[i % 4][RandomNumberGenerator.GetInt32(classes[i % 4].Length)]);
        return new string(chars.ToArray());
    }
}
