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
/// <see cref="Correct"/>: the line corrects a came mark (turns it absent, or changes its result); without it a came mark
/// is never overwritten (409), so that a stale or mistaken client cannot silently undo a 康检 on record.
/// </summary>
public sealed record AttendanceEntry(
    long PersonId, string? Status, string? Result = null, string? Findings = null, bool? ReportSentToHukou = null, string? Reason = null,
    string? Note = null, bool? Correct = null);

public sealed record SaveSheetRequest(IReadOnlyList<AttendanceEntry>? Entries);

/// <summary>
/// What a save changed: the women newly recorded as came (each with a 康检 record) and as absent, the marks corrected
/// (each voiding the one before), and the women listed but left unmarked, now recorded 未登记.
/// </summary>
public sealed record SheetSaved(int Came, int Absent, int Corrected = 0, int NotRecorded = 0);

/// <summary>
/// Saves a whole sheet in one transaction: every line is checked first and one bad line refuses the lot (its error names
/// the woman by id in <see cref="Error.Field"/>). A came line appends her 康检 service record through the service rules
/// and an attendance row; an absent line appends an attendance row with the reason; every woman on the sheet still
/// without a mark gets a 未登记 row, so that she stays in the day's and the quarter's 当日参检率 (IndicatorSql's "listed").
/// Nothing is updated: a line that repeats what is already recorded adds nothing; a changed one appends a row that voids
/// her current one (and, when a came mark is corrected, a void record of the day's 康检, as ServiceHandler.VoidAsync
/// does). Saving is idempotent: a repeated or parallel save of the same sheet finds the marks already there (the unique
/// keys of migration 0012 refuse a second current mark, and the save then runs again on what is now recorded).
/// </summary>
public sealed class CheckupSheetSave(EqualCareDb db, CheckupSheetQuery sheets, ServiceHandler services, AuditLog audit, TimeProvider clock)
{
    public const int NoteMaxLength = 200;

    /// <summary>Attempts before a save that keeps losing races gives up (each loss means another save wrote the same marks).</summary>
    const int Attempts = 5;

    /// <summary>The note of the void record a correction of a came mark writes on her 康检 of the day.</summary>
    public const string CorrectionNote = "康检日登记表更正";

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
        // Filled in advance, saved from the day on: before it, who came is not yet a fact (seed 004 四(三)).
        if (day.Day > clock.Today()) return Error.Validation("checkup.save.beforeDay");

        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await SaveOnceAsync(user, day, entries, ct);
            }
            catch (DbUpdateException) when (attempt < Attempts)
            {
                // Another save of this sheet wrote a mark first (a unique key refused ours): nothing of ours was kept;
                // read what is now recorded and apply the lines to it, which makes a repeated line a no-op.
                db.ChangeTracker.Clear();
            }
        }
    }

    async Task<Result<SheetSaved>> SaveOnceAsync(CurrentUser user, CheckupDayInfo day, List<AttendanceEntry> entries, CancellationToken ct)
    {
        var today = clock.Today();
        var onSheet = (await sheets.PeopleAsync(user, day, ct)).ToDictionary(p => p.Row.PersonId);
        var planned = new List<Line>();
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
        // 未登记: every woman of the sheet with no mark at all and no line now (never dropped from the rate).
        var unmarked = onSheet.Values.Where(p => p.MarkId is null && !planned.Exists(l => l.PersonId == p.Row.PersonId))
            .Select(p => new Line(p.Row.PersonId, Came: false, null, null, null, Voids: null, VoidsCheckup: null, Unmarked: true)).ToList();
        if (planned.Count == 0 && unmarked.Count == 0) return new SheetSaved(0, 0);

        var now = clock.UtcNow();
        foreach (var line in planned.Concat(unmarked))
        {
            db.CheckupAttendance.Add(new CheckupAttendance
            {
                CheckupDayId = day.Id, PersonId = line.PersonId, Attended = line.Came, AbsenceReason = line.Reason, Note = line.Note,
                RecordedAt = now, RecordedBy = user.UserName, VoidsAttendanceId = line.Voids,
            });
            if (line.VoidsCheckup is { } voids)
                db.ServiceRecords.Add(new ServiceRecord
                {
                    PersonId = line.PersonId, CommunityCode = day.CommunityCode, Kind = ServiceKind.Void, ServiceDate = today,
                    Note = CorrectionNote, RecordedAt = now, RecordedBy = user.UserName, VoidsRecordId = voids,
                });
            if (line.Checkup is { } checkup) db.ServiceRecords.Add(services.Complete(checkup, line.PersonId, day.CommunityCode, user.UserName));
            var what = line.Unmarked ? "not recorded" : line.Came ? "came" : "absent";
            audit.Add(line.Voids is null ? AuditLog.Actions.Create : AuditLog.Actions.Update, "person",
                line.PersonId.ToString(CultureInfo.InvariantCulture),
                detail: $"checkup day={day.Id} {what}" + (line.Voids is { } v ? $" voids mark={v}" : "")
                        + (line.VoidsCheckup is { } s ? $" voids record={s}" : ""),
                userName: user.UserName);
        }
        await db.SaveChangesAsync(ct);
        return new SheetSaved(planned.Count(l => l.Came), planned.Count(l => !l.Came), planned.Count(l => l.IsCorrection), unmarked.Count);
    }

    /// <summary>A row to append. <paramref name="Voids"/>: her current mark, which this one replaces.</summary>
    sealed record Line(long PersonId, bool Came, ServiceRecord? Checkup, AbsenceReason? Reason, string? Note, long? Voids,
        long? VoidsCheckup, bool Unmarked = false)
    {
        /// <summary>A mark that replaces a came or absent mark (replacing a 未登记 mark is the first real mark).</summary>
        public bool IsCorrection { get; init; }
    }

    /// <summary>The line to append, null when it only repeats what is recorded, or the error that refuses the sheet.</summary>
    static Result<Line?> Check(AttendanceEntry entry, CheckupSheetQuery.SheetPerson person, CheckupDayInfo day, DateOnly today, string field)
    {
        var recorded = person.Row;
        var correct = entry.Correct == true;
        var note = string.IsNullOrWhiteSpace(entry.Note) ? null : entry.Note.Trim();
        if (note is { Length: > NoteMaxLength }) return Error.Validation("checkup.note.tooLong", field);
        var wasMarked = recorded.State != AttendanceState.NotRecorded;
        switch (entry.Status!.Trim())
        {
            case var s when s.Equals("Came", StringComparison.OrdinalIgnoreCase):
                if (!EnumNames.TryParse<CheckOutcome>(entry.Result?.Trim(), out var result))
                {
                    // A came line repeated without its result (an older client) still only repeats what is recorded.
                    if (recorded.State == AttendanceState.Came && !correct) return (Line?)null;
                    return Error.Validation("checkup.result.required", field);
                }
                var findings = string.IsNullOrWhiteSpace(entry.Findings) ? null : entry.Findings.Trim();
                var report = entry.ReportSentToHukou ?? false;
                if (recorded.State == AttendanceState.Came)
                {
                    // Her 康检 of the day is on record: only an explicit correction that changes it appends anything.
                    if (!correct || (recorded.Result == result && recorded.Findings == findings && (recorded.ReportSentToHukou ?? false) == report))
                        return (Line?)null;
                }
                var input = new ServiceRecord
                {
                    CommunityCode = day.CommunityCode, RecordedBy = "", Kind = ServiceKind.WomensCheckup, ServiceDate = day.Day, Place = day.Place,
                    Findings = findings, Result = result, ReportSentToHukou = report, Note = note,
                };
                var problems = ServiceRules.Check(input, person.BirthDate, day.CommunityCode, today);
                if (problems.Count > 0) return Error.Validation(problems[0].Code, field);
                return new Line(entry.PersonId, true, input, null, null, person.MarkId,
                    recorded.State == AttendanceState.Came ? person.CheckupRecordId : null) { IsCorrection = wasMarked };
            case var s when s.Equals("Absent", StringComparison.OrdinalIgnoreCase):
                if (recorded.State == AttendanceState.Came && !correct) return new Error(ErrorKind.Conflict, "checkup.came.already", field);
                if (!EnumNames.TryParse<AbsenceReason>(entry.Reason?.Trim(), out var reason)) return Error.Validation("checkup.reason.required", field);
                if (reason == AbsenceReason.Other && note is null) return Error.Validation("checkup.reason.noteRequired", field);
                if (recorded.State == AttendanceState.Absent && recorded.Reason == reason && recorded.Note == note)
                    return (Line?)null;
                return new Line(entry.PersonId, false, null, reason, note, person.MarkId,
                    recorded.State == AttendanceState.Came ? person.CheckupRecordId : null) { IsCorrection = wasMarked };
            default:
                return Error.Validation("checkup.status.bad", field);
        }
    }
}
