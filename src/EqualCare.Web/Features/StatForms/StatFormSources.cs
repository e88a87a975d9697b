using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using EqualCare.Web.Domain.Immunisation;
using EqualCare.Web.Domain.Services;
using EqualCare.Web.Domain.Statistics;
using EqualCare.Web.Features.Activities;
using EqualCare.Web.Web;
using Microsoft.EntityFrameworkCore;

namespace EqualCare.Web.Features.StatForms;

/// <summary>
/// The figures a form gets from the app rather than from a person: a community's from its activity log and its records,
/// an office above from the approved forms of the units one level below (same period). Figures are in base units.
/// </summary>
public sealed class StatFormSources(EqualCareDb db, ActivityHandler activities)
{

    /// <summary>Every sourced figure of the form (entered columns are not in the result).</summary>
    public async Task<Dictionary<string, long>> ComputeAsync(StatForm form, CancellationToken ct)
    {
        if (form.Level < 5) return await RollUpAsync(form, ct);
        var figures = new Dictionary<string, long>();
        var logged = await activities.SumsAsync(form.OrgCode, form.PeriodStart, form.PeriodEnd, ct);
        foreach (var column in StatColumns.All.Where(c => c.Source == StatSource.ActivityLog))
            figures[column.Code] = logged.GetValueOrDefault(column.Code);
        foreach (var column in StatColumns.All.Where(c => c.Source == StatSource.Records))
            figures[column.Code] = await CountAsync(column.Basis!.Value, form.OrgCode, form.PeriodStart, form.PeriodEnd, ct);
        return figures;
    }

    /// <summary>The sum of every figure of the approved forms one level below, within this office's subtree: one grouped query.</summary>
    async Task<Dictionary<string, long>> RollUpAsync(StatForm form, CancellationToken ct)
    {
        var approved = db.Set<StatForm>().WithinOrg(f => f.OrgCode, OrgCode.Parse(form.OrgCode))
            .Where(f => f.Level == form.Level + 1 && f.PeriodStart == form.PeriodStart && f.PeriodEnd == form.PeriodEnd
                        && f.State == StatFormState.Approved);
        var sums = await db.Set<StatFormCell>().Where(c => c.Amount != null && approved.Any(f => f.Id == c.FormId))
            .GroupBy(c => c.ColumnCode).Select(g => new { Code = g.Key, Sum = g.Sum(c => c.Amount!.Value) }).ToListAsync(ct);
        var figures = StatColumns.Figures.ToDictionary(c => c.Code, _ => 0L);
        foreach (var s in sums)
            if (figures.ContainsKey(s.Code)) figures[s.Code] = s.Sum;
        return figures;
    }

    async Task<long> CountAsync(RecordBasis basis, string community, DateOnly from, DateOnly to, CancellationToken ct)
    {
        var records = db.ServiceRecords;
        // Records that a later void record cancelled do not count.
        var valid = records.Where(s => s.CommunityCode == community && s.ServiceDate >= from && s.ServiceDate <= to && s.Kind != ServiceKind.Void)
            .Where(s => !records.Any(v => v.VoidsRecordId == s.Id));
        var (startUtc, endUtc) = UtcBounds(from, to);
        switch (basis)
        {
            case RecordBasis.FamilyPlanningTechnical:
                return await valid.LongCountAsync(s => s.Kind == ServiceKind.Operation || s.Kind == ServiceKind.WomensCheckup, ct);
            case RecordBasis.Contraceptives:
                return await valid.LongCountAsync(s => s.Kind == ServiceKind.Contraceptives, ct);
            case RecordBasis.Certificates:
                return await db.Certificates.Where(c => c.RecordedAt >= startUtc && c.RecordedAt < endUtc)
                    .Where(c => db.Persons.Any(p => p.Id == c.PersonId && p.CommunityCode == community)).LongCountAsync(ct);
            case RecordBasis.Consultations:
                return await Hotline.HotlineCounts.ConsultationsAsync(db, community, from, to, ct);
            case RecordBasis.CasesCollected:
                return await db.Persons.Where(p => p.CommunityCode == community)
                    .LongCountAsync(p => (p.CreatedAt >= startUtc && p.CreatedAt < endUtc) || (p.UpdatedAt >= startUtc && p.UpdatedAt < endUtc), ct);
            case RecordBasis.HelpGiven or RecordBasis.RewardPersons or RecordBasis.RewardAmount:
                return await StatFormRewardSources.CountAsync(db, basis, community, from, to, ct);
            case RecordBasis.CatchUpImmunisation:
                var doses = await valid.Where(s => s.Kind == ServiceKind.Immunisation && s.Vaccine != null && s.DoseNumber != null)
                    .Join(db.Persons, s => s.PersonId, p => p.Id, (s, p) => new { s.Vaccine, s.DoseNumber, s.ServiceDate, p.BirthDate })
                    .ToListAsync(ct);
                return doses.LongCount(d => IsCatchUp(d.Vaccine!, d.DoseNumber!.Value, d.ServiceDate, d.BirthDate));
            default:
                throw new ArgumentOutOfRangeException(nameof(basis), basis, "no count for this basis");
        }
    }

    /// <summary>
    /// 补种: the dose was given on or after the age by which the schedule in force wants it complete (NIP 2021 说明 一(二)2).
    /// A dose the schedule does not know is not counted.
    /// </summary>
    public static bool IsCatchUp(string vaccine, int dose, DateOnly given, DateOnly birth)
    {
        var schedule = ImmunisationSchedule.InForce(NipSchedules.All, given);
        var row = schedule?.Doses.FirstOrDefault(d => d.Vaccine == vaccine && d.Dose == dose);
        return row is not null && given >= row.CompleteBefore.From(birth);
    }

    /// <summary>A period of Beijing dates as UTC instants [start 00:00, day after end 00:00), for timestamps stored in UTC.</summary>
    static (DateTime Start, DateTime End) UtcBounds(DateOnly from, DateOnly to) =>
        (ChinaClock.UtcStartOf(from), ChinaClock.UtcStartOf(to.AddDays(1)));
}
