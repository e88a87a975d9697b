using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using EqualCare.Web.Domain.Cases;
using EqualCare.Web.Domain.Schedules;
using EqualCare.Web.Domain.Services;
using EqualCare.Web.Features.Checkups;
using EqualCare.Web.Features.Persons;
using EqualCare.Web.Features.Services;
using EqualCare.Web.Features.Worklist;
using EqualCare.Web.Web;
using Microsoft.EntityFrameworkCore;

namespace EqualCare.IntegrationTests.Services;

/// <summary>
/// The to-do list as it was computed before it was made fast (separate queries for the due items, the certificates and the
/// new arrivals; lookups per person), kept here unchanged as the reference the fast <see cref="WorklistQuery"/> must equal.
/// </summary>
sealed class ReferenceWorklist(EqualCareDb db, DueSettings settings)
{
    public async Task<Worklist> ForAsync(CurrentUser user, OrgCode? org, DateOnly today, CancellationToken ct)
    {
        var unit = org is { } o && user.Org.Contains(o.Value) ? o : user.Org;
        var persons = db.Persons.InScopeOf(user).WithinOrg(p => p.CommunityCode, unit)
            .Where(p => p.Status == CaseStatus.Active && p.FlowDirection == FlowDirection.Inflow && p.MergedIntoId == null);

        var items = new List<WorkItem>();
        var quarter = Quarter.Containing(today);
        var absent = await AbsentAsync(quarter, ct);
        foreach (var p in await DueAsync(persons, today, ct))
        {
            var age = CaseRules.AgeOn(p.BirthDate, today);
            foreach (var d in p.List.Due)
                items.Add(new WorkItem(p.PersonId, p.Name, Masking.IdNumber(p.IdNumber), Masking.Phone(p.Phone), p.Sex, age, p.CommunityCode,
                    WorkGroups.Of(d.Kind), d.Kind, d.ItemKey,
                    d.Kind == CareKind.WomensCheckup && quarter.Contains(d.WindowStart) && absent.Contains(p.PersonId)
                        ? d.Name + CheckupAbsentees.CatchUpMark : d.Name,
                    d.Due, d.WindowStart, d.WindowEnd, d.Overdue, d.Plan));
        }
        items.AddRange(await ExpiringCertificatesAsync(persons, today, ct));
        items.AddRange(await NewArrivalsAsync(persons, today, ct));
        var ordered = items.OrderByDescending(i => i.Overdue).ThenBy(i => i.Due).ThenBy(i => i.PersonId).ToList();
        return new Worklist(unit.Value, today, WorklistCounts.Of(ordered, today), ordered);
    }

    /// <summary>The women whose latest mark on some check-up day of the quarter says absent (the list then names the 康检 a catch-up).</summary>
    async Task<HashSet<long>> AbsentAsync(Quarter quarter, CancellationToken ct)
    {
        var marks = await (from a in db.CheckupAttendance
                           join d in db.CheckupDays on a.CheckupDayId equals d.Id
                           where d.Day >= quarter.Start && d.Day <= quarter.End
                           select new { a.Id, a.PersonId, a.CheckupDayId, a.Attended }).ToListAsync(ct);
        return marks.GroupBy(m => (m.PersonId, m.CheckupDayId)).Where(g => !g.MaxBy(m => m.Id)!.Attended).Select(g => g.Key.PersonId).ToHashSet();
    }

    async Task<IEnumerable<WorkItem>> ExpiringCertificatesAsync(IQueryable<Person> persons, DateOnly today, CancellationToken ct)
    {
        var until = today.AddDays(WorklistQuery.CertificateExpiryDays);
        var rows = await persons.AsNoTracking()
            .Select(p => new
            {
                p.Id, p.Name, p.IdNumber, p.Phone, p.Sex, p.BirthDate, p.CommunityCode,
                Latest = db.Certificates.Where(c => c.PersonId == p.Id && c.Kind == CertificateKind.MarriageAndChildbearing)
                    .OrderByDescending(c => c.RecordedAt).ThenByDescending(c => c.Id)
                    .Select(c => new { c.Form, c.ValidUntil }).FirstOrDefault(),
            })
            .Where(x => x.Latest != null && x.Latest.Form != CertificateForm.Electronic
                        && x.Latest.ValidUntil >= today && x.Latest.ValidUntil <= until)
            .ToListAsync(ct);
        return rows.Select(x => new WorkItem(x.Id, x.Name, Masking.IdNumber(x.IdNumber), Masking.Phone(x.Phone), x.Sex,
            CaseRules.AgeOn(x.BirthDate, today), x.CommunityCode, WorkGroup.Certificate, null, "expiring", "婚育证明即将到期",
            x.Latest!.ValidUntil!.Value, today, x.Latest.ValidUntil.Value, false));
    }

    static async Task<IEnumerable<WorkItem>> NewArrivalsAsync(IQueryable<Person> persons, DateOnly today, CancellationToken ct)
    {
        var since = today.AddDays(-WorklistQuery.NewArrivalDays);
        var oldest = today.AddYears(-(CaseRules.ChildbearingAgeTo + 1));
        var youngest = today.AddYears(-CaseRules.ChildbearingAgeFrom);
        var rows = await persons.AsNoTracking()
            .Where(p => p.ArrivalDate >= since)
            .Select(p => new
            {
                p.Id, p.Name, p.IdNumber, p.Phone, p.Sex, p.BirthDate, p.CommunityCode, p.ArrivalDate,
                IdMissing = p.IdState == IdState.Invalid || p.IdState == IdState.Placeholder,
                AddressMissing = p.ResidenceAddress == null,
                PhoneMissing = p.Phone == null,
                ContraceptionMissing = p.Sex == Sex.Female && p.ContraceptionMethod == null && p.BirthDate > oldest && p.BirthDate <= youngest
                                       && (p.MaritalStatus == MaritalStatus.Married || p.MaritalStatus == MaritalStatus.FirstMarriage || p.MaritalStatus == MaritalStatus.Remarried),
            })
            .Where(x => x.IdMissing || x.AddressMissing || x.PhoneMissing || x.ContraceptionMissing)
            .ToListAsync(ct);
        return rows.Select(x => new WorkItem(x.Id, x.Name, Masking.IdNumber(x.IdNumber), Masking.Phone(x.Phone), x.Sex,
            CaseRules.AgeOn(x.BirthDate, today), x.CommunityCode, WorkGroup.NewArrival, null, "incomplete",
            "新到未完善：" + string.Join("、", Missing(x.IdMissing, x.AddressMissing, x.PhoneMissing, x.ContraceptionMissing)),
            x.ArrivalDate.AddDays(30), x.ArrivalDate, x.ArrivalDate.AddDays(30), today > x.ArrivalDate.AddDays(30)));
    }

    static IEnumerable<string> Missing(bool id, bool address, bool phone, bool contraception)
    {
        if (id) yield return "身份证号";
        if (address) yield return "现居住地址";
        if (phone) yield return "联系电话";
        if (contraception) yield return "避孕措施";
    }

    public async Task<IReadOnlyList<PersonDue>> DueAsync(IQueryable<Person> persons, DateOnly today, CancellationToken ct)
    {
        var people = await persons.AsNoTracking().OrderBy(p => p.Id).Select(p => new
        {
            p.Id, p.Name, p.IdNumber, p.Sex, p.BirthDate, p.ArrivalDate, p.CommunityCode, p.Phone, p.MaritalStatus,
            p.ContraceptionMethod, p.PregnancyLmp, p.PregnancyOutcome, p.PregnancyOutcomeDate, p.Status,
        }).ToListAsync(ct);
        if (people.Count == 0) return [];

        var ids = persons.Select(p => p.Id);
        var services = (await db.ServiceRecords.AsNoTracking()
                .Where(s => ids.Contains(s.PersonId) && s.Kind != ServiceKind.Void && s.Fulfils != null
                            && !db.ServiceRecords.Any(v => v.VoidsRecordId == s.Id))
                .Select(s => new { s.PersonId, Kind = s.Fulfils!.Value, s.ServiceDate, s.Vaccine, s.DoseNumber })
                .ToListAsync(ct))
            .ToLookup(s => s.PersonId);
        // A valid 婚育证明 fulfils the certificate rule on the day it was recorded here.
        var certificates = (await db.Certificates.AsNoTracking()
                .Where(c => ids.Contains(c.PersonId) && c.Kind == CertificateKind.MarriageAndChildbearing
                            && (c.Form == CertificateForm.Electronic || c.ValidUntil >= today))
                .Select(c => new { c.PersonId, c.RecordedAt })
                .ToListAsync(ct))
            .ToLookup(c => c.PersonId, c => new RecordedService(CareKind.MarriageCertificate, DateOnly.FromDateTime(c.RecordedAt)));
        var decisions = (await db.CareExemptions.AsNoTracking()
                .Where(e => ids.Contains(e.PersonId)).OrderBy(e => e.Id)
                .Select(e => new { e.PersonId, e.Kind, e.ItemKey, e.WindowStart, e.Reason })
                .ToListAsync(ct))
            .ToLookup(e => e.PersonId, e => new WorkerDecision(e.Kind, e.ItemKey, e.WindowStart, e.Reason));
        // The latest move within the area into the person's present community: the day its duty began (issue 13 point 1).
        var moves = (await db.Movements.AsNoTracking()
                .Where(m => ids.Contains(m.PersonId) && m.Kind == MovementKind.MoveWithinArea)
                .Select(m => new { m.PersonId, m.ToCommunityCode, m.OccurredOn })
                .ToListAsync(ct))
            .ToLookup(m => m.PersonId);

                var result = new List<PersonDue>(people.Count);
        foreach (var p in people)
        {
            var facts = new PersonFacts(p.Sex, p.BirthDate, p.ArrivalDate, p.MaritalStatus, p.ContraceptionMethod, p.PregnancyLmp,
                p.PregnancyOutcome, p.PregnancyOutcomeDate, p.Status,
                moves[p.Id].Where(m => m.ToCommunityCode == p.CommunityCode).Select(m => (DateOnly?)m.OccurredOn).Max());
            var recorded = services[p.Id].Select(s => new RecordedService(s.Kind, s.ServiceDate, s.Vaccine, s.DoseNumber)).Concat(certificates[p.Id]).ToList();
            var list = CareDue.For(facts, recorded, today, settings).Apply(decisions[p.Id].ToList());
            result.Add(new PersonDue(p.Id, p.Name, p.IdNumber, p.Sex, p.BirthDate, p.CommunityCode, p.Phone, p.ArrivalDate, list));
        }
        return result;
    }
}
