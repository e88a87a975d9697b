using EqualCare.Web.Data;
using EqualCare.Web.Domain.Hotline;
using Microsoft.EntityFrameworkCore;

namespace EqualCare.Web.Features.Hotline;

/// <summary>What the hotline log gives the statistics form (seed 002 附件 column 3, 提供卫生计生政策咨询服务, 人次).</summary>
public static class HotlineCounts
{
    /// <summary>
    /// The calls and visits counted for a community in a period (Beijing dates, both included): every logged contact whose
    /// topic is about 卫生计生 (docs/rules.md §10.2), whichever office took it. One indexed count.
    /// </summary>
    public static Task<long> ConsultationsAsync(EqualCareDb db, string community, DateOnly from, DateOnly to, CancellationToken ct) =>
        db.Set<HotlineContact>().Where(c => c.CommunityCode == community && c.ContactedOn >= from && c.ContactedOn <= to
                                            && c.Topic != HotlineTopic.HousingJobs).LongCountAsync(ct);
}
