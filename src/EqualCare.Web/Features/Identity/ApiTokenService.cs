using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using EqualCare.Web.Web;
using Microsoft.EntityFrameworkCore;

namespace EqualCare.Web.Features.Identity;

/// <summary>
/// Bearer tokens for other systems. A token is shown once when it is made; only its SHA-256 hash is kept (a token is
/// 256 random bits, so a plain hash is enough: there is nothing to guess). It acts with its user's role and scope, and
/// expires (default 90 days, setting <c>EqualCare:ApiTokenLifetimeDays</c>; 等保 2.0 三级 身份鉴别).
/// Separation of duties (issue 14 point 1): a person's token is made only by that person (<see cref="CreateOwnAsync"/>);
/// an administrator makes tokens only for service accounts (<see cref="CreateForServiceAccountAsync"/>); the server's own
/// command line, which needs shell access to the server, may make one for any account and is audited as an operator
/// command (<see cref="CreateAsync"/>).
/// </summary>
public sealed class ApiTokenService(EqualCareDb db, AuditLog audit, TimeProvider clock, IConfiguration configuration)
{
    const string Scheme = "eqc_";
    static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(5);
    public const int DefaultLifetimeDays = 90;

    public sealed record Created(ApiToken Token, string PlainText);

    /// <summary>How long a new token lives: the setting, within 1 to 366 days.</summary>
    public TimeSpan Lifetime =>
        TimeSpan.FromDays(Math.Clamp(configuration.GetValue("EqualCare:ApiTokenLifetimeDays", DefaultLifetimeDays), 1, 366));

    /// <summary>The server's command line (<c>tokens create</c>): any account, audited as an operator command.</summary>
    public async Task<Result<Created>> CreateAsync(string userName, string label, string createdBy, CancellationToken ct)
    {
        var user = await db.Users.SingleOrDefaultAsync(u => u.UserName == userName, ct);
        if (user is null) return Error.NotFound("user.notFound");
        return await IssueAsync(user, label, createdBy, $"operator command: tokens create; user={user.UserName}", ct);
    }

    /// <summary>A user's own token, for a system she uses in her own name.</summary>
    public async Task<Result<Created>> CreateOwnAsync(CurrentUser owner, string label, CancellationToken ct)
    {
        var user = await db.Users.SingleOrDefaultAsync(u => u.Id == owner.Id, ct);
        if (user is null) return Error.NotFound("user.notFound");
        return await IssueAsync(user, label, user.UserName, $"own token; user={user.UserName}", ct);
    }

    /// <summary>
    /// An administrator's token for a service account (never a person's account: its reads would be audited under that
    /// person). The caller has checked the account is in the administrator's scope.
    /// </summary>
    public async Task<Result<Created>> CreateForServiceAccountAsync(string userName, string label, string admin, CancellationToken ct)
    {
        var user = await db.Users.SingleOrDefaultAsync(u => u.UserName == userName, ct);
        if (user is null) return Error.NotFound("user.notFound");
        if (!user.IsServiceAccount)
        {
            await audit.RecordAsync(AuditLog.Actions.Create, "api-token", null, AuditOutcome.Refused,
                $"user={user.UserName} is a person's account, not a service account", admin, ct);
            return Error.Validation("token.personAccount");
        }
        return await IssueAsync(user, label, admin, $"service-account={user.UserName}", ct);
    }

    async Task<Result<Created>> IssueAsync(User user, string label, string createdBy, string detail, CancellationToken ct)
    {
        label = label.Trim();
        if (label.Length is 0 or > 100) return Error.Validation("token.nameRequired");
        if (user.IsDisabled) return Error.Validation("token.userDisabled");

        var plain = Scheme + Base64Url(RandomNumberGenerator.GetBytes(32));
        var now = clock.UtcNow();
        var token = new ApiToken
        {
            UserId = user.Id,
            Name = label,
            TokenHash = Hash(plain),
            TokenPrefix = plain[..10],
            CreatedAt = now,
            CreatedBy = createdBy,
            ExpiresAt = now + Lifetime,
        };
        db.ApiTokens.Add(token);
        var expires = token.ExpiresAt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        await audit.SaveWithAsync(AuditLog.Actions.Create, "api-token", () => Id(token.Id), detail: $"{detail}; expires={expires}",
            userName: createdBy, ct: ct);
        return new Created(token, plain);
    }

    public async Task<Result<ApiToken>> RevokeAsync(long tokenId, string revokedBy, CancellationToken ct)
    {
        var token = await db.ApiTokens.SingleOrDefaultAsync(t => t.Id == tokenId, ct);
        if (token is null) return Error.NotFound("token.notFound");
        if (token.RevokedAt is null)
        {
            token.RevokedAt = clock.UtcNow();
            audit.Add(AuditLog.Actions.Revoke, "api-token", Id(token.Id), userName: revokedBy);
            await db.SaveChangesAsync(ct);
        }
        return token;
    }

    /// <summary>A user's own tokens, newest first (no hash leaves this class).</summary>
    public Task<List<ApiToken>> OwnAsync(long userId, CancellationToken ct) =>
        db.ApiTokens.AsNoTracking().Where(t => t.UserId == userId).OrderByDescending(t => t.Id).ToListAsync(ct);

    /// <summary>Revokes one of the user's own tokens; another user's token is "not found".</summary>
    public async Task<Result<ApiToken>> RevokeOwnAsync(CurrentUser owner, long tokenId, CancellationToken ct) =>
        await db.ApiTokens.AnyAsync(t => t.Id == tokenId && t.UserId == owner.Id, ct)
            ? await RevokeAsync(tokenId, owner.UserName, ct)
            : Error.NotFound("token.notFound");

    /// <summary>The user a presented token acts for, or null if the token is unknown, revoked, expired or its user disabled.</summary>
    public async Task<User?> AuthenticateAsync(string presented, CancellationToken ct) => (await CheckAsync(presented, ct)).User;

    /// <summary>The user a presented token acts for, or why it is refused (for the audit log; never the token itself).</summary>
    public async Task<(User? User, string? Refusal)> CheckAsync(string presented, CancellationToken ct)
    {
        if (!presented.StartsWith(Scheme, StringComparison.Ordinal) || presented.Length > 200) return (null, "unknown or revoked token");
        var hash = Hash(presented);
        // Read only: "last used" is written by its own statement below, so nothing of this row needs tracking.
        var row = await db.ApiTokens.AsNoTracking()
            .Where(t => t.TokenHash == hash && t.RevokedAt == null)
            .Join(db.Users, t => t.UserId, u => u.Id, (t, u) => new { Token = t, User = u })
            .SingleOrDefaultAsync(ct);
        if (row is null) return (null, "unknown or revoked token");
        var now = clock.UtcNow();
        if (row.Token.ExpiresAt <= now) return (null, $"expired token id={Id(row.Token.Id)} user={row.User.UserName}");
        if (row.User.IsDisabled) return (null, "unknown or revoked token");
        // "Last used" for the administrators' list, written at most every few minutes so a busy client costs no write per call.
        if (row.Token.LastUsedAt is not { } last || now - last > LastUsedResolution)
            await db.ApiTokens.Where(t => t.Id == row.Token.Id).ExecuteUpdateAsync(s => s.SetProperty(t => t.LastUsedAt, now), ct);
        return (row.User, null);
    }

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);
}
