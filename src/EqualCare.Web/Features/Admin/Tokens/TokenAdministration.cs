using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using EqualCare.Web.Features.Identity;
using EqualCare.Web.Web;
using Microsoft.EntityFrameworkCore;

namespace EqualCare.Web.Features.Admin.Tokens;

public sealed record TokenRow(
    long Id, string Name, string UserName, string Prefix, DateTime CreatedAt, string CreatedBy, DateTime? LastUsedAt,
    DateTime? RevokedAt, DateTime ExpiresAt, bool ServiceAccount);

/// <summary>
/// API tokens as an administrator manages them: only tokens of users inside its own scope, the same rule as for the users
/// themselves (a token acts with its user's role and scope, so issuing one is as strong as managing that user). It lists
/// and revokes any of them, but issues tokens only for service accounts: a token in a person's name would let the
/// administrator read persons under that person's name (separation of duties, issue 14 point 1). A person makes her own
/// tokens on /Account/Tokens.
/// </summary>
public sealed class TokenAdministration(EqualCareDb db, ApiTokenService tokens)
{
    public Task<List<TokenRow>> ListAsync(CurrentUser admin, CancellationToken ct) =>
        db.ApiTokens.AsNoTracking()
            .Join(db.Users.WithinOrg(u => u.OrgCode, admin.Org), t => t.UserId, u => u.Id, (t, u) => new { t, u.UserName, u.IsServiceAccount })
            .OrderByDescending(x => x.t.Id)
            .Select(x => new TokenRow(x.t.Id, x.t.Name, x.UserName, x.t.TokenPrefix, x.t.CreatedAt, x.t.CreatedBy, x.t.LastUsedAt,
                x.t.RevokedAt, x.t.ExpiresAt, x.IsServiceAccount))
            .ToListAsync(ct);

    public async Task<Result<ApiTokenService.Created>> IssueAsync(CurrentUser admin, string? userName, string? label, CancellationToken ct)
    {
        var name = userName?.Trim() ?? "";
        var inScope = await db.Users.WithinOrg(u => u.OrgCode, admin.Org).AnyAsync(u => u.UserName == name, ct);
        if (!inScope) return Error.Validation("user.notFound", "UserName");
        var created = await tokens.CreateForServiceAccountAsync(name, label ?? "", admin.UserName, ct);
        // The service reports its errors without a field; put them next to the field they are about.
        return created.IsSuccess ? created : created.Error with { Field = created.Error.Code == "token.nameRequired" ? "Label" : "UserName" };
    }

    /// <summary>The service accounts in the administrator's scope that may be given a token, for the form's choices.</summary>
    public Task<List<string>> ServiceAccountsAsync(CurrentUser admin, CancellationToken ct) =>
        db.Users.AsNoTracking().WithinOrg(u => u.OrgCode, admin.Org).Where(u => u.IsServiceAccount && !u.IsDisabled)
            .OrderBy(u => u.UserName).Select(u => u.UserName).ToListAsync(ct);

    public async Task<Result<long>> RevokeAsync(CurrentUser admin, long tokenId, CancellationToken ct)
    {
        var inScope = await db.ApiTokens
            .Join(db.Users.WithinOrg(u => u.OrgCode, admin.Org), t => t.UserId, u => u.Id, (t, u) => t.Id)
            .AnyAsync(id => id == tokenId, ct);
        if (!inScope) return Error.NotFound("token.notFound");
        var revoked = await tokens.RevokeAsync(tokenId, admin.UserName, ct);
        return revoked.IsSuccess ? revoked.Value.Id : revoked.Error;
    }
}
