using System.Globalization;
using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using EqualCare.Web.Domain.Schedules;
using EqualCare.Web.Domain.Services;
using EqualCare.Web.Features.Services;
using EqualCare.Web.Web;
using Microsoft.EntityFrameworkCore;

namespace EqualCare.Web.Features.Worklist;

/// <summary>A worker's decision on one due item: exempt with a reason, or Unreachable (联系不上). Kind and item key name the item.</summary>
public sealed record DecisionRequest(string? Kind, string? ItemKey, DateOnly? WindowStart, string? Reason, string? Note = null);

public sealed record PersonDueView(long PersonId, DateOnly Today, IReadOnlyList<DueItem> Due, IReadOnlyList<ExemptItem> Exempt);

/// <summary>
/// What one person is due for (the API and the case page), and the workers' decisions on it. A decision must name an
/// item the person is due for today, so a forged request cannot file decisions about nothing.
/// </summary>
public sealed class DecisionHandler(EqualCareDb db, DueCalculator calculator, ServiceHandler services, AuditLog audit, TimeProvider clock)
{
    public async Task<Result<PersonDueView>> DueAsync(CurrentUser user, long personId, CancellationToken ct)
    {
        var today = clock.Today();
        var found = await calculator.ForAsync(db.Persons.InScopeOf(user).Where(p => p.Id == personId), today, ct);
        if (found.Count == 0)
        {
            await audit.RecordAsync(AuditLog.Actions.View, "person", Id(personId), AuditOutcome.Refused, "due: not found or outside scope", ct: ct);
            return Error.NotFound("person.notFound");
        }
        await audit.RecordAsync(AuditLog.Actions.View, "person", Id(personId), detail: "due", ct: ct);
        return new PersonDueView(personId, today, found[0].List.Due, found[0].List.Exempt);
    }

    public async Task<Result<ExemptItem>> DecideAsync(CurrentUser user, long personId, DecisionRequest request, CancellationToken ct)
    {
        if (!EnumNames.TryParse<CareKind>(request.Kind, out var kind)) return Error.Validation("decision.item.notDue", "Kind");
        if (!EnumNames.TryParse<ExemptionReason>(request.Reason, out var reason) || reason == ExemptionReason.LeftArea)
            return Error.Validation("decision.reason.bad", "Reason");
        if (reason == ExemptionReason.Other && string.IsNullOrWhiteSpace(request.Note)) return Error.Validation("decision.note.required", "Note");
        var person = await services.GuardAsync(user, personId, "decision", ct);
        if (!person.IsSuccess) return person.Error;

        var today = clock.Today();
        var due = (await calculator.ForAsync(db.Persons.Where(p => p.Id == personId), today, ct)).Single().List.Due;
        var itemKey = string.IsNullOrWhiteSpace(request.ItemKey) ? null : request.ItemKey.Trim();
        var item = due.FirstOrDefault(d => d.Kind == kind && d.ItemKey == itemKey && (request.WindowStart is null || d.WindowStart == request.WindowStart));
        if (item is null) return Error.Validation("decision.item.notDue", "Kind");

        db.CareExemptions.Add(new CareExemption
        {
            PersonId = personId, Kind = kind, ItemKey = itemKey, WindowStart = item.WindowStart, Reason = reason,
            Note = string.IsNullOrWhiteSpace(request.Note) ? null : request.Note.Trim(), RecordedAt = clock.UtcNow(), RecordedBy = user.UserName,
        });
        audit.Add(AuditLog.Actions.Create, "person", Id(personId), detail: $"decision kind={kind} reason={reason}", userName: user.UserName);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (UniqueKey.IsViolation(e))
        {
            // Decided a moment ago by another request: the unique key of migration 0016 (person, kind, item, window) kept that
            // decision, and the item is no longer due, which is what a later request is told.
            db.ChangeTracker.Clear();
            return Error.Validation("decision.item.notDue", "Kind");
        }
        return new ExemptItem(kind, item.Name, reason, item.WindowStart, item.WindowEnd, item.Source, itemKey);
    }

    static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);
}
