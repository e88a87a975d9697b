using System.Globalization;
using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using EqualCare.Web.Domain.Plans;
using EqualCare.Web.Web;
using Microsoft.EntityFrameworkCore;

namespace EqualCare.Web.Features.Plans;

/// <summary>Creates plans, replaces their allocation and appends reported progress; each write commits with its audit row.</summary>
public sealed class PlanHandler(EqualCareDb db, AuditLog audit, TimeProvider clock)
{
    public const int MaxMeasures = 8;
    public const int MaxNumber = 10_000_000;
    const string Entity = "plan";

    public async Task<Result<PlanCreated>> CreateAsync(CurrentUser user, PlanRequest request, CancellationToken ct)
    {
        if (!PlanScope.CanCreate(user)) return Error.NotFound("plans.notFound");
        var name = request.Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > 100) return Error.Validation("plans.name.required", "Name");
        var orgText = string.IsNullOrWhiteSpace(request.OrgCode) ? user.Org.Value : request.OrgCode.Trim();
        if (!OrgCode.TryParse(orgText, out var org) || org.Level != 4 || !user.Org.Contains(org.Value)
            || !await db.OrgUnits.AnyAsync(o => o.Code == org.Value, ct))
            return Error.Validation("plans.org.bad", "OrgCode");
        if (request.PeriodFrom is not { } from || request.PeriodTo is not { } to || to < from)
            return Error.Validation("plans.period.bad", "PeriodFrom");
        var measures = request.Measures ?? [];
        if (measures.Count is 0 or > MaxMeasures) return Error.Validation("plans.measures.count", "Measures");

        var plan = new Plan
        {
            Name = name, OrgCode = org.Value, PeriodFrom = from, PeriodTo = to, RowTotal = request.RowTotal,
            CreatedAt = clock.UtcNow(), CreatedBy = user.UserName,
        };
        var rows = new List<PlanMeasure>();
        foreach (var (m, i) in measures.Select((m, i) => (m, i)))
        {
            var measure = ToMeasure(m, i + 1, from, to);
            if (!measure.IsSuccess) return measure.Error;
            rows.Add(measure.Value);
        }
        // A 合计 column adds the measures per community: only like ones that count nothing twice (MeasureSum).
        if (plan.RowTotal && !MeasureSum.CanAddUp(rows, from, to)) return Error.Validation("plans.rowTotal.unlike", "RowTotal");
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.Add(plan);
        await db.SaveChangesAsync(ct);
        foreach (var m in rows) m.PlanId = plan.Id;
        db.AddRange(rows);
        audit.Add(AuditLog.Actions.Create, Entity, plan.Id.ToString(CultureInfo.InvariantCulture), detail: $"org {plan.OrgCode}, {rows.Count} measures");
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new PlanCreated(plan.Id, plan.Version);
    }

    static Result<PlanMeasure> ToMeasure(MeasureRequest m, int position, DateOnly from, DateOnly to)
    {
        var field = $"Measures[{position - 1}]";
        var label = m.Label?.Trim();
        if (string.IsNullOrEmpty(label) || label.Length > 60) return Error.Validation("plans.measure.label", field);
        if (!Enum.IsDefined(m.Kind)) return Error.Validation("plans.measure.kind", field);
        string? operations = null;
        if (m.Kind == PlanMeasureKind.Operations ? !PlanOperations.TryNormalise(m.Operations, out operations) : m.Operations is { Count: > 0 })
            return Error.Validation("plans.measure.operations", field);
        var unit = string.IsNullOrWhiteSpace(m.Unit) ? DefaultUnit(m.Kind) : m.Unit.Trim();
        if (unit.Length > 10) return Error.Validation("plans.measure.unit", field);
        var wFrom = m.WindowFrom ?? from;
        var wTo = m.WindowTo ?? to;
        if (wFrom < from || wTo > to || wTo < wFrom) return Error.Validation("plans.measure.window", field);
        if (m.StatedTotal is < 0 or > MaxNumber) return Error.Validation("plans.measure.statedTotal", field);
        var baseline = string.IsNullOrWhiteSpace(m.BaselineLabel) ? null : m.BaselineLabel.Trim();
        if (baseline is { Length: > 60 }) return Error.Validation("plans.measure.label", field);
        return new PlanMeasure
        {
            Position = position, Label = label, Kind = m.Kind, Operations = operations, Unit = unit,
            WindowFrom = m.WindowFrom, WindowTo = m.WindowTo, BaselineLabel = baseline, StatedTotal = m.StatedTotal,
        };
    }

    /// <summary>People are counted in 人, operations and check-ups in 例.</summary>
    public static string DefaultUnit(PlanMeasureKind kind) => kind is PlanMeasureKind.Operations or PlanMeasureKind.Checkups ? "例" : "人";

    /// <summary>Replaces the whole allocation: every row is checked first, and one bad row changes nothing.</summary>
    public async Task<Result<PlanCreated>> AllocateAsync(CurrentUser user, long planId, AllocationRequest request, string source,
        CancellationToken ct)
    {
        var plan = await db.Set<Plan>().SingleOrDefaultAsync(p => p.Id == planId, ct);
        if (plan is null || !PlanScope.CanSee(user, plan.OrgCode)) return Error.NotFound("plans.notFound");
        if (!PlanScope.CanManage(user, plan.OrgCode)) return Error.Forbidden("plans.allocate.forbidden");
        if (plan.Version != request.Version) return Error.Conflict("plans.stale");
        var measures = await db.Set<PlanMeasure>().AsNoTracking().Where(m => m.PlanId == planId).OrderBy(m => m.Position).ToListAsync(ct);
        var checkedRows = await CheckRowsAsync(plan, measures, request.Rows ?? [], ct);
        if (!checkedRows.IsSuccess) return checkedRows.Error;

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.Set<PlanAllocation>().Where(a => a.PlanId == planId).ExecuteDeleteAsync(ct);
        db.AddRange(checkedRows.Value);
        plan.Version++;
        audit.Add("allocate", Entity, planId.ToString(CultureInfo.InvariantCulture),
            detail: $"{request.Rows!.Count} communities from {source}");
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Error.Conflict("plans.stale");
        }
        await tx.CommitAsync(ct);
        return new PlanCreated(plan.Id, plan.Version);
    }

    async Task<Result<List<PlanAllocation>>> CheckRowsAsync(Plan plan, List<PlanMeasure> measures, IReadOnlyList<AllocationRow> rows,
        CancellationToken ct)
    {
        if (rows.Count == 0) return Error.Validation("plans.allocation.empty");
        var street = OrgCode.Parse(plan.OrgCode);
        var communities = (await db.OrgUnits.AsNoTracking().WithinOrg(o => o.Code, street).Where(o => o.Level == 5)
            .Select(o => o.Code).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<PlanAllocation>();
        foreach (var (row, index) in rows.Select((r, i) => (r, i)))
        {
            var code = row.OrgCode?.Trim() ?? "";
            if (!communities.Contains(code)) return Error.Validation("plans.allocation.org", code);
            if (!seen.Add(code)) return Error.Validation("plans.allocation.repeated", code);
            if (row.Targets is null || row.Targets.Count != measures.Count || (row.Baselines is { } b && b.Count != measures.Count))
                return Error.Validation("plans.allocation.columns", code);
            for (var i = 0; i < measures.Count; i++)
            {
                var target = row.Targets[i];
                var baseline = row.Baselines?[i];
                if (target is < 0 or > MaxNumber || baseline is < 0 or > MaxNumber) return Error.Validation("plans.allocation.number", code);
                if (baseline is not null && (!measures[i].HasBaseline || target is null)) return Error.Validation("plans.allocation.baseline", code);
                if (target is null) continue;
                result.Add(new PlanAllocation
                {
                    PlanId = plan.Id, MeasureId = measures[i].Id, OrgCode = code, Position = index + 1, Target = target.Value,
                    Baseline = baseline,
                });
            }
        }
        return result;
    }

    /// <summary>Appends a reported figure (cumulative, as of a date) for an entered measure.</summary>
    public async Task<Result<long>> ReportAsync(CurrentUser user, long planId, ProgressRequest request, CancellationToken ct)
    {
        var plan = await db.Set<Plan>().AsNoTracking().SingleOrDefaultAsync(p => p.Id == planId, ct);
        if (plan is null || !PlanScope.CanSee(user, plan.OrgCode)) return Error.NotFound("plans.notFound");
        var measure = await db.Set<PlanMeasure>().AsNoTracking().SingleOrDefaultAsync(m => m.Id == request.MeasureId && m.PlanId == planId, ct);
        if (measure is null || measure.Kind != PlanMeasureKind.Entered) return Error.Validation("plans.progress.measure", "MeasureId");
        var org = request.OrgCode?.Trim() ?? "";
        if (!PlanScope.CanReport(user, org)) return Error.Forbidden("plans.progress.forbidden");
        if (!await db.Set<PlanAllocation>().AnyAsync(a => a.MeasureId == measure.Id && a.OrgCode == org, ct))
            return Error.Validation("plans.progress.org", "OrgCode");
        if (request.Value is not (>= 0 and <= MaxNumber)) return Error.Validation("plans.progress.value", "Value");
        var asOf = request.AsOf ?? clock.Today();
        if (asOf > clock.Today()) return Error.Validation("plans.progress.asOf", "AsOf");
        var note = string.IsNullOrWhiteSpace(request.Note) ? null : request.Note.Trim();
        if (note is { Length: > 200 }) return Error.Validation("plans.progress.note", "Note");
        var entry = new PlanProgressEntry
        {
            PlanId = planId, MeasureId = measure.Id, OrgCode = org, Value = request.Value.Value, AsOf = asOf,
            EnteredAt = clock.UtcNow(), EnteredBy = user.UserName, Note = note,
        };
        db.Add(entry);
        audit.Add("report", Entity, planId.ToString(CultureInfo.InvariantCulture), detail: $"measure {measure.Id} org {org}");
        await db.SaveChangesAsync(ct);
        return entry.Id;
    }
}
