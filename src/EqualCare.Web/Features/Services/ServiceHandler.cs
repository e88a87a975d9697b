using System.Globalization;
using System.Text.Json.Serialization;
using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using EqualCare.Web.Domain.Schedules;
using EqualCare.Web.Domain.Services;
using EqualCare.Web.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace EqualCare.Web.Features.Services;

/// <summary>
/// A service record's fields as the page form, the API and the list carry them: enum fields by name (kind WomensCheckup,
/// result Normal, fulfils ChildVisit3Months …). The page binds it and the API reads it; <see cref="ServiceHandler.Parse"/>
/// maps it onto a <see cref="ServiceRecord"/> and <see cref="FieldsOf"/> back, the only two places that list the fields.
/// </summary>
public record ServiceRequest(
    string? Kind, DateOnly? Date, string? Fulfils = null, string? Place = null, string? Provider = null, string? Note = null,
    string? RecordNumber = null, string? Findings = null, string? Vaccine = null, short? DoseNumber = null, string? BatchNumber = null,
    string? InjectionSite = null, decimal? WeightKg = null, decimal? HeightCm = null, short? GestationalWeeks = null,
    bool? HighRisk = null, string? Result = null, bool? ReportSentToHukou = null, string? Operation = null, short? LeaveDays = null,
    string? Item = null, int? Quantity = null)
{
    public static ServiceRequest FieldsOf(ServiceRecord r) => new(r.Kind.ToString(), r.ServiceDate, r.Fulfils?.ToString(), r.Place,
        r.Provider, r.Note, r.RecordNumber, r.Findings, r.Vaccine, r.DoseNumber, r.BatchNumber, r.InjectionSite, r.WeightKg, r.HeightCm,
        r.GestationalWeeks, r.HighRisk, r.Result?.ToString(), r.ReportSentToHukou, r.Operation?.ToString(), r.LeaveDays, r.Item, r.Quantity);
}

/// <summary>A kept record as the API lists it: its fields, who recorded it and when, and whether a later record voids it.</summary>
public sealed record ServiceItem : ServiceRequest
{
    ServiceItem(ServiceRequest fields) : base(fields) { }

    [JsonPropertyOrder(-1)]
    public long Id { get; init; }
    [JsonPropertyOrder(1)]
    public DateTime RecordedAt { get; init; }
    [JsonPropertyOrder(1)]
    public string RecordedBy { get; init; } = "";
    [JsonPropertyOrder(1)]
    public bool Voided { get; init; }

    public static ServiceItem From(ServiceRecord r, bool voided) =>
        new(FieldsOf(r)) { Id = r.Id, RecordedAt = r.RecordedAt, RecordedBy = r.RecordedBy, Voided = voided };
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
        // Checked after the scope, as the rules are: for a person outside it the answer is "not found" whatever was sent.
        if (request.Date is null) return Error.Validation("service.date.required", nameof(ServiceRequest.Date));
        var row = parsed.Value;
        var problems = ServiceRules.Check(row, person.Value.BirthDate, person.Value.CommunityCode, clock.Today());
        if (problems.Count > 0) return Error.Invalid(problems);

        Complete(row, personId, person.Value.CommunityCode, user.UserName);
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
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (UniqueKey.IsViolation(e))
        {
            // Voided a moment ago by another request: the unique key on voids_record_id (migration 0016) kept that one.
            db.ChangeTracker.Clear();
            return Error.Conflict("service.void.already");
        }
        return ServiceItem.From(row, voided: false);
    }

    /// <summary>
    /// Makes a checked record ready to keep: whose it is, where, who recorded it and when, the item it fulfils and the leave
    /// of the province's table when none was given. Also used by the check-up day, which records many at once.
    /// </summary>
    public ServiceRecord Complete(ServiceRecord row, long personId, string communityCode, string userName)
    {
        row.PersonId = personId;
        row.CommunityCode = communityCode;
        row.RecordedAt = clock.UtcNow();
        row.RecordedBy = userName;
        row.Fulfils = ServiceRules.ItemFulfilled(row);
        row.LeaveDays ??= row.Operation is { } op ? options.Value.LeaveInForce().DaysFor(op) : null;
        return row;
    }

    /// <summary>
    /// The record a request describes, its names read and its text trimmed (an empty text is no text). Only the names are
    /// checked here; the rules (<see cref="ServiceRules.Check"/>) come once the person is known. A missing date is left to
    /// the caller, which refuses it after the scope check; whose record it is and who records it are set by
    /// <see cref="Complete"/>.
    /// </summary>
    public static Result<ServiceRecord> Parse(ServiceRequest r)
    {
        if (!EnumNames.TryParse<ServiceKind>(r.Kind, out var kind) || kind == ServiceKind.Void) return Error.Validation("service.kind.bad", "Kind");
        if (!EnumNames.TryParseOptional<CareKind>(r.Fulfils, out var fulfils)) return Error.Validation("service.fulfils.bad", "Fulfils");
        if (!EnumNames.TryParseOptional<CheckOutcome>(r.Result, out var result)) return Error.Validation("service.result.required", "Result");
        if (!EnumNames.TryParseOptional<Operation>(r.Operation, out var operation)) return Error.Validation("service.operation.required", "Operation");
        return new ServiceRecord
        {
            CommunityCode = "", RecordedBy = "", Kind = kind, ServiceDate = r.Date ?? default, Fulfils = fulfils, Place = Clean(r.Place),
            Provider = Clean(r.Provider), Note = Clean(r.Note), RecordNumber = Clean(r.RecordNumber), Findings = Clean(r.Findings),
            Vaccine = Clean(r.Vaccine), DoseNumber = r.DoseNumber, BatchNumber = Clean(r.BatchNumber), InjectionSite = Clean(r.InjectionSite),
            WeightKg = r.WeightKg, HeightCm = r.HeightCm, GestationalWeeks = r.GestationalWeeks, HighRisk = r.HighRisk, Result = result,
            ReportSentToHukou = r.ReportSentToHukou, Operation = operation, LeaveDays = r.LeaveDays, Item = Clean(r.Item), Quantity = r.Quantity,
        };
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

    /// <summary>A seed's leave table over <see cref="Leave"/>: "Seed001" (惠济区 2014: IUD 2 days, sterilisation 21) or "Guide" (none).</summary>
    public string LeaveRules { get; set; } = "Guide";

    /// <summary>The days in force: the configured ones with the chosen seed table's over them (docs/rules.md §6.5).</summary>
    public LeaveTable LeaveInForce() => LeaveRuleTables.Apply(Leave, LeaveRuleTables.Named(LeaveRules));
}
