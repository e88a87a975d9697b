using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using EqualCare.Web.Domain.Cases;
using EqualCare.Web.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace EqualCare.Web.Features.Certificates;

/// <summary>The "EqualCare" configuration keys of this feature.</summary>
public sealed class CertificateOptions
{
    /// <summary>
    /// Days after arrival within which a woman presents her 婚育证明 (条例 Art. 8: 30 days; some cities ask 15, docs/rules.md §1A).
    /// </summary>
    public int CertificateDueDays { get; set; } = 30;
}

public sealed record MissingSearch(string? Community = null, int Page = 1, int PageSize = 20)
{
    public const int MaxPageSize = 200;
    public int SafePage => Math.Max(1, Page);
    public int SafePageSize => Math.Clamp(PageSize, 1, MaxPageSize);
}

/// <summary>A row of the list: the ID number is masked.</summary>
public sealed record MissingItem(
    long Id, string Name, string IdNumberMasked, DateOnly BirthDate, int Age, string CommunityCode, string? CommunityName,
    DateOnly ArrivalDate, int DaysSinceArrival);

public sealed record MissingPage(int Total, int Page, int PageSize, int DueDays, IReadOnlyList<MissingItem> Items);

/// <summary>
/// Women of 18–49 (docs/rules.md §6.3: who needs the certificate) in the user's scope, active, 流入, who arrived more than
/// <see cref="CertificateOptions.CertificateDueDays"/> days ago and have no valid 婚育证明 (electronic, or not yet
/// expired). One set-based query with NOT EXISTS (plus its count), paged; longest overdue first.
/// </summary>
public sealed class MissingCertificates(EqualCareDb db, TimeProvider clock, IOptions<CertificateOptions> options)
{
    public async Task<MissingPage> ListAsync(CurrentUser user, MissingSearch search, CancellationToken ct)
    {
        var today = clock.Today();
        var dueDays = Math.Max(0, options.Value.CertificateDueDays);
        var youngestBirth = today.AddYears(-18);                        // 18 today or older
        var oldestBirth = today.AddYears(-(CaseRules.ChildbearingAgeTo + 1)); // not yet 50
        var arrivedBefore = today.AddDays(-dueDays);

        var query = db.Persons.AsNoTracking().InScopeOf(user)
            .Where(p => p.Sex == Sex.Female && p.Status == CaseStatus.Active && p.FlowDirection == FlowDirection.Inflow
                        && p.MergedIntoId == null
                        && p.BirthDate <= youngestBirth && p.BirthDate > oldestBirth
                        && p.ArrivalDate < arrivedBefore
                        && !db.Certificates.Any(c => c.PersonId == p.Id && c.Kind == CertificateKind.MarriageAndChildbearing
                                                     && (c.Form == CertificateForm.Electronic || c.ValidUntil >= today)));
        if (OrgCode.TryParse(search.Community, out var community))
            query = query.WithinOrg(p => p.CommunityCode, community);

        var total = await query.CountAsync(ct);
        var rows = await query
            .OrderBy(p => p.ArrivalDate).ThenBy(p => p.Id)
            .Skip((search.SafePage - 1) * search.SafePageSize)
            .Take(search.SafePageSize)
            .Select(p => new
            {
                p.Id, p.Name, p.IdNumber, p.BirthDate, p.CommunityCode, p.ArrivalDate,
                CommunityName = db.OrgUnits.Where(o => o.Code == p.CommunityCode).Select(o => o.Name).FirstOrDefault(),
            })
            .ToListAsync(ct);
        var items = rows.Select(r => new MissingItem(r.Id, r.Name, Masking.IdNumber(r.IdNumber), r.BirthDate,
            CaseRules.AgeOn(r.BirthDate, today), r.CommunityCode, r.CommunityName, r.ArrivalDate,
            today.DayNumber - r.ArrivalDate.DayNumber)).ToList();
        return new MissingPage(total, search.SafePage, search.SafePageSize, dueDays, items);
    }
}
