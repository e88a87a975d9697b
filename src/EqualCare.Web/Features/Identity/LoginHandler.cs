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

/// <param name="SecondFactorFor">The password was right and this user has a second factor: she is not signed in (User is
/// null) until <see cref="LoginHandler.SecondFactorAsync"/> accepts a code.</param>
public sealed record LoginResult(User? User, LoginFailure? Failure, User? SecondFactorFor = null);

/// <summary>Checks a password, counts failures and locks the account after five in a row.</summary>
/// <remarks>
/// 等保 三级 身份鉴别 asks for a lockout after repeated failures; it only holds if parallel guesses cannot each read the
/// same count. So an attempt is first reserved by one atomic UPDATE (count + 1, and the lock set by the attempt that
/// reaches the limit), and the password is checked only by an attempt that got a reservation: at most five checks per
/// lockout period, whatever the concurrency. Unknown names and locked accounts are refused after a hash against a
/// dummy hash, so that neither answer nor time tells whether the name exists.
/// </remarks>
public sealed class LoginHandler(EqualCareDb db, IPasswordHasher<User> hasher, AuditLog audit, TimeProvider clock, TwoFactor twoFactor)
{
    static string? dummyHash;

    public async Task<LoginResult> LoginAsync(string userName, string password, CancellationToken ct)
    {
        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.UserName == userName, ct);
        if (user is null)
        {
            VerifyAgainstDummy(password);
            await audit.RecordAsync(AuditLog.Actions.Login, "user", null, AuditOutcome.Refused, "unknown user", userName, ct);
            return new LoginResult(null, LoginFailure.WrongCredentials);
        }
        if (user.IsDisabled) return await RefuseAsync(user, LoginFailure.Disabled, "disabled", ct);

        var attempt = await ReserveAttemptAsync(user.Id, ct);
        if (attempt is null)
        {
            VerifyAgainstDummy(password);
            return await RefuseAsync(user, LoginFailure.LockedOut, "locked", ct);
        }

        var verdict = hasher.VerifyHashedPassword(user, user.PasswordHash, password);
        if (verdict == PasswordVerificationResult.Failed)
        {
            return attempt >= PasswordPolicy.MaxFailedAttempts
                ? await RefuseAsync(user, LoginFailure.LockedOut, "wrong password; locked", ct)
                : await RefuseAsync(user, LoginFailure.WrongCredentials, "wrong password", ct);
        }

        db.Attach(user);
        if (verdict == PasswordVerificationResult.SuccessRehashNeeded) user.PasswordHash = hasher.HashPassword(user, password);
        if (await twoFactor.IsEnabledAsync(user.Id, ct))
        {
            // The right password alone is not a login (issue 14 point 5): it gives back the attempt it reserved but does not
            // clear earlier failures, so that a known password cannot reset the count between guesses of the code; the
            // wrong codes count against the same limit of five. Given back only if no other attempt came in between.
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await db.Database.ExecuteSqlAsync($"""
                UPDATE users SET failed_login_count = failed_login_count - 1, locked_until = NULL
                WHERE id = {user.Id} AND failed_login_count = {attempt.Value}
                """, ct);
            audit.Add(AuditLog.Actions.Login, "user", Id(user), detail: "password; second factor pending", userName: user.UserName);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return new LoginResult(null, null, SecondFactorFor: user);
        }

        // The reserved attempt was the right password: clear the count and any lock it set, with the audit row.
        user.FailedLoginCount = 0;
        user.LockedUntil = null;
        db.Entry(user).Property(u => u.FailedLoginCount).IsModified = true;
        db.Entry(user).Property(u => u.LockedUntil).IsModified = true;
        audit.Add(AuditLog.Actions.Login, "user", Id(user), userName: user.UserName);
        await db.SaveChangesAsync(ct);
        return new LoginResult(user, null);
    }

    /// <summary>
    /// The login's second step, for a user whose password was accepted by <see cref="LoginAsync"/>: a current TOTP code or an
    /// unused recovery code. Each code attempt is reserved like a password attempt, so the lockout after five failures
    /// holds for codes too (a 6-digit code would otherwise be guessed in at most a million tries). The stamp is the one
    /// the password step saw: a password changed or an account re-scoped in between ends the pending login.
    /// </summary>
    public async Task<LoginResult> SecondFactorAsync(long userId, string stamp, string code, CancellationToken ct)
    {
        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == userId, ct);
        if (user is null || user.SecurityStamp != stamp) return new LoginResult(null, LoginFailure.WrongCredentials);
        if (user.IsDisabled) return await RefuseAsync(user, LoginFailure.Disabled, "disabled", ct);
        var attempt = await ReserveAttemptAsync(user.Id, ct);
        if (attempt is null) return await RefuseAsync(user, LoginFailure.LockedOut, "locked; second factor", ct);

        // The code's use (its time step claimed, or the recovery code used up) commits with the audit row.
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var method = code.Length <= 40 ? await twoFactor.VerifyAsync(user.Id, code, ct) : null;
        if (method is null)
        {
            var result = attempt >= PasswordPolicy.MaxFailedAttempts
                ? await RefuseAsync(user, LoginFailure.LockedOut, "wrong second factor; locked", ct)
                : await RefuseAsync(user, LoginFailure.WrongCredentials, "wrong second factor", ct);
            await transaction.CommitAsync(ct);
            return result;
        }
        db.Attach(user);
        user.FailedLoginCount = 0;
        user.LockedUntil = null;
        db.Entry(user).Property(u => u.FailedLoginCount).IsModified = true;
        db.Entry(user).Property(u => u.LockedUntil).IsModified = true;
        audit.Add(AuditLog.Actions.Login, "user", Id(user), detail: "second factor: " + method, userName: user.UserName);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return new LoginResult(user, null);
    }

    /// <summary>
    /// Counts one attempt, atomically: returns its number within the current lockout period (1 to 5), or null when the
    /// account is locked. A lock that has run out starts the count again at 1.
    /// </summary>
    async Task<int?> ReserveAttemptAsync(long userId, CancellationToken ct)
    {
        var now = clock.UtcNow();
        var until = now + PasswordPolicy.LockoutDuration;
        var max = PasswordPolicy.MaxFailedAttempts;
        // Both SQLite (3.35+) and PostgreSQL support UPDATE … RETURNING; SET expressions read the row's old values.
        var counts = await db.Database.SqlQuery<int>($"""
            UPDATE users SET
                failed_login_count = CASE WHEN locked_until IS NULL THEN failed_login_count + 1 ELSE 1 END,
                locked_until = CASE WHEN (CASE WHEN locked_until IS NULL THEN failed_login_count + 1 ELSE 1 END) >= {max}
                                    THEN {until} ELSE NULL END
            WHERE id = {userId} AND (locked_until IS NULL OR locked_until <= {now})
            RETURNING failed_login_count AS "Value"
            """).ToListAsync(ct);
        return counts.Count == 0 ? null : counts[0];
    }

    void VerifyAgainstDummy(string password)
    {
        var probe = new User
        {
            UserName = "", DisplayName = "", PasswordHash = "", Role = Roles.Community, OrgCode = "", SecurityStamp = "",
        };
        dummyHash ??= hasher.HashPassword(probe, Guid.NewGuid().ToString("N"));
        _ = hasher.VerifyHashedPassword(probe, dummyHash, password);
    }

    async Task<LoginResult> RefuseAsync(User user, LoginFailure failure, string detail, CancellationToken ct)
    {
        audit.Add(AuditLog.Actions.Login, "user", Id(user), AuditOutcome.Refused, detail, user.UserName);
        await db.SaveChangesAsync(ct);
        return new LoginResult(null, failure);
    }

    static string Id(User user) => user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
