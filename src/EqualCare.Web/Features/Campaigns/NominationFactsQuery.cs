using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using EqualCare.Web.Domain.Campaigns;
using EqualCare.Web.Domain.Cases;
using EqualCare.Web.Domain.Schedules;
using EqualCare.Web.Domain.Services;
using EqualCare.Web.Features.Services;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace EqualCare.Web.Features.Campaigns;

/// <summary>
/// Reads what seed 000's criteria look at for a set of persons, a few set queries for a whole list: the case, the latest
/// 婚育证明 and its latest check, the valid 康检 records and the absent marks of the last year and a quarter, and the ages of
/// the office's 康检 rule (EqualCare:Care). <see cref="NominationCriteria"/> decides.
/// </summary>
public sealed class NominationFactsQuery(EqualCareDb db, IOptions<CareOptions> care)
{
    public async Task<Dictionary<long, NominationFacts>> ForAsync(IReadOnlyCollection<long> personIds, DateOnly day, CancellationToken ct)
    {
        if (personIds.Count == 0) return [];
        var ids = personIds.Distinct().ToList();
        var rule = care.Value.LocalRules().FirstOrDefault(r => r.Kind == CareKind.WomensCheckup);
        var since = Quarter.Containing(day).Start.AddMonths(-3 * (NominationCriteria.QuartersJudged + 1));

        var persons = await db.Persons.AsNoTracking().Where(p => ids.Contains(p.Id))
            .Select(p => new { p.Id, p.Sex, p.BirthDate, p.MaritalStatus, p.FlowDirection, p.Status, p.ArrivalDate, p.ContraceptionMethod })
            .ToListAsync(ct);
        var certificates = await db.Certificates.AsNoTracking()
            .Where(c => ids.Contains(c.PersonId) && c.Kind == CertificateKind.MarriageAndChildbearing)
            .Select(c => new
            {
                c.Id, c.PersonId, c.Form, c.ValidUntil,
                LatestCheck = db.CertificateChecks.Where(k => k.CertificateId == c.Id).OrderByDescending(k => k.CheckedOn).ThenByDescending(k => k.Id)
                    .Select(k => (CheckResult?)k.Result).FirstOrDefault(),
            }).ToListAsync(ct);
        var records = db.ServiceRecords;
        var checkups = await records.AsNoTracking()
            .Where(s => ids.Contains(s.PersonId) && s.Kind == ServiceKind.WomensCheckup && s.ServiceDate >= since)
            .Where(s => !records.Any(v => v.VoidsRecordId == s.Id))
            .Select(s => new { s.PersonId, s.ServiceDate }).ToListAsync(ct);
        var marks = db.CheckupAttendance;
        var absences = await marks.AsNoTracking()
            .Where(a => ids.Contains(a.PersonId) && !a.Attended && a.VoidsAttendanceId == null && !marks.Any(v => v.VoidsAttendanceId == a.Id))
            .Join(db.CheckupDays, a => a.CheckupDayId, d => d.Id, (a, d) => new { a.PersonId, d.Day, a.AbsenceReason })
            .Where(a => a.Day >= since).ToListAsync(ct);

        return persons.ToDictionary(p => p.Id, p =>
        {
            var latest = certificates.Where(c => c.PersonId == p.Id).MaxBy(c => c.Id);
            return new NominationFacts(p.Sex, p.BirthDate, p.MaritalStatus, p.FlowDirection, p.Status, p.ArrivalDate, p.ContraceptionMethod,
                latest is null ? null : new CertificateFact(latest.Form, latest.ValidUntil, latest.LatestCheck),
                checkups.Where(c => c.PersonId == p.Id).Select(c => c.ServiceDate).ToList(),
                absences.Where(a => a.PersonId == p.Id).Select(a => new AbsenceFact(a.Day, a.AbsenceReason)).ToList(),
                rule?.MinAge ?? 15, rule?.MaxAge ?? 49);
        });
    }
}
