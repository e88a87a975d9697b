using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using EqualCare.Web.Web;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace EqualCare.Web.Features.Identity;

/// <param name="ServiceAccount">Another system's account: no password (it cannot sign in), a name starting with
/// <see cref="UserAccounts.ServicePrefix"/>; the only kind of account an administrator may issue API tokens for.</param>
public sealed record NewUser(string UserName, string DisplayName, string Role, string OrgCode, string Password, bool ServiceAccount = false);

/// <summary>Creating, disabling and re-scoping users; each change is audited and ends the user's open sessions.</summary>
public sealed class UserAccounts(EqualCareDb db, IPasswordHasher<User> hasher, AuditLog audit, TimeProvider clock)
{
    public async Task<Result<User>> CreateAsync(NewUser input, string actor, CancellationToken ct, bool mustChangePassword = true)
    {
        var userName = input.UserName.Trim();
        if (userName.Length is < 2 or > 50 || !userName.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.'))
            return Error.Validation("user.badUserName", nameof(NewUser.UserName));
        if (string.IsNullOrWhiteSpace(input.DisplayName)) return Error.Validation("user.displayNameRequired", nameof(NewUser.DisplayName));
        if (!Roles.IsKnown(input.Role)) return Error.Validation("user.badRole", nameof(NewUser.Role));
        var org = await FindOrgAsync(input.OrgCode, ct);
        if (org is null) return Error.Validation("user.badOrg", nameof(NewUser.OrgCode));
        // Separation of duties (issue 14 point 1): a service account is recognisable by its name in every audit row it
        // leaves, and a person's account can never pass for one.
        if (input.ServiceAccount != userName.StartsWith(ServicePrefix, StringComparison.OrdinalIgnoreCase))
            return Error.Validation(input.ServiceAccount ? "user.servicePrefixRequired" : "user.servicePrefixReserved", nameof(NewUser.UserName));
        if (!input.ServiceAccount && PasswordPolicy.Check(input.Password, userName) is { } problem)
            return Error.Validation(problem, nameof(NewUser.Password));
        if (await db.Users.AnyAsync(u => u.UserName == userName, ct)) return Error.Conflict("user.exists");

        var user = new User
        {
            UserName = userName,
            DisplayName = input.DisplayName.Trim(),
            Role = input.Role,
            OrgCode = org.Code,
            PasswordHash = "",
            SecurityStamp = NewStamp(),
            CreatedAt = clock.UtcNow(),
            // A service account has no password to change; it cannot sign in at all (an empty hash verifies nothing).
            MustChangePassword = mustChangePassword && !input.ServiceAccount,
            IsServiceAccount = input.ServiceAccount,
        };
        if (!input.ServiceAccount) user.PasswordHash = hasher.HashPassword(user, input.Password);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        db.Users.Add(user);
        await db.SaveChangesAsync(ct);
        if (!input.ServiceAccount) AddHistory(user);
        var kind = input.ServiceAccount ? " service-account" : "";
        await audit.SaveWithAsync(AuditLog.Actions.Create, "user", () => Id(user), detail: $"role={user.Role} org={user.OrgCode}{kind}", userName: actor, ct: ct);
        await transaction.CommitAsync(ct);
        return user;
    }

    public Task<Result<User>> SetDisabledAsync(long userId, bool disabled, string actor, CancellationToken ct) =>
        ChangeAsync(userId, actor, disabled ? AuditLog.Actions.Disable : AuditLog.Actions.Enable, u =>
        {
            u.IsDisabled = disabled;
            return null;
        }, ct);

    public async Task<Result<User>> RescopeAsync(long userId, string role, string orgCode, string actor, CancellationToken ct)
    {
        if (!Roles.IsKnown(role)) return Error.Validation("user.badRole", "Role");
        var org = await FindOrgAsync(orgCode, ct);
        if (org is null) return Error.Validation("user.badOrg", "OrgCode");
        return await ChangeAsync(userId, actor, AuditLog.Actions.Rescope, u =>
        {
            u.Role = role;
            u.OrgCode = org.Code;
            return $"role={role} org={org.Code}";
        }, ct);
    }

    public async Task<Result<User>> ChangePasswordAsync(long userId, string current, string next, CancellationToken ct)
    {
        var user = await db.Users.SingleOrDefaultAsync(u => u.Id == userId, ct);
        if (user is null) return Error.NotFound("user.notFound");
        if (hasher.VerifyHashedPassword(user, user.PasswordHash, current) == PasswordVerificationResult.Failed)
            return Error.Validation("password.currentWrong", "CurrentPassword");
        if (PasswordPolicy.Check(next, user.UserName) is { } problem) return Error.Validation(problem, "NewPassword");
        if (next == current) return Error.Validation("password.sameAsOld", "NewPassword");
        if (await WasRecentlyUsedAsync(user, next, ct)) return Error.Validation("password.recentlyUsed", "NewPassword");
        user.PasswordHash = hasher.HashPassword(user, next);
        user.MustChangePassword = false;
        user.SecurityStamp = NewStamp();
        AddHistory(user);
        audit.Add(AuditLog.Actions.ChangePassword, "user", Id(user), userName: user.UserName);
        await db.SaveChangesAsync(ct);
        return user;
    }

    /// <summary>Service accounts' names start with this, and only theirs.</summary>
    public const string ServicePrefix = "svc-";

    /// <summary>
    /// Whether <paramref name="candidate"/> is the current password or one of the last <see cref="PasswordPolicy.HistoryDepth"/>
    /// (the history holds every password given since it exists, the current one included; the current hash is checked
    /// as well for accounts older than the history).
    /// </summary>
    async Task<bool> WasRecentlyUsedAsync(User user, string candidate, CancellationToken ct)
    {
        var recent = await db.PasswordHistory.AsNoTracking().Where(h => h.UserId == user.Id).OrderByDescending(h => h.Id)
            .Take(PasswordPolicy.HistoryDepth).Select(h => h.PasswordHash).ToListAsync(ct);
        return recent.Append(user.PasswordHash).Where(h => h.Length > 0)
            .Any(h => hasher.VerifyHashedPassword(user, h, candidate) != PasswordVerificationResult.Failed);
    }

    void AddHistory(User user) =>
        db.PasswordHistory.Add(new PasswordHistoryEntry { UserId = user.Id, PasswordHash = user.PasswordHash, SetAt = clock.UtcNow() });

    async Task<Result<User>> ChangeAsync(long userId, string actor, string action, Func<User, string?> change, CancellationToken ct)
    {
        var user = await db.Users.SingleOrDefaultAsync(u => u.Id == userId, ct);
        if (user is null) return Error.NotFound("user.notFound");
        var detail = change(user);
        user.SecurityStamp = NewStamp();
        audit.Add(action, "user", Id(user), detail: detail, userName: actor);
        await db.SaveChangesAsync(ct);
        return user;
    }

    // An administrator working through the pages manages only its own subtree: it binds users to units inside its scope
    // and changes only users bound there (a user outside it is "not found", as records outside scope are everywhere).
    // It cannot disable or re-scope itself, which could leave nobody to undo the change. The command line has no scope.

    public async Task<Result<User>> CreateAsync(NewUser input, CurrentUser actor, CancellationToken ct)
    {
        if (OrgCode.TryParse(input.OrgCode, out var org) && !actor.Org.Contains(org.Value))
            return await RefuseAsync(AuditLog.Actions.Create, null, $"org={org.Value} outside scope", actor,
                Error.Validation("user.orgOutsideScope", nameof(NewUser.OrgCode)), ct);
        return await CreateAsync(input, actor.UserName, ct);
    }

    public async Task<Result<User>> SetDisabledAsync(long userId, bool disabled, CurrentUser actor, CancellationToken ct) =>
        await GuardAsync(userId, disabled ? AuditLog.Actions.Disable : AuditLog.Actions.Enable, actor, ct) is { } refused
            ? refused
            : await SetDisabledAsync(userId, disabled, actor.UserName, ct);

    public async Task<Result<User>> RescopeAsync(long userId, string role, string orgCode, CurrentUser actor, CancellationToken ct)
    {
        if (await GuardAsync(userId, AuditLog.Actions.Rescope, actor, ct) is { } refused) return refused;
        if (OrgCode.TryParse(orgCode, out var org) && !actor.Org.Contains(org.Value))
            return await RefuseAsync(AuditLog.Actions.Rescope, Id(userId), $"org={org.Value} outside scope", actor,
                Error.Validation("user.orgOutsideScope", "OrgCode"), ct);
        return await RescopeAsync(userId, role, orgCode, actor.UserName, ct);
    }

    async Task<Error?> GuardAsync(long userId, string action, CurrentUser actor, CancellationToken ct)
    {
        var target = await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => u.OrgCode).SingleOrDefaultAsync(ct);
        if (target is null || !actor.Org.Contains(target))
            return await RefuseAsync(action, Id(userId), "not found or outside scope", actor, Error.NotFound("user.notFound"), ct);
        if (userId == actor.Id) return await RefuseAsync(action, Id(userId), "own account", actor, Error.Validation("user.notSelf"), ct);
        return null;
    }

    async Task<Error> RefuseAsync(string action, string? userId, string detail, CurrentUser actor, Error error, CancellationToken ct)
    {
        await audit.RecordAsync(action, "user", userId, AuditOutcome.Refused, detail, actor.UserName, ct);
        return error;
    }

    Task<OrgUnit?> FindOrgAsync(string? code, CancellationToken ct) =>
        OrgCode.TryParse(code, out var parsed)
            ? db.OrgUnits.AsNoTracking().SingleOrDefaultAsync(o => o.Code == parsed.Value, ct)
            : Task.FromResult<OrgUnit?>(null);

    static string NewStamp() => Guid.NewGuid().ToString("N");

    static string Id(User u) => Id(u.Id);

    static string Id(long id) => id.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
