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
/// 256 random bits, so a plain hash is enough: there is nothing to guess). It acts with its user's role and scope.
/// </summary>
public sealed class ApiTokenService(EqualCareDb db, AuditLog audit, TimeProvider clock)
{
    const string Scheme = "eqc_";
    static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(5);

    public sealed record Created(ApiToken Token, string PlainText);

    public async Task<Result<Created>> CreateAsync(string userName, string label, string createdBy, CancellationToken ct)
    {
        label = label.Trim();
        if (label.Length is 0 or > 100) return Error.Validation("token.nameRequired");
        var user = await db.Users.SingleOrDefaultAsync(u => u.UserName == userName, ct);
        if (user is null) return Error.NotFound("user.notFound");
        if (user.IsDisabled) return Error.Validation("token.userDisabled");

        var plain = Scheme + Base64Url(RandomNumberGenerator.GetBytes(32));
        var token = new ApiToken
        {
            UserId = user.Id,
            Name = label,
            TokenHash = Hash(plain),
            TokenPrefix = plain[..10],
            CreatedAt = clock.UtcNow(),
            CreatedBy = createdBy,
        };
        db.ApiTokens.Add(token);
        await audit.SaveWithAsync(AuditLog.Actions.Create, "api-token", () => Id(token.Id), detail: $"user={user.UserName}", userName: createdBy, ct: ct);
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

    /// <summary>The user a presented token acts for, or null if the token is unknown, revoked or its user disabled.</summary>
    public async Task<User?> AuthenticateAsync(string presented, CancellationToken ct)
    {
        if (!presented.StartsWith(Scheme, StringComparison.Ordinal) || presented.Length > 200) return null;
        var hash = Hash(presented);
        var row = await db.ApiTokens
            .Where(t => t.TokenHash == hash && t.RevokedAt == null)
            .Join(db.Users, t => t.UserId, u => u.Id, (t, u) => new { Token = t, User = u })
            .SingleOrDefaultAsync(ct);
        if (row is null || row.User.IsDisabled) return null;
        // "Last used" for the administrators' list, written at most every few minutes so a busy client costs no write per call.
        var now = clock.UtcNow();
        if (row.Token.LastUsedAt is not { } last || now - last > LastUsedResolution)
            await db.ApiTokens.Where(t => t.Id == row.Token.Id).ExecuteUpdateAsync(s => s.SetProperty(t => t.LastUsedAt, now), ct);
        return row.User;
    }

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);
}
