using System.Diagnostics;
using System.Globalization;
using EqualCare.Web.Data;
using EqualCare.Web.Features.Demo;
using EqualCare.Web.Features.Identity;
using EqualCare.Web.Features.OrgUnits;
using Microsoft.EntityFrameworkCore;

namespace EqualCare.Web.Features.Admin;

/// <summary>
/// Administration commands of the same executable, on the database the server would use:
/// <c>users list</c>, <c>users reset-two-factor --user NAME --by PERSON</c>, <c>tokens create --user NAME --name LABEL</c>, <c>tokens revoke --id N</c>,
/// <c>orgunits load --province CODE|--all</c>, <c>orgunits add --code CODE --name NAME --parent CODE --by PERSON</c>,
/// <c>demo generate --persons N [--seed S]</c>, <c>db migrate</c>, <c>sms run [--org CODE]</c>.
/// </summary>
public sealed class AdminCommands
{
    readonly string verb;
    readonly Dictionary<string, string?> options;
    TextWriter output = Console.Out;

    AdminCommands(string verb, Dictionary<string, string?> options)
    {
        this.verb = verb;
        this.options = options;
    }

    static readonly string[] Verbs =
        ["users list", "users reset-two-factor", "tokens create", "tokens revoke", "orgunits load", "orgunits add", "demo generate", "db migrate", "sms run",
         "due check", "due keep", "indicators check", "indicators keep", "indicators keep-figures"];

    public static AdminCommands? Find(string[] args)
    {
        if (args.Length < 2) return null;
        var verb = args[0] + " " + args[1];
        if (!Verbs.Contains(verb)) return null;
        var options = new Dictionary<string, string?>(StringComparer.Ordinal);
        for (var i = 2; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal)) continue;
            var hasValue = i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal);
            options[args[i][2..]] = hasValue ? args[++i] : null;
        }
        return new AdminCommands(verb, options);
    }

    public async Task<int> RunAsync(IServiceProvider services, CancellationToken ct) => await RunAsync(services, Console.Out, ct);

    /// <param name="output">Where results go (the console; a test passes its own writer).</param>
    public async Task<int> RunAsync(IServiceProvider services, TextWriter output, CancellationToken ct)
    {
        this.output = output;
        await services.GetRequiredService<MigrationRunner>().MigrateAsync(ct);
        await using var scope = services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        try
        {
            return verb switch
            {
                "users list" => await UsersListAsync(sp.GetRequiredService<EqualCareDb>(), ct),
                "users reset-two-factor" => await ResetTwoFactorAsync(sp.GetRequiredService<TwoFactor>(), ct),
                "tokens create" => await TokensCreateAsync(sp.GetRequiredService<ApiTokenService>(), ct),
                "tokens revoke" => await TokensRevokeAsync(sp.GetRequiredService<ApiTokenService>(), ct),
                "orgunits load" => await OrgUnitsLoadAsync(sp.GetRequiredService<OrgUnitLoader>(), ct),
                "orgunits add" => await OrgUnitsAddAsync(sp.GetRequiredService<OrgUnitAdder>(), ct),
                "demo generate" => await DemoGenerateAsync(sp, ct),
                "sms run" => await Sms.SmsCommand.RunAsync(sp, options.GetValueOrDefault("org"), output, ct),
                "due check" => await Worklist.DueCommand.CheckAsync(sp, Required("unit", "due check --unit CODE"), output, ct),
                "due keep" => await Worklist.DueCommand.KeepAsync(sp, Required("unit", "due keep --unit CODE"), output, ct),
                "indicators check" => await Indicators.IndicatorCommand.CheckAsync(sp, Required("unit", "indicators check --unit CODE"), output, ct),
                "indicators keep" => await Indicators.IndicatorCommand.KeepAsync(sp, Required("unit", "indicators keep --unit CODE"), output, ct),
                "indicators keep-figures" => await Indicators.KeepFiguresCommand.RunAsync(sp, options.GetValueOrDefault("unit"), options.GetValueOrDefault("period"), output, ct),
                _ => 0, // db migrate: done above
            };
        }
        catch (UsageException e)
        {
            await output.WriteLineAsync("usage: " + e.Message);
            return 2;
        }
    }

    async Task<int> UsersListAsync(EqualCareDb db, CancellationToken ct)
    {
        var users = await db.Users.AsNoTracking().OrderBy(u => u.UserName).ToListAsync(ct);
        output.WriteLine($"{"user",-16} {"role",-10} {"org",-12} {"status",-8} name");
        foreach (var u in users)
            output.WriteLine($"{u.UserName,-16} {u.Role,-10} {u.OrgCode,-12} {(u.IsDisabled ? "disabled" : "active"),-8} {u.DisplayName}");
        return 0;
    }

    /// <summary>--by names the person who asked (kept in the audit log), as for <c>orgunits add</c>.</summary>
    async Task<int> ResetTwoFactorAsync(TwoFactor twoFactor, CancellationToken ct)
    {
        const string usage = "users reset-two-factor --user NAME --by PERSON";
        var user = Required("user", usage);
        var done = await twoFactor.ResetByOperatorAsync(user, Required("by", usage), ct);
        output.WriteLine(done ? $"second factor of {user} removed; enrols again at next login" : "error: user.notFound");
        return done ? 0 : 1;
    }

    async Task<int> TokensCreateAsync(ApiTokenService tokens, CancellationToken ct)
    {
        var user = Required("user", "tokens create --user NAME --name LABEL");
        var name = Required("name", "tokens create --user NAME --name LABEL");
        var result = await tokens.CreateAsync(user, name, "console", ct);
        if (!result.IsSuccess)
        {
            await output.WriteLineAsync("error: " + result.Error.Code);
            return 1;
        }
        // The only time the token is ever shown; its expiry goes to the error stream so the first line stays the token alone.
        output.WriteLine(result.Value.PlainText);
        await Console.Error.WriteLineAsync(
            "expires " + result.Value.Token.ExpiresAt.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC");
        return 0;
    }

    async Task<int> TokensRevokeAsync(ApiTokenService tokens, CancellationToken ct)
    {
        if (!long.TryParse(Required("id", "tokens revoke --id N"), CultureInfo.InvariantCulture, out var id))
            throw new UsageException("tokens revoke --id N");
        var result = await tokens.RevokeAsync(id, "console", ct);
        output.WriteLine(result.IsSuccess ? $"revoked {id}" : "error: " + result.Error.Code);
        return result.IsSuccess ? 0 : 1;
    }

    async Task<int> OrgUnitsLoadAsync(OrgUnitLoader loader, CancellationToken ct)
    {
        var all = options.ContainsKey("all");
        var province = options.GetValueOrDefault("province");
        if (all == (province is not null)) throw new UsageException("orgunits load --province CODE | --all");
        var watch = Stopwatch.StartNew();
        var count = await loader.LoadAsync(all ? null : province, ct);
        output.WriteLine($"loaded {count} org units in {watch.Elapsed.TotalSeconds:F1} s");
        return 0;
    }

    /// <summary>A unit missing from the division data; --by names the person who added it (kept in the audit log).</summary>
    async Task<int> OrgUnitsAddAsync(OrgUnitAdder adder, CancellationToken ct)
    {
        const string usage = "orgunits add --code CODE --name NAME --parent CODE --by PERSON";
        var result = await adder.AddAsync(Required("code", usage), Required("name", usage), Required("parent", usage), Required("by", usage), ct);
        output.WriteLine(result.IsSuccess ? $"added {result.Value.Code} {result.Value.Name}" : "error: " + result.Error.Code);
        return result.IsSuccess ? 0 : 1;
    }

    async Task<int> DemoGenerateAsync(IServiceProvider sp, CancellationToken ct)
    {
        if (!int.TryParse(Required("persons", "demo generate --persons N [--seed S]"), CultureInfo.InvariantCulture, out var count) || count < 1)
            throw new UsageException("demo generate --persons N [--seed S]");
        var seed = options.TryGetValue("seed", out var s) && int.TryParse(s, CultureInfo.InvariantCulture, out var parsed) ? parsed : 2016;
        var watch = Stopwatch.StartNew();
        var written = await sp.GetRequiredService<DemoPersonsWriter>().GenerateAsync(count, seed, ct);
        output.WriteLine($"generated {written} persons in {watch.Elapsed.TotalSeconds:F1} s");
        return 0;
    }

    string Required(string option, string usage) =>
        options.GetValueOrDefault(option) is { Length: > 0 } value ? value : throw new UsageException(usage);

    sealed class UsageException(string message) : Exception(message);
}
