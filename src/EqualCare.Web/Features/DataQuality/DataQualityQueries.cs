using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using EqualCare.Web.Domain.Cases;
using EqualCare.Web.Features.Persons;
using EqualCare.Web.Web;
using Microsoft.EntityFrameworkCore;

namespace EqualCare.Web.Features.DataQuality;

/// <summary>One community's counts; the ID-error counts are by check (a number failing two checks counts in both).</summary>
public sealed record CommunityQuality(
    string CommunityCode, string? CommunityName, int Cases, int IdFormat, int IdAreaCode, int IdBirthDate, int IdSex,
    int IdCheckCharacter, int IdInvalid, int PlaceholderId, int MissingFields, int NoContraception, int Stale)
{
    public int Count(QualityIssue issue) => issue switch
    {
        QualityIssue.IdFormat => IdFormat,
        QualityIssue.IdAreaCode => IdAreaCode,
        QualityIssue.IdBirthDate => IdBirthDate,
        QualityIssue.IdSex => IdSex,
        QualityIssue.IdCheckCharacter => IdCheckCharacter,
        QualityIssue.PlaceholderId => PlaceholderId,
        QualityIssue.MissingFields => MissingFields,
        QualityIssue.NoContraception => NoContraception,
        QualityIssue.Stale => Stale,
        _ => 0,
    };
}

/// <summary>ID accuracy of one org unit: valid or overridden ÷ all non-merged cases, in percent.</summary>
public sealed record UnitAccuracy(string Code, string? Name, int Cases, int Accurate, decimal? RatePercent);

public sealed record DataQualityReport(
    string UnitCode, string? UnitName, IReadOnlyList<CommunityQuality> Communities, CommunityQuality Totals,
    IReadOnlyList<UnitAccuracy> Accuracy, UnitAccuracy AccuracyTotal);

public sealed record QualityListItem(
    long Id, string Name, string IdNumberMasked, Sex Sex, DateOnly BirthDate, string CommunityCode, string? IdFailedChecks,
    IReadOnlyList<string> MissingFieldKeys, DateTime UpdatedAt);

/// <summary>A row as read, full values included: only <see cref="ToItem"/> (masked) or an audited unmasked export use it.</summary>
public sealed record QualityRow(
    long Id, string Name, string IdNumber, string? Phone, Sex Sex, DateOnly BirthDate, string CommunityCode, string? IdFailedChecks,
    bool MissingPhone, bool MissingHukouAddress, bool MissingResidenceAddress, bool MissingHousingType, DateTime UpdatedAt)
{
    public IReadOnlyList<string> MissingFieldKeys =>
    [
        .. MissingPhone ? ["dataQuality.field.phone"] : Array.Empty<string>(),
        .. MissingHukouAddress ? ["dataQuality.field.hukouAddress"] : Array.Empty<string>(),
        .. MissingResidenceAddress ? ["dataQuality.field.residenceAddress"] : Array.Empty<string>(),
        .. MissingHousingType ? ["dataQuality.field.housingType"] : Array.Empty<string>(),
    ];

    public QualityListItem ToItem() => new(Id, Name, Masking.IdNumber(IdNumber), Sex, BirthDate, CommunityCode, IdFailedChecks,
        MissingFieldKeys, UpdatedAt);
}

public sealed record QualityListPage(QualityIssue Issue, string? Community, int Total, int Page, int PageSize, IReadOnlyList<QualityListItem> Items);

/// <summary>
/// The data-quality page (数据质量): one grouped query per table over the stored ID state (the validator's result kept on
/// the case), never a re-check of every number; lists are the same flags filtered, paged, with masked numbers.
/// </summary>
public sealed class DataQualityQueries(EqualCareDb db, TimeProvider clock, AuditLog audit)
{
    public const int PageSize = 50;

    /// <summary>The audit's name for these lists (the export's rows are "data-quality" too).</summary>
    public const string Entity = "data-quality";

    /// <summary>The report for the user's unit, or for a unit inside the user's scope (<paramref name="unit"/>).</summary>
    public async Task<Result<DataQualityReport>> ReportAsync(CurrentUser user, string? unit, CancellationToken ct)
    {
        if (!user.CanReadPersons) return Error.NotFound("dataQuality.notFound");
        var root = user.Org;
        if (unit is not null)
        {
            if (!OrgCode.TryParse(unit, out var asked) || !user.Org.Contains(asked.Value)) return Error.NotFound("dataQuality.notFound");
            root = asked;
        }
        var flags = Flags(user).WithinOrg(f => f.CommunityCode, root);

        var communities = await flags
            .GroupBy(f => f.CommunityCode)
            .Select(g => new CommunityQuality(g.Key, null, g.Count(),
                g.Count(f => f.IdFormat), g.Count(f => f.IdAreaCode), g.Count(f => f.IdBirthDate), g.Count(f => f.IdSex),
                g.Count(f => f.IdCheckCharacter), g.Count(f => f.Invalid), g.Count(f => f.PlaceholderId),
                g.Count(f => f.MissingFields), g.Count(f => f.NoContraception), g.Count(f => f.Stale)))
            .ToListAsync(ct);

        var childDigits = root.Level < 5 ? OrgCode.DigitsOfLevel(root.Level + 1) : OrgCode.Length;
        var accuracy = await flags
            .GroupBy(f => f.CommunityCode.Substring(0, childDigits))
            .Select(g => new { Prefix = g.Key, Cases = g.Count(), Accurate = g.Count(f => f.Accurate) })
            .ToListAsync(ct);

        var communityCodes = communities.Select(c => c.CommunityCode).ToList();
        var children = root.Level < 5
            ? await db.OrgUnits.AsNoTracking().Where(o => o.ParentCode == root.Value).Select(o => new { o.Code, o.Name }).ToListAsync(ct)
            : [];
        var names = await db.OrgUnits.AsNoTracking()
            .Where(o => communityCodes.Contains(o.Code) || o.Code == root.Value)
            .ToDictionaryAsync(o => o.Code, o => o.Name, ct);

        var communityRows = communities.Select(c => c with { CommunityName = names.GetValueOrDefault(c.CommunityCode) })
            .OrderBy(c => c.CommunityCode, StringComparer.Ordinal).ToList();
        var totals = new CommunityQuality(root.Value, names.GetValueOrDefault(root.Value), communityRows.Sum(c => c.Cases),
            communityRows.Sum(c => c.IdFormat), communityRows.Sum(c => c.IdAreaCode), communityRows.Sum(c => c.IdBirthDate),
            communityRows.Sum(c => c.IdSex), communityRows.Sum(c => c.IdCheckCharacter), communityRows.Sum(c => c.IdInvalid),
            communityRows.Sum(c => c.PlaceholderId), communityRows.Sum(c => c.MissingFields),
            communityRows.Sum(c => c.NoContraception), communityRows.Sum(c => c.Stale));

        // Every child unit is listed, with or without cases; persons coded to a unit missing from org_units still count.
        var byPrefix = accuracy.ToDictionary(a => a.Prefix, StringComparer.Ordinal);
        var units = children.Select(c => c.Code).Concat(accuracy.Select(a => a.Prefix.PadRight(OrgCode.Length, '0')))
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
            .Select(code =>
            {
                var a = byPrefix.GetValueOrDefault(code[..childDigits]);
                var (cases, accurate) = a is null ? (0, 0) : (a.Cases, a.Accurate);
                var name = children.FirstOrDefault(c => c.Code == code)?.Name ?? names.GetValueOrDefault(code);
                return new UnitAccuracy(code, name, cases, accurate, QualityRules.AccuracyRate(accurate, cases));
            }).ToList();
        var allCases = accuracy.Sum(a => a.Cases);
        var allAccurate = accuracy.Sum(a => a.Accurate);
        var total = new UnitAccuracy(root.Value, names.GetValueOrDefault(root.Value), allCases, allAccurate,
            QualityRules.AccuracyRate(allAccurate, allCases));
        return new DataQualityReport(root.Value, names.GetValueOrDefault(root.Value), communityRows, totals, units, total);
    }

    /// <summary>The cases behind one count: a community (or any unit) of the user's scope and one issue.</summary>
    public async Task<Result<QualityListPage>> ListAsync(CurrentUser user, QualityIssue issue, string? community, int page,
        CancellationToken ct)
    {
        if (!user.CanReadPersons) return Error.NotFound("dataQuality.notFound");
        var query = IssueQuery(user, issue, community);
        var filter = $"issue={issue};page={Math.Max(1, page)}";
        if (query is null)
        {
            await audit.RecordAsync(AuditLog.Actions.List, Entity, OrgCode.TryParse(community, out var asked) ? asked.Value : AuditLog.Typed(community), AuditOutcome.Refused,
                $"unit={user.Org.Value}; {filter}; outside scope", user.UserName, ct);
            return Error.NotFound("dataQuality.notFound");
        }
        var safePage = Math.Max(1, page);
        var total = await query.CountAsync(ct);
        var rows = await query.Skip((safePage - 1) * PageSize).Take(PageSize).ToListAsync(ct);
        // The cases behind a count are a list of persons (issue 14 point 18): one audit row per page asked for.
        await audit.RecordListAsync(user, Entity, string.IsNullOrEmpty(community) ? user.Org.Value : community, filter, rows.Count, ct);
        return new QualityListPage(issue, community, total, safePage, PageSize, rows.Select(r => r.ToItem()).ToList());
    }

    /// <summary>The rows of one issue in id order as a query (the list pages it, the export streams it); null for a unit outside scope.</summary>
    public IQueryable<QualityRow>? IssueQuery(CurrentUser user, QualityIssue issue, string? community)
    {
        var flags = Flags(user).Where(QualityFlags.Has(issue));
        if (!string.IsNullOrEmpty(community))
        {
            if (!OrgCode.TryParse(community, out var unit) || !user.Org.Contains(unit.Value)) return null;
            flags = flags.WithinOrg(f => f.CommunityCode, unit);
        }
        return from f in flags
            join p in db.Persons on f.Id equals p.Id
            orderby p.Id
            select new QualityRow(p.Id, p.Name, p.IdNumber, p.Phone, p.Sex, p.BirthDate, p.CommunityCode, p.IdFailedChecks,
                f.MissingPhone, f.MissingHukouAddress, f.MissingResidenceAddress, f.MissingHousingType, p.UpdatedAt);
    }

    IQueryable<QualityFlags> Flags(CurrentUser user)
    {
        var (bornAfter, bornOnOrBefore) = AgeBands.BirthDates(AgeBand.Age15To49, clock.Today());
        return db.Persons.AsNoTracking().InScopeOf(user).Where(p => p.MergedIntoId == null)
            .Select(QualityFlags.Of(bornAfter!.Value, bornOnOrBefore!.Value, clock.UtcNow().AddMonths(-QualityRules.StaleMonths)));
    }
}
