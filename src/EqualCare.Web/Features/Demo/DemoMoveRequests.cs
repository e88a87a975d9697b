using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using EqualCare.Web.Domain.Cases;
using EqualCare.Web.Web;
using Microsoft.EntityFrameworkCore;

namespace EqualCare.Web.Features.Demo;

/// <summary>
/// Two open 迁入申请 of 祥和社区, so that the requests page shows what it does: one to 中原社区 of the same street, due in
/// 15 days (the default deadline), and one to a community of 东风路街道 (another district) asked 20 days ago, overdue, which
/// 东风路街道's user may decide.
/// </summary>
public static class DemoMoveRequests
{
    public static async Task WriteAsync(EqualCareDb db, TimeProvider clock, CancellationToken ct)
    {
        var today = clock.Today();
        var now = clock.UtcNow();
        var (low, high) = OrgCode.Parse(DemoAccounts.DongfengluStreet).Range;
        var inStreet = await db.Persons.AsNoTracking()
            .Where(p => p.CommunityCode == DemoAccounts.Zhongyuan && p.Status == CaseStatus.Active && p.MergedIntoId == null)
            .OrderBy(p => p.Id).Select(p => (long?)p.Id).FirstOrDefaultAsync(ct);
#pragma warning disable CA1309 // an index range over the padded codes, as CodeRange does
        var otherDistrict = await db.Persons.AsNoTracking()
            .Where(p => string.Compare(p.CommunityCode, low) >= 0 && string.Compare(p.CommunityCode, high) <= 0
                        && p.Status == CaseStatus.Active && p.MergedIntoId == null)
            .OrderBy(p => p.Id).Select(p => new { p.Id, p.CommunityCode }).FirstOrDefaultAsync(ct);
#pragma warning restore CA1309
        if (inStreet is { } near)
            db.MoveRequests.Add(new MoveRequest
            {
                PersonId = near, FromCommunityCode = DemoAccounts.Zhongyuan, ToCommunityCode = DemoAccounts.Xianghe, RequestedAt = now,
                RequestedBy = "xianghe", DueOn = MoveRequestRules.DueOn(today, MoveRequestRules.DefaultDecideWithinDays),
            });
        if (otherDistrict is not null)
            db.MoveRequests.Add(new MoveRequest
            {
                PersonId = otherDistrict.Id, FromCommunityCode = otherDistrict.CommunityCode, ToCommunityCode = DemoAccounts.Xianghe,
                RequestedAt = now.AddDays(-20), RequestedBy = "xianghe",
                DueOn = MoveRequestRules.DueOn(today.AddDays(-20), MoveRequestRules.DefaultDecideWithinDays),
            });
        await db.SaveChangesAsync(ct);
    }
}
