using System.Globalization;
using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using EqualCare.Web.Domain.Schedules;
using EqualCare.Web.Domain.Services;
using EqualCare.Web.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace EqualCare.Web.Features.Services;

/// <summary>A service as the API sends it: enum fields by name (kind WomensCheckup, result Normal, fulfils ChildVisit3Months …).</summary>
public sealed record ServiceRequest(
    string? Kind, DateOnly? Date, string? Fulfils = null, string? Place = null, string? Provider = null, string? Note = null,
    string? RecordNumber = null, string? Findings = null, string? Vaccine = null, short? DoseNumber = null, string? BatchNumber = null,
    string? InjectionSite = null, decimal? WeightKg = null, decimal? HeightCm = null, short? GestationalWeeks = null,
    bool? HighRisk = null, string? Result = null, bool? ReportSentToHukou = null, string? Operation = null, short? LeaveDays = null,
    string? Item = null, int? Quantity = null);

public sealed record ServiceItem(
    long Id, string Kind, string? Fulfils, DateOnly Date, string? Place, string? Provider, string? Note, string? RecordNumber,
    string? Findings, string? Vaccine, short? DoseNumber, string? BatchNumber, string? InjectionSite, decimal? WeightKg,
    decimal? HeightCm, short? GestationalWeeks, bool? HighRisk, string? Result, bool? ReportSentToHukou, string? Operation,
    short? LeaveDays, string? Item, int? Quantity, DateTime RecordedAt, string RecordedBy, bool Voided)
{
    public static ServiceItem From(ServiceRecord r, bool voided) => new(r.Id, r.Kind.ToString(), r.Fulfils?.ToString(), r.ServiceDate,
        r.Place, r.Provider, r.Note, r.RecordNumber, r.Findings, r.Vaccine, r.DoseNumber, r.BatchNumber, r.InjectionSite, r.WeightKg,
        r.HeightCm, r.GestationalWeeks, r.HighRisk, r.Result?.ToString(), r.ReportSentToHukou, r.Operation?.ToString(), r.LeaveDays,
        r.Item, r.Quantity, r.RecordedAt, r.RecordedBy, voided);
}

/// <summary>
/// Records services for a case, scoped like the case (404 outside scope, read-only roles refused). Append-only: a record
/// entered in error is cancelled by a void record naming it, never edited or deleted.
/// </summary>
public sealed class ServiceHandler(EqualCareDb db, AuditLog audit, TimeProvider clock, IOptions<ServiceOptions> options)
{
    public async Task<Result<IReadOnlyList<ServiceItem>>> ListAsync(CurrentUser user, long personId, CancellationToken ct)
    {
        if (!await db.Persons.InScopeOf(user).AnyAsync(p => p.Id == personId, ct))
        {
            await audit.RecordAsync(AuditLog.Actions.View, "person", Id(personId), AuditOutcome.Refused, "services: not found or outside scope", ct: ct);
            return Error.NotFound("person.notFound");
        }
        var rows = await db.ServiceRecords.AsNoTracking().Where(s => s.PersonId == personId)
            .OrderByDescending(s => s.ServiceDate).ThenByDescending(s => s.Id).ToListAsync(ct);
        var voided = rows.Where(r => r.VoidsRecordId is not null).Select(r => r.VoidsRecordId!.Value).ToHashSet();
        await audit.RecordAsync(AuditLog.Actions.View, "person", Id(personId), detail: "services", ct: ct);
        return rows.Select(r => ServiceItem.From(r, voided.Contains(r.Id))).ToList();
    }

    public async Task<Result<ServiceItem>> RecordAsync(CurrentUser user, long personId, ServiceRequest request, CancellationToken ct)
    {
        var parsed = Parse(request);
        if (!parsed.IsSuccess) return parsed.Error;
        var person = await GuardAsync(user, personId, "service", ct);
        if (!person.IsSuccess) return person.Error;
        var input = parsed.Value;
        var problems = ServiceRules.Check(input, person.Value.BirthDate, person.Value.CommunityCode, clock.Today());
        if (problems.Count > 0) return Error.Invalid(problems);

        var row = ToRecord(input, personId, person.Value.CommunityCode, user.UserName);
        db.ServiceRecords.Add(row);
        audit.Add(AuditLog.Actions.Create, "person", Id(personId), detail: $"service kind={row.Kind}", userName: user.UserName);
        await db.SaveChangesAsync(ct);
        return ServiceItem.From(row, voided: false);
    }

    /// <summary>Cancels a record entered in error by appending a void record with the reason; the original stays in the history.</summary>
    public async Task<Result<ServiceItem>> VoidAsync(CurrentUser user, long personId, long recordId, string? reason, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(reason)) return Error.Validation("service.void.reason", "Reason");
        var person = await GuardAsync(user, personId, "service void", ct);
        if (!person.IsSuccess) return person.Error;
        var target = await db.ServiceRecords.AsNoTracking()
            .Where(s => s.Id == recordId && s.PersonId == personId && s.Kind != ServiceKind.Void).SingleOrDefaultAsync(ct);
        if (target is null) return Error.NotFound("service.notFound");
        if (await db.ServiceRecords.AnyAsync(s => s.VoidsRecordId == recordId, ct)) return Error.Conflict("service.void.already");
        var row = new ServiceRecord
        {
            PersonId = personId, CommunityCode = person.Value.CommunityCode, Kind = ServiceKind.Void, ServiceDate = clock.Today(),
            Note = reason.Trim(), RecordedAt = clock.UtcNow(), RecordedBy = user.UserName, VoidsRecordId = recordId,
        };
        db.ServiceRecords.Add(row);
        audit.Add(AuditLog.Actions.Update, "person", Id(personId), detail: $"service void record={recordId}", userName: user.UserName);
        await db.SaveChangesAsync(ct);
        return ServiceItem.From(row, voided: false);
    }

    /// <summary>The record a valid input becomes; also used by the check-up day, which records many at once.</summary>
    public ServiceRecord ToRecord(ServiceInput input, long personId, string communityCode, string userName)
    {
        var leave = input.LeaveDays ?? (input.Operation is { } op ? options.Value.Leave.DaysFor(op) : null);
        return new ServiceRecord
        {
            PersonId = personId, CommunityCode = communityCode, Kind = input.Kind, Fulfils = ServiceRules.ItemFulfilled(input),
            ServiceDate = input.Date!.Value, Place = Clean(input.Place), Provider = Clean(input.Provider), Note = Clean(input.Note),
            RecordedAt = clock.UtcNow(), RecordedBy = userName, RecordNumber = Clean(input.RecordNumber), Findings = Clean(input.Findings),
            Vaccine = Clean(input.Vaccine), DoseNumber = input.DoseNumber, BatchNumber = Clean(input.BatchNumber),
            InjectionSite = Clean(input.InjectionSite), WeightKg = input.WeightKg, HeightCm = input.HeightCm,
            GestationalWeeks = input.GestationalWeeks, HighRisk = input.HighRisk, Result = input.Result,
            ReportSentToHukou = input.ReportSentToHukou, Operation = input.Operation, LeaveDays = leave, Item = Clean(input.Item),
            Quantity = input.Quantity,
        };
    }

    public static Result<ServiceInput> Parse(ServiceRequest r)
    {
        if (!EnumNames.TryParse<ServiceKind>(r.Kind, out var kind) || kind == ServiceKind.Void) return Error.Validation("service.kind.bad", "Kind");
        if (!EnumNames.TryParseOptional<CareKind>(r.Fulfils, out var fulfils)) return Error.Validation("service.fulfils.bad", "Fulfils");
        if (!EnumNames.TryParseOptional<CheckOutcome>(r.Result, out var result)) return Error.Validation("service.result.required", "Result");
        if (!EnumNames.TryParseOptional<Operation>(r.Operation, out var operation)) return Error.Validation("service.operation.required", "Operation");
        return new ServiceInput(kind, r.Date, fulfils, r.Place, r.Provider, r.Note, r.RecordNumber?.Trim(), r.Findings, r.Vaccine?.Trim(),
            r.DoseNumber, r.BatchNumber, r.InjectionSite, r.WeightKg, r.HeightCm, r.GestationalWeeks, r.HighRisk, result,
            r.ReportSentToHukou, operation, r.LeaveDays, r.Item, r.Quantity);
    }

    public sealed record PersonScopeInfo(DateOnly BirthDate, string CommunityCode);

    /// <summary>Outside scope is "not found"; inside it, a read-only role (district) may not write.</summary>
    public async Task<Result<PersonScopeInfo>> GuardAsync(CurrentUser user, long personId, string what, CancellationToken ct)
    {
        var person = await db.Persons.AsNoTracking().InScopeOf(user).Where(p => p.Id == personId)
            .Select(p => new PersonScopeInfo(p.BirthDate, p.CommunityCode)).SingleOrDefaultAsync(ct);
        if (person is null)
        {
            await audit.RecordAsync(AuditLog.Actions.Create, "person", Id(personId), AuditOutcome.Refused, $"{what}: not found or outside scope", ct: ct);
            return Error.NotFound("person.notFound");
        }
        if (user.CanWritePersons) return person;
        await audit.RecordAsync(AuditLog.Actions.Create, "person", Id(personId), AuditOutcome.Refused, $"{what}: read-only role", ct: ct);
        return Error.Forbidden("service.forbidden");
    }

    static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);
}

/// <summary>The "EqualCare:Services" configuration: the leave table of this province.</summary>
public sealed class ServiceOptions
{
    public const string Section = "EqualCare:Services";
    public LeaveTable Leave { get; set; } = new();
}
