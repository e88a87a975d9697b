using EqualCare.Web.Data;
using EqualCare.Web.Web;
using Microsoft.EntityFrameworkCore;

namespace EqualCare.Web.Features.Admin.Users;

public sealed record UserRow(
    long Id, string UserName, string DisplayName, string Role, string OrgCode, string? OrgName, bool IsDisabled,
    bool MustChangePassword, DateTime? LockedUntil, DateTime CreatedAt, bool IsServiceAccount = false);

public sealed record UserPage(int Total, int Page, int PageSize, IReadOnlyList<UserRow> Items)
{
    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);
}

/// <summary>The users an administrator manages: those bound to units inside its own scope.</summary>
public sealed class UserDirectory(EqualCareDb db)
{
    public const int PageSize = 50;

    public async Task<UserPage> ListAsync(CurrentUser admin, string? search, int page, CancellationToken ct)
    {
        var users = db.Users.AsNoTracking().WithinOrg(u => u.OrgCode, admin.Org);
        if (!string.IsNullOrWhiteSpace(search))
        {
            var s = search.Trim();
            users = users.Where(u => u.UserName.Contains(s) || u.DisplayName.Contains(s));
        }
        var total = await users.CountAsync(ct);
        page = Math.Clamp(page, 1, Math.Max(1, (total + PageSize - 1) / PageSize));
        var rows = await Rows(users.OrderBy(u => u.OrgCode).ThenBy(u => u.UserName).Skip((page - 1) * PageSize).Take(PageSize))
            .ToListAsync(ct);
        return new UserPage(total, page, PageSize, rows);
    }

    public Task<UserRow?> FindAsync(CurrentUser admin, long id, CancellationToken ct) =>
        Rows(db.Users.AsNoTracking().WithinOrg(u => u.OrgCode, admin.Org).Where(u => u.Id == id)).SingleOrDefaultAsync(ct);

    IQueryable<UserRow> Rows(IQueryable<Domain.User> users) => users.Select(u => new UserRow(
        u.Id, u.UserName, u.DisplayName, u.Role, u.OrgCode,
        db.OrgUnits.Where(o => o.Code == u.OrgCode).Select(o => o.Name).FirstOrDefault(),
        u.IsDisabled, u.MustChangePassword, u.LockedUntil, u.CreatedAt, u.IsServiceAccount));
}
