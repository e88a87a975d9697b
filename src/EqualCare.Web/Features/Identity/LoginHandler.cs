using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using EqualCare.Web.Web;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace EqualCare.Web.Features.Identity;

public enum LoginFailure
{
    WrongCredentials,
    LockedOut,
    Disabled,
}

public sealed record LoginResult(User? User, LoginFailure? Failure);

/// <summary>Checks a password, counts failures and locks the account after five in a row.</summary>
public sealed class LoginHandler(EqualCareDb db, IPasswordHasher<User> hasher, AuditLog audit, TimeProvider clock)
{
    public async Task<LoginResult> LoginAsync(string userName, string password, CancellationToken ct)
    {
        var user = await db.Users.SingleOrDefaultAsync(u => u.UserName == userName, ct);
        if (user is null)
        {
            await audit.RecordAsync(AuditLog.Actions.Login, "user", null, AuditOutcome.Refused, "unknown user", userName, ct);
            return new LoginResult(null, LoginFailure.WrongCredentials);
        }
        var now = clock.UtcNow();
        if (user.IsDisabled) return await RefuseAsync(user, LoginFailure.Disabled, "disabled", ct);
        if (user.LockedUntil is { } until && until > now) return await RefuseAsync(user, LoginFailure.LockedOut, "locked", ct);

        var verdict = hasher.VerifyHashedPassword(user, user.PasswordHash, password);
        if (verdict == PasswordVerificationResult.Failed)
        {
            user.FailedLoginCount++;
            if (user.FailedLoginCount >= PasswordPolicy.MaxFailedAttempts)
            {
                user.LockedUntil = now + PasswordPolicy.LockoutDuration;
                user.FailedLoginCount = 0;
                return await RefuseAsync(user, LoginFailure.LockedOut, "wrong password; locked", ct);
            }
            return await RefuseAsync(user, LoginFailure.WrongCredentials, "wrong password", ct);
        }
        if (verdict == PasswordVerificationResult.SuccessRehashNeeded) user.PasswordHash = hasher.HashPassword(user, password);
        user.FailedLoginCount = 0;
        user.LockedUntil = null;
        audit.Add(AuditLog.Actions.Login, "user", Id(user), userName: user.UserName);
        await db.SaveChangesAsync(ct);
        return new LoginResult(user, null);
    }

    async Task<LoginResult> RefuseAsync(User user, LoginFailure failure, string detail, CancellationToken ct)
    {
        audit.Add(AuditLog.Actions.Login, "user", Id(user), AuditOutcome.Refused, detail, user.UserName);
        await db.SaveChangesAsync(ct);
        return new LoginResult(null, failure);
    }

    static string Id(User user) => user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
