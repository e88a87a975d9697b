using System.Globalization;
using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using EqualCare.Web.Domain.Services;
using EqualCare.Web.Features.Services;
using EqualCare.Web.Web;
using Microsoft.EntityFrameworkCore;

namespace EqualCare.Web.Features.Checkups;

/// <summary>
/// One line of a saved sheet. Status "Came" (with the 康检 result: Normal, Abnormal, Pregnant, IudProblem; the disease
/// check's findings; whether the 报告单 went to the 户籍地) or "Absent" (with a reason: Pregnant, Divorced, Widowed,
/// AwayTemporarily, Ill, Refused, Unreachable, Other + note). An empty status leaves the woman as she is.
/// </summary>
public sealed record AttendanceEntry(
    long PersonId, string? Status, string? Result = null, string? Findings = null, bool? ReportSentToHukou = null, string? Reason = null,
    string? Note = null);

public sealed record SaveSheetRequest(IReadOnlyList<AttendanceEntry>? Entries);

/// <summary>What a save changed: the women newly recorded as came (each with a 康检 record) and as absent.</summary>
public sealed record SheetSaved(int Came, int Absent);

/// <summary>
/// Saves a whole sheet in one transaction: every line is checked first and one bad line refuses the lot (its error names
/// the woman by id in <see cref="Error.Field"/>). A came line appends her 康检 service record through the service rules
/// and an attendance row; an absent line appends an attendance row with the reason. Nothing is updated: a line that
/// repeats what is already recorded adds nothing, a changed one appends a row and the latest row counts.
/// </summary>
public sealed class CheckupSheetSave(EqualCareDb db, CheckupSheetQuery sheets, ServiceHandler services, AuditLog audit, TimeProvider clock)
{
    public const int NoteMaxLength = 200;

    public async Task<Result<SheetSaved>> SaveAsync(CurrentUser user, long dayId, SaveSheetRequest request, CancellationToken ct)
    {
        var day = await sheets.FindDayAsync(user, dayId, ct);
        var entityId = dayId.ToString(CultureInfo.InvariantCulture);
        if (day is null)
        {
            await audit.RecordAsync(AuditLog.Actions.Update, "checkup_day", entityId, AuditOutcome.Refused, "not found or outside scope", ct: ct);
            return Error.NotFound("checkup.notFound");
        }
        if (!CheckupWriters.May(user, day))
        {
            await audit.RecordAsync(AuditLog.Actions.Update, "checkup_day", entityId, AuditOutcome.Refused, "not the community's worker", ct: ct);
            return Error.Forbidden("checkup.forbidden");
        }
        var entries = (request.Entries ?? []).Where(e => !string.IsNullOrWhiteSpace(e.Status)).ToList();
        if (entries.Count == 0) return Error.Validation("checkup.save.empty");
        var today = clock.Today();
        if (day.Day > today) return Error.Validation("checkup.save.beforeDay");

        var onSheet = (await sheets.PeopleAsync(user, day, ct)).ToDictionary(p => p.Row.PersonId);
        var planned = new List<(long PersonId, bool Came, ServiceRecord? Checkup, AbsenceReason? Reason, string? Note)>();
        var seen = new HashSet<long>();
        foreach (var entry in entries)
        {
            var field = entry.PersonId.ToString(CultureInfo.InvariantCulture);
            if (!seen.Add(entry.PersonId)) return Error.Validation("checkup.person.twice", field);
            if (!onSheet.TryGetValue(entry.PersonId, out var person))
                return await db.Persons.InScopeOf(user).AnyAsync(p => p.Id == entry.PersonId, ct)
                    ? Error.Validation("checkup.person.notDue", field)
                    : Error.Validation("checkup.person.unknown", field);
            var line = Check(entry, person, day, today, field);
            if (!line.IsSuccess) return line.Error;
            if (line.Value is { } planLine) planned.Add(planLine);
        }

        foreach (var line in planned)
        {
            db.CheckupAttendance.Add(new CheckupAttendance
            {
                CheckupDayId = day.Id, PersonId = line.PersonId, Attended = line.Came, AbsenceReason = line.Reason, Note = line.Note,
                RecordedAt = clock.UtcNow(), RecordedBy = user.UserName,
            });
            if (line.Checkup is { } checkup) db.ServiceRecords.Add(services.Complete(checkup, line.PersonId, day.CommunityCode, user.UserName));
            audit.Add(AuditLog.Actions.Create, "person", line.PersonId.ToString(CultureInfo.InvariantCulture),
                detail: $"checkup day={day.Id} {(line.Came ? "came" : "absent")}", userName: user.UserName);
        }
        if (planned.Count > 0) await db.SaveChangesAsync(ct);
        return new SheetSaved(planned.Count(l => l.Came), planned.Count(l => !l.Came));
    }

    /// <summary>The line to append, null when it only repeats what is recorded, or the error that refuses the sheet.</summary>
    static Result<(long, bool, ServiceRecord?, AbsenceReason?, string?)?> Check(
        AttendanceEntry entry, CheckupSheetQuery.SheetPerson person, CheckupDayInfo day, DateOnly today, string field)
    {
        var recorded = person.Row;
        var note = string.IsNullOrWhiteSpace(entry.Note) ? null : entry.Note.Trim();
        if (note is { Length: > NoteMaxLength }) return Error.Validation("checkup.note.tooLong", field);
        switch (entry.Status!.Trim())
        {
            case var s when s.Equals("Came", StringComparison.OrdinalIgnoreCase):
                // Her 康检 of the day is on record; changing it is a void on her case, so that the history stays whole.
                if (recorded.State == AttendanceState.Came) return ((long, bool, ServiceRecord?, AbsenceReason?, string?)?)null;
                if (!EnumNames.TryParse<CheckOutcome>(entry.Result?.Trim(), out var result)) return Error.Validation("checkup.result.required", field);
                var input = new ServiceRecord
                {
                    CommunityCode = day.CommunityCode, RecordedBy = "", Kind = ServiceKind.WomensCheckup, ServiceDate = day.Day, Place = day.Place,
                    Findings = string.IsNullOrWhiteSpace(entry.Findings) ? null : entry.Findings.Trim(), Result = result,
                    ReportSentToHukou = entry.ReportSentToHukou ?? false, Note = note,
                };
                var problems = ServiceRules.Check(input, person.BirthDate, day.CommunityCode, today);
                if (problems.Count > 0) return Error.Validation(problems[0].Code, field);
                return (entry.PersonId, true, input, null, null);
            case var s when s.Equals("Absent", StringComparison.OrdinalIgnoreCase):
                if (recorded.State == AttendanceState.Came) return new Error(ErrorKind.Conflict, "checkup.came.already", field);
                if (!EnumNames.TryParse<AbsenceReason>(entry.Reason?.Trim(), out var reason)) return Error.Validation("checkup.reason.required", field);
                if (reason == AbsenceReason.Other && note is null) return Error.Validation("checkup.reason.noteRequired", field);
                if (recorded.State == AttendanceState.Absent && recorded.Reason == reason && recorded.Note == note)
                    return ((long, bool, ServiceRecord?, AbsenceReason?, string?)?)null;
                return (entry.PersonId, false, null, reason, note);
            default:
                return Error.Validation("checkup.status.bad", field);
        }
    }
}
