using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using EqualCare.Web.Domain.Cases;
using EqualCare.Web.Domain.Schedules;
using EqualCare.Web.Domain.Services;
using EqualCare.Web.Web;
using Microsoft.EntityFrameworkCore;

namespace EqualCare.Web.Features.Outflow;

/// <summary>What is missing for an outflow person, as seed 004 四(二)3 names it.</summary>
public static class OutflowMissing
{
    /// <summary>未办证: a woman of 18–49 with no valid 婚育证明 on her case (条例 Art. 7: she gets it from her 户籍地).</summary>
    public const string Certificate = "certificate";

    /// <summary>
    /// 未按时寄回康检证明: a married woman of 15–49, not pregnant, living at her residence since before the last full
    /// quarter began, with no 康检 of that quarter whose 避孕节育情况报告单 reached the 户籍地 (seed 001 三(二)2: one 康检 a quarter).
    /// </summary>
    public const string Checkup = "checkup";

    public const string Any = "any";
}

/// <param name="Place">A province (2 digits) or city (4 digits) of the residence place, as a 12-digit code.</param>
/// <param name="Community">A residence community (12 digits).</param>
/// <param name="Missing"><see cref="OutflowMissing"/>: only persons with that gap.</param>
public sealed record OutflowSearch(string? Place = null, string? Community = null, string? Missing = null, int Page = 1)
{
    public const int PageSize = 50;
    public int SafePage => Math.Max(1, Page);
}

/// <summary>
/// One outflow person: masked number and phone; where she lives (community code and names, or for a case kept here as
/// 流出 only its address); what the residence place recorded on the case; what is missing.
/// </summary>
public sealed record OutflowItem(
    long Id, string Name, string IdNumberMasked, string PhoneMasked, Sex Sex, int Age, string HukouCountyCode,
    string? ResidenceCommunityCode, string? ResidenceProvince, string? ResidenceCity, string? ResidenceCommunity, string? ResidenceAddress,
    bool KeptHere, DateOnly? LastCheckup, bool LastCheckupReported, bool ReportedLastQuarter, ContraceptionMethod? Contraception,
    DateOnly? ContraceptionStart, bool HasCertificate, DateOnly? CertificateValidUntil, bool MissingCertificate, bool MissingCheckup);

/// <summary>A group of the summary: the residence province and city (null for cases kept here as 流出, place not coded).</summary>
public sealed record OutflowGroup(string? PlaceCode, string? Province, string? City, int Persons, int MissingCertificate, int MissingCheckup);

public sealed record OutflowCommunityCount(string CommunityCode, string? Name, string? City, int Persons, int MissingCertificate, int MissingCheckup);

public sealed record OutflowPage(
    bool CountyOrAbove, Quarter LastQuarter, int Total, int Page, IReadOnlyList<OutflowGroup> Groups,
    IReadOnlyList<OutflowCommunityCount> Communities, IReadOnlyList<OutflowItem> Items)
{
    public int PageCount => Math.Max(1, (Total + OutflowSearch.PageSize - 1) / OutflowSearch.PageSize);
}

/// <summary>
/// 流出人口 (issue 16 point 2): the persons whose 户籍地 is ours and who live elsewhere, for the registration place that
/// cooperates with the residence place (现居住地为主、户籍地配合, docs/rules.md §2.6). Two kinds:
/// <list type="bullet">
/// <item>cases held by another office of this installation (the residence place) whose 户籍地 county lies in the user's area:
/// for county offices and above only, because the 户籍地 is recorded to the county (persons.hukou_county_code) and the county
/// is the party of the exchange (docs/rules.md §2.6). What the residence place recorded on the case is read as it is.</item>
/// <item>cases kept in the user's own scope as 流出 (FlowDirection.Outflow): the place they live is known only as an
/// address; a 康检 recorded on such a case is the report received from the residence place.</item>
/// </list>
/// One query per figure, set-based, paged; the view is audited (one row per request).
/// </summary>
public sealed class OutflowQuery(EqualCareDb db, AuditLog audit, TimeProvider clock)
{
    public const int CommunityLimit = 100;

    public async Task<OutflowPage> ListAsync(CurrentUser user, OutflowSearch search, CancellationToken ct)
    {
        var today = clock.Today();
        var last = Quarter.Containing(today).Previous;
        var countyOrAbove = user.Org.Level <= 3;
        if (!user.CanReadPersons) return new OutflowPage(countyOrAbove, last, 0, 1, [], [], []);

        var rows = Rows(user, today, last);
        string? placeCode = null, communityCode = null;
        if (OrgCode.TryParse(search.Place, out var place) && place.Level <= 3)
        {
            placeCode = place.Value;
            rows = rows.WithinOrg(r => r.CommunityCode, place).Where(r => !r.KeptHere);
        }
        if (OrgCode.TryParse(search.Community, out var community) && community.Level == 5)
        {
            communityCode = community.Value;
            rows = rows.Where(r => r.CommunityCode == communityCode && !r.KeptHere);
        }
        rows = search.Missing switch
        {
            OutflowMissing.Certificate => rows.Where(r => r.MissingCertificate),
            OutflowMissing.Checkup => rows.Where(r => r.MissingCheckup),
            OutflowMissing.Any => rows.Where(r => r.MissingCertificate || r.MissingCheckup),
            _ => rows,
        };

        var groups = await rows
            .GroupBy(r => new { r.KeptHere, City = r.CommunityCode.Substring(0, 4) })
            .Select(g => new
            {
                g.Key.KeptHere, g.Key.City, Persons = g.Count(),
                Certificate = g.Count(r => r.MissingCertificate), Checkup = g.Count(r => r.MissingCheckup),
            })
            .ToListAsync(ct);
        var communities = await rows.Where(r => !r.KeptHere)
            .GroupBy(r => r.CommunityCode)
            .Select(g => new { Code = g.Key, Persons = g.Count(), Certificate = g.Count(r => r.MissingCertificate), Checkup = g.Count(r => r.MissingCheckup) })
            .OrderByDescending(g => g.Persons).ThenBy(g => g.Code).Take(CommunityLimit)
            .ToListAsync(ct);
        var total = groups.Sum(g => g.Persons);
        var page = await rows
            .OrderBy(r => r.KeptHere).ThenBy(r => r.CommunityCode).ThenBy(r => r.Name).ThenBy(r => r.Id)
            .Skip((search.SafePage - 1) * OutflowSearch.PageSize).Take(OutflowSearch.PageSize)
            .ToListAsync(ct);

        // The division data names the places: provinces and cities of the groups, communities of the page and the counts.
        var codes = groups.Where(g => !g.KeptHere).SelectMany(g => new[] { Pad(g.City[..2]), Pad(g.City) })
            .Concat(communities.Select(c => c.Code)).Concat(communities.Select(c => Pad(c.Code[..4])))
            .Concat(page.Where(r => !r.KeptHere).SelectMany(r => new[] { r.CommunityCode, Pad(r.CommunityCode[..2]), Pad(r.CommunityCode[..4]) }))
            .Distinct().ToList();
        var names = await db.OrgUnits.AsNoTracking().Where(o => codes.Contains(o.Code)).ToDictionaryAsync(o => o.Code, o => o.Name, ct);
        string? Name(string code) => names.GetValueOrDefault(code);

        var groupList = groups
            .Select(g => g.KeptHere
                ? new OutflowGroup(null, null, null, g.Persons, g.Certificate, g.Checkup)
                : new OutflowGroup(Pad(g.City), Name(Pad(g.City[..2])), Name(Pad(g.City)), g.Persons, g.Certificate, g.Checkup))
            .GroupBy(g => g.PlaceCode) // cases kept here fall into one group whatever community keeps them
            .Select(g => g.Skip(1).Aggregate(g.First(), (a, b) => a with
            {
                Persons = a.Persons + b.Persons, MissingCertificate = a.MissingCertificate + b.MissingCertificate,
                MissingCheckup = a.MissingCheckup + b.MissingCheckup,
            }))
            .OrderBy(g => g.PlaceCode is null).ThenBy(g => g.PlaceCode, StringComparer.Ordinal)
            .ToList();
        var communityList = communities.Select(c => new OutflowCommunityCount(c.Code, Name(c.Code), Name(Pad(c.Code[..4])), c.Persons, c.Certificate, c.Checkup)).ToList();
        var items = page.Select(r => new OutflowItem(
            r.Id, r.Name, Masking.IdNumber(r.IdNumber), Masking.Phone(r.Phone), r.Sex, CaseRules.AgeOn(r.BirthDate, today), r.HukouCountyCode,
            r.KeptHere ? null : r.CommunityCode, r.KeptHere ? null : Name(Pad(r.CommunityCode[..2])), r.KeptHere ? null : Name(Pad(r.CommunityCode[..4])),
            r.KeptHere ? null : Name(r.CommunityCode), r.KeptHere ? r.ResidenceAddress : null, r.KeptHere,
            r.LastCheckup, r.LastCheckupReported, r.ReportedLastQuarter, r.Contraception, r.ContraceptionStart,
            r.HasCertificate, r.CertificateValidUntil, r.MissingCertificate, r.MissingCheckup)).ToList();

        await audit.RecordListAsync(user, "outflow", user.Org.Value,
            $"place={placeCode} community={communityCode} missing={AuditLog.Typed(search.Missing)} page={search.SafePage}",
            items.Count, ct);
        return new OutflowPage(countyOrAbove, last, total, search.SafePage, groupList, communityList, items);
    }

    sealed class Row
    {
        public long Id { get; init; }
        public string Name { get; init; } = "";
        public string IdNumber { get; init; } = "";
        public string? Phone { get; init; }
        public Sex Sex { get; init; }
        public DateOnly BirthDate { get; init; }
        public string CommunityCode { get; init; } = "";
        public string HukouCountyCode { get; init; } = "";
        public string? ResidenceAddress { get; init; }
        public bool KeptHere { get; init; }
        public DateOnly? LastCheckup { get; init; }
        public bool LastCheckupReported { get; init; }
        public bool ReportedLastQuarter { get; init; }
        public ContraceptionMethod? Contraception { get; init; }
        public DateOnly? ContraceptionStart { get; init; }
        public bool HasCertificate { get; init; }
        public DateOnly? CertificateValidUntil { get; init; }
        public bool MissingCertificate { get; init; }
        public bool MissingCheckup { get; init; }
    }

    /// <summary>The outflow persons of the user with what is recorded and missing, as one composable query.</summary>
    IQueryable<Row> Rows(CurrentUser user, DateOnly today, Quarter last)
    {
        var (low, high) = user.Org.Range;
        // The 户籍地 county range of the user's area (6 digits); none below the county, whose 户籍地 we do not record.
        var countyOrAbove = user.Org.Level <= 3;
        var hukouLow = countyOrAbove ? user.Org.Prefix.PadRight(6, '0') : "~";
        var hukouHigh = countyOrAbove ? user.Org.Prefix.PadRight(6, '9') : "~";
        var certificateFrom = today.AddYears(-18);                                  // 18 today or older
        var certificateTo = today.AddYears(-(CaseRules.ChildbearingAgeTo + 1));      // not yet 50
        var checkupFrom = today.AddYears(-CaseRules.ChildbearingAgeFrom);            // 15 today or older
        var (quarterStart, quarterEnd) = (last.Start, last.End);

#pragma warning disable CA1309 // string.Compare is what EF translates to < and > (ordinal by the columns' collations, see CodeRange)
        var persons = db.Persons.AsNoTracking().Where(p => p.MergedIntoId == null && p.Status == CaseStatus.Active
            && ((string.Compare(p.HukouCountyCode, hukouLow) >= 0 && string.Compare(p.HukouCountyCode, hukouHigh) <= 0
                 && (string.Compare(p.CommunityCode, low) < 0 || string.Compare(p.CommunityCode, high) > 0))
                || (p.FlowDirection == FlowDirection.Outflow && string.Compare(p.CommunityCode, low) >= 0 && string.Compare(p.CommunityCode, high) <= 0)));
#pragma warning restore CA1309

        var checkups = db.ServiceRecords.Where(s => s.Kind == ServiceKind.WomensCheckup && !db.ServiceRecords.Any(v => v.VoidsRecordId == s.Id));
        var certificates = db.Certificates.Where(c => c.Kind == CertificateKind.MarriageAndChildbearing
                                                      && (c.Form == CertificateForm.Electronic || c.ValidUntil >= today));
        // Scalar subqueries only (no APPLY, which SQLite lacks): the latest 康检, the latest one reported, a valid certificate.
#pragma warning disable CA1309
        return persons
            .Select(p => new
            {
                P = p,
                KeptHere = p.FlowDirection == FlowDirection.Outflow && string.Compare(p.CommunityCode, low) >= 0 && string.Compare(p.CommunityCode, high) <= 0,
                Last = checkups.Where(s => s.PersonId == p.Id).Max(s => (DateOnly?)s.ServiceDate),
                LastSent = checkups.Where(s => s.PersonId == p.Id && s.ReportSentToHukou == true).Max(s => (DateOnly?)s.ServiceDate),
                Certificate = certificates.Any(c => c.PersonId == p.Id),
                ValidUntil = certificates.Where(c => c.PersonId == p.Id).Max(c => c.ValidUntil),
            })
#pragma warning restore CA1309
            .Select(x => new
            {
                x.P, x.KeptHere, x.Last, x.LastSent, x.Certificate, x.ValidUntil,
                Reported = checkups.Any(s => s.PersonId == x.P.Id && s.ServiceDate >= quarterStart && s.ServiceDate <= quarterEnd
                                             && (s.ReportSentToHukou == true || x.KeptHere)),
            })
            .Select(x => new Row
            {
                Id = x.P.Id, Name = x.P.Name, IdNumber = x.P.IdNumber, Phone = x.P.Phone, Sex = x.P.Sex, BirthDate = x.P.BirthDate,
                CommunityCode = x.P.CommunityCode, HukouCountyCode = x.P.HukouCountyCode, ResidenceAddress = x.P.ResidenceAddress,
                KeptHere = x.KeptHere,
                LastCheckup = x.Last,
                // On a case kept here every 康检 recorded is a report received; elsewhere the residence place marks it sent.
                LastCheckupReported = x.Last != null && (x.KeptHere || x.LastSent == x.Last),
                ReportedLastQuarter = x.Reported,
                Contraception = x.P.ContraceptionMethod, ContraceptionStart = x.P.ContraceptionStart,
                HasCertificate = x.Certificate,
                CertificateValidUntil = x.ValidUntil,
                MissingCertificate = x.P.Sex == Sex.Female && x.P.BirthDate <= certificateFrom && x.P.BirthDate > certificateTo && !x.Certificate,
                MissingCheckup = x.P.Sex == Sex.Female && x.P.BirthDate <= checkupFrom && x.P.BirthDate > certificateTo
                                 && (x.P.MaritalStatus == MaritalStatus.Married || x.P.MaritalStatus == MaritalStatus.FirstMarriage
                                     || x.P.MaritalStatus == MaritalStatus.Remarried)
                                 && x.P.ArrivalDate < quarterStart
                                 && !(x.P.PregnancyLmp != null && x.P.PregnancyOutcome == null)
                                 && !x.Reported,
            });
    }

    static string Pad(string prefix) => prefix.PadRight(OrgCode.Length, '0');
}
