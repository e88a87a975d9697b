using System.Globalization;
using System.Text.Json.Serialization;
using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using EqualCare.Web.Domain.Cases;
using EqualCare.Web.Web;
using Microsoft.EntityFrameworkCore;

namespace EqualCare.Web.Features.Certificates;

/// <summary>
/// A 婚育证明 (kind MarriageAndChildbearing) or 生育服务登记 (BirthServiceRegistration) as the page form, the API and the list
/// carry it; the page binds it and the API reads it.
/// </summary>
public record CertificateRequest(
    string? Kind, string? Form = null, string? Number = null, string? IssuingOffice = null, DateOnly? IssueDate = null,
    DateOnly? ValidUntil = null, short? ChildOrder = null)
{
    public static CertificateRequest FieldsOf(Certificate c) =>
        new(c.Kind.ToString(), c.Form?.ToString(), c.Number, c.IssuingOffice, c.IssueDate, c.ValidUntil, c.ChildOrder);
}

/// <summary>A 现居住地查验 as the page form, the API and the list carry it.</summary>
public record CheckRequest(DateOnly? CheckedOn, string? Office, string? Result, string? Note = null)
{
    public static CheckRequest FieldsOf(CertificateCheck k) => new(k.CheckedOn, k.Office, k.Result.ToString(), k.Note);
}

/// <summary>A kept check as the list shows it: its fields, who recorded it and when.</summary>
public sealed record CheckItem : CheckRequest
{
    CheckItem(CheckRequest fields) : base(fields) { }

    [JsonPropertyOrder(-1)]
    public long Id { get; init; }
    [JsonPropertyOrder(1)]
    public DateTime RecordedAt { get; init; }
    [JsonPropertyOrder(1)]
    public string RecordedBy { get; init; } = "";

    public static CheckItem From(CertificateCheck k) => new(FieldsOf(k)) { Id = k.Id, RecordedAt = k.RecordedAt, RecordedBy = k.RecordedBy };
}

/// <summary>A kept certificate as the list shows it: its fields, whether it is valid today, who recorded it and when, its checks.</summary>
public sealed record CertificateItem : CertificateRequest
{
    CertificateItem(CertificateRequest fields) : base(fields) { }

    [JsonPropertyOrder(-1)]
    public long Id { get; init; }
    [JsonPropertyOrder(1)]
    public bool IsValid { get; init; }
    [JsonPropertyOrder(1)]
    public DateTime RecordedAt { get; init; }
    [JsonPropertyOrder(1)]
    public string RecordedBy { get; init; } = "";
    [JsonPropertyOrder(1)]
    public IReadOnlyList<CheckItem> Checks { get; init; } = [];

    public static CertificateItem From(Certificate c, DateOnly today, IReadOnlyList<CheckItem> checks) => new(FieldsOf(c))
    {
        Id = c.Id, IsValid = CertificateRules.IsValidOn(c, today), RecordedAt = c.RecordedAt, RecordedBy = c.RecordedBy, Checks = checks,
    };
}

public sealed record CertificateList(long PersonId, string Name, string IdNumberMasked, Sex Sex, IReadOnlyList<CertificateItem> Items);

/// <summary>
/// Certificates of a case and their checks (docs/rules.md §6.3–6.4), scoped like the case (404 outside scope). Append-only:
/// each add is one insert and its audit row in one SaveChanges; a correction is a new record.
/// </summary>
public sealed class CertificateHandler(EqualCareDb db, AuditLog audit, TimeProvider clock)
{
    public async Task<Result<CertificateList>> ListAsync(CurrentUser user, long personId, CancellationToken ct)
    {
        var entityId = Id(personId);
        var p = await db.Persons.AsNoTracking().InScopeOf(user).Where(x => x.Id == personId)
            .Select(x => new { x.Id, x.Name, x.IdNumber, x.Sex }).SingleOrDefaultAsync(ct);
        if (p is null)
        {
            await audit.RecordAsync(AuditLog.Actions.View, "person", entityId, AuditOutcome.Refused, "certificates: not found or outside scope", ct: ct);
            return Error.NotFound("person.notFound");
        }
        var certificates = await db.Certificates.AsNoTracking().Where(c => c.PersonId == personId)
            .OrderByDescending(c => c.RecordedAt).ThenByDescending(c => c.Id).ToListAsync(ct);
        // The checks of all of them in one query (no query per certificate).
        var checks = await db.CertificateChecks.AsNoTracking()
            .Where(k => db.Certificates.Any(c => c.Id == k.CertificateId && c.PersonId == personId))
            .OrderBy(k => k.CheckedOn).ThenBy(k => k.Id).ToListAsync(ct);
        await audit.RecordAsync(AuditLog.Actions.View, "person", entityId, detail: "certificates", ct: ct);
        var today = clock.Today();
        var byCertificate = checks.ToLookup(k => k.CertificateId);
        var items = certificates.Select(c => CertificateItem.From(c, today, byCertificate[c.Id].Select(CheckItem.From).ToList())).ToList();
        return new CertificateList(p.Id, p.Name, Masking.IdNumber(p.IdNumber), p.Sex, items);
    }

    public async Task<Result<CertificateItem>> AddAsync(CurrentUser user, long personId, CertificateRequest request, CancellationToken ct)
    {
        var entityId = Id(personId);
        if (await GuardAsync(user, personId, entityId, ct) is { } refused) return refused;
        if (!EnumNames.TryParse<CertificateKind>(request.Kind, out var kind)) return Error.Validation("certificate.kind.bad", nameof(CertificateRequest.Kind));
        CertificateForm? form = null;
        if (!string.IsNullOrWhiteSpace(request.Form))
        {
            if (!EnumNames.TryParse<CertificateForm>(request.Form, out var parsed)) return Error.Validation("certificate.form.required", nameof(CertificateRequest.Form));
            form = parsed;
        }
        var input = new CertificateInput(kind, form, request.Number, request.IssuingOffice, request.IssueDate, request.ValidUntil, request.ChildOrder);
        var problems = CertificateRules.Check(input, clock.Today());
        if (problems.Count > 0) return Error.Invalid(problems);

        var now = clock.UtcNow();
        var row = new Certificate
        {
            PersonId = personId,
            Kind = kind,
            Form = form,
            Number = request.Number!.Trim(),
            IssuingOffice = string.IsNullOrWhiteSpace(request.IssuingOffice) ? null : request.IssuingOffice.Trim(),
            IssueDate = request.IssueDate,
            ValidUntil = request.ValidUntil,
            ChildOrder = request.ChildOrder,
            RecordedAt = now,
            RecordedBy = user.UserName,
        };
        db.Certificates.Add(row);
        audit.Add(AuditLog.Actions.Create, "person", entityId, detail: $"certificate kind={kind}" + (form is null ? "" : $" form={form}"),
            userName: user.UserName);
        await db.SaveChangesAsync(ct);
        return CertificateItem.From(row, clock.Today(), []);
    }

    public async Task<Result<CheckItem>> AddCheckAsync(CurrentUser user, long personId, long certificateId, CheckRequest request,
        CancellationToken ct)
    {
        var entityId = Id(personId);
        if (await GuardAsync(user, personId, entityId, ct) is { } refused) return refused;
        var certificate = await db.Certificates.AsNoTracking()
            .Where(c => c.Id == certificateId && c.PersonId == personId && c.Kind == CertificateKind.MarriageAndChildbearing)
            .Select(c => new { c.Id, c.IssueDate }).SingleOrDefaultAsync(ct);
        if (certificate is null) return Error.NotFound("certificate.notFound");
        CheckResult? result = EnumNames.TryParse<CheckResult>(request.Result, out var parsed) ? parsed : null;
        var problems = CertificateRules.Check(new CertificateCheckInput(request.CheckedOn, request.Office, result, request.Note),
            certificate.IssueDate, clock.Today());
        if (problems.Count > 0) return Error.Invalid(problems);

        var row = new CertificateCheck
        {
            CertificateId = certificate.Id,
            CheckedOn = request.CheckedOn!.Value,
            Office = request.Office!.Trim(),
            Result = result!.Value,
            Note = string.IsNullOrWhiteSpace(request.Note) ? null : request.Note.Trim(),
            RecordedAt = clock.UtcNow(),
            RecordedBy = user.UserName,
        };
        db.CertificateChecks.Add(row);
        audit.Add(AuditLog.Actions.Create, "person", entityId, detail: $"certificate-check certificate={certificate.Id} result={row.Result}",
            userName: user.UserName);
        await db.SaveChangesAsync(ct);
        return CheckItem.From(row);
    }

    /// <summary>Outside scope is "not found"; inside it, a read-only role (district) may not write.</summary>
    async Task<Error?> GuardAsync(CurrentUser user, long personId, string entityId, CancellationToken ct)
    {
        if (!await db.Persons.InScopeOf(user).AnyAsync(p => p.Id == personId, ct))
        {
            await audit.RecordAsync(AuditLog.Actions.Create, "person", entityId, AuditOutcome.Refused, "certificate: not found or outside scope", ct: ct);
            return Error.NotFound("person.notFound");
        }
        if (user.CanWritePersons) return null;
        await audit.RecordAsync(AuditLog.Actions.Create, "person", entityId, AuditOutcome.Refused, "certificate: read-only role", ct: ct);
        return Error.Forbidden("certificate.forbidden");
    }

    static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);
}
