using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using EqualCare.Web.Domain.Cases;
using EqualCare.Web.Domain.Schedules;
using EqualCare.Web.Domain.Services;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace EqualCare.Web.Features.Worklist;

/// <summary>A person's identity as the lists show it, with what she is due for today.</summary>
public sealed record PersonDue(
    long PersonId, string Name, string IdNumber, Sex Sex, DateOnly BirthDate, string CommunityCode, string? Phone, DateOnly ArrivalDate,
    DueList List);

/// <summary>
/// Runs the pure schedules (<see cref="CareDue"/>) over persons read from the database: one query for the persons, one each
/// for their services, their valid 婚育证明 and the workers' decisions, whatever the number of persons (no query per person).
/// </summary>
public sealed class DueCalculator(EqualCareDb db, IOptions<CareOptions> options)
{
    public async Task<IReadOnlyList<PersonDue>> ForAsync(IQueryable<Person> persons, DateOnly today, CancellationToken ct)
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

        var settings = options.Value.Settings();
        var result = new List<PersonDue>(people.Count);
        foreach (var p in people)
        {
            var facts = new PersonFacts(p.Sex, p.BirthDate, p.ArrivalDate, p.MaritalStatus, p.ContraceptionMethod, p.PregnancyLmp,
                p.PregnancyOutcome, p.PregnancyOutcomeDate, p.Status);
            var recorded = services[p.Id].Select(s => new RecordedService(s.Kind, s.ServiceDate, s.Vaccine, s.DoseNumber)).Concat(certificates[p.Id]).ToList();
            var list = CareDue.For(facts, recorded, today, settings).Apply(decisions[p.Id].ToList());
            result.Add(new PersonDue(p.Id, p.Name, p.IdNumber, p.Sex, p.BirthDate, p.CommunityCode, p.Phone, p.ArrivalDate, list));
        }
        return result;
    }
}
