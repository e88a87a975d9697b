using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using EqualCare.Web.Domain.Cases;
using EqualCare.Web.Domain.Schedules;
using EqualCare.Web.Domain.Services;
using EqualCare.Web.Features.Services;
using EqualCare.Web.Web;
using Microsoft.EntityFrameworkCore;

namespace EqualCare.Web.Features.Checkups;

/// <summary>
/// Builds a check-up day's sheet. The women listed are those the due engine finds due (or overdue) for the 康检 of the
/// day's quarter, judged on the day itself, plus every woman already recorded on the day: once she came her 康检 is on
/// record and the engine no longer lists her, but she stays on the sheet so that the rate keeps its denominator.
/// A fixed number of queries whatever the number of women (the due engine batches its own).
/// </summary>
public sealed class CheckupSheetQuery(EqualCareDb db, DueCalculator calculator)
{
    /// <summary>
    /// A woman on the sheet with what the save needs beyond the row: her birth date for the service rules, her current mark
    /// (the one a correction voids; null when she has none) and the 康检 record of the day a came mark made.
    /// </summary>
    public sealed record SheetPerson(SheetRow Row, DateOnly BirthDate, long? MarkId = null, long? CheckupRecordId = null);

    /// <summary>The day if it is in the user's scope (a street or district user sees its subtree); else null, shown as 404.</summary>
    public async Task<CheckupDayInfo?> FindDayAsync(CurrentUser user, long id, CancellationToken ct)
    {
        if (!user.CanReadPersons) return null;
        return await db.CheckupDays.AsNoTracking().WithinOrg(d => d.CommunityCode, user.Org).Where(d => d.Id == id)
            .Select(d => new CheckupDayInfo(d.Id, d.CommunityCode,
                db.OrgUnits.Where(o => o.Code == d.CommunityCode).Select(o => o.Name).FirstOrDefault(), d.Day, d.Place))
            .SingleOrDefaultAsync(ct);
    }

    public async Task<CheckupSheet?> ForAsync(CurrentUser user, long id, CancellationToken ct)
    {
        var day = await FindDayAsync(user, id, ct);
        if (day is null) return null;
        var people = await PeopleAsync(user, day, ct);
        return new CheckupSheet(day, Quarter.Containing(day.Day).ToString(), [.. people.Select(p => p.Row)], CheckupWriters.May(user, day));
    }

    public async Task<IReadOnlyList<SheetPerson>> PeopleAsync(CurrentUser user, CheckupDayInfo day, CancellationToken ct)
    {
        var quarter = Quarter.Containing(day.Day);
        // The engine's own population (active inflow cases, as on the to-do list), women only; plus anyone recorded on the day.
        var persons = db.Persons.InScopeOf(user).Where(p =>
            (p.CommunityCode == day.CommunityCode && p.Sex == Sex.Female && p.Status == CaseStatus.Active
             && p.FlowDirection == FlowDirection.Inflow && p.MergedIntoId == null)
            || db.CheckupAttendance.Any(a => a.CheckupDayId == day.Id && a.PersonId == p.Id));
        var due = await calculator.ForAsync(persons, day.Day, ct);
        // Her current mark: the one no later mark voids (the chain of corrections ends there; unique keys keep it one).
        // Read after the due engine: a came mark commits with her 康检, so a save racing this one may hide her from the
        // engine (康检 on record) but then shows her mark here; read the other way round she could fall off the sheet.
        var marks = await db.CheckupAttendance.AsNoTracking().Where(a => a.CheckupDayId == day.Id)
            .Select(a => new { a.Id, a.PersonId, a.Attended, a.AbsenceReason, a.Note, a.VoidsAttendanceId }).ToListAsync(ct);
        var voided = marks.Where(a => a.VoidsAttendanceId is not null).Select(a => a.VoidsAttendanceId!.Value).ToHashSet();
        var latest = marks.Where(a => !voided.Contains(a.Id)).GroupBy(a => a.PersonId).ToDictionary(g => g.Key, g => g.MaxBy(a => a.Id)!);

        var listed = due.Where(p => latest.ContainsKey(p.PersonId)
                                    || p.List.Due.Any(d => d.Kind == CareKind.WomensCheckup && quarter.Contains(d.WindowStart)))
            .ToList();

        var ids = listed.Select(p => p.PersonId).ToList();
        var checkups = await db.ServiceRecords.AsNoTracking()
            .Where(s => ids.Contains(s.PersonId) && s.Kind == ServiceKind.WomensCheckup
                        && s.ServiceDate >= quarter.Start && s.ServiceDate <= quarter.End
                        && !db.ServiceRecords.Any(v => v.VoidsRecordId == s.Id))
            .OrderBy(s => s.Id)
            .Select(s => new { s.Id, s.PersonId, s.ServiceDate, s.Result, s.ReportSentToHukou, s.Findings })
            .ToListAsync(ct);
        var quarterChecked = checkups.Select(s => s.PersonId).ToHashSet();
        var onTheDay = checkups.Where(s => s.ServiceDate == day.Day).GroupBy(s => s.PersonId).ToDictionary(g => g.Key, g => g.Last());

        return [.. listed.OrderBy(p => p.Name, StringComparer.Ordinal).ThenBy(p => p.PersonId).Select(p =>
        {
            var mark = latest.GetValueOrDefault(p.PersonId);
            // A mark that is neither came nor a reason is 未登记: listed on a saved sheet, nothing said of her.
            var state = mark is null ? AttendanceState.NotRecorded : mark.Attended ? AttendanceState.Came
                : mark.AbsenceReason is null ? AttendanceState.NotRecorded : AttendanceState.Absent;
            var reason = state == AttendanceState.Absent ? mark!.AbsenceReason : null;
            var result = state == AttendanceState.Came ? onTheDay.GetValueOrDefault(p.PersonId) : null;
            var row = new SheetRow(p.PersonId, p.Name, Masking.IdNumber(p.IdNumber), Masking.Phone(p.Phone), CaseRules.AgeOn(p.BirthDate, day.Day),
                state, reason, reason?.Chinese(), state == AttendanceState.Absent ? mark!.Note : null, result?.Result,
                result?.Result is { } r ? ServiceNames.Chinese(r) : null, result?.ReportSentToHukou, result?.Findings,
                quarterChecked.Contains(p.PersonId));
            return new SheetPerson(row, p.BirthDate, mark?.Id, result?.Id);
        })];
    }
}

/// <summary>
/// Who may create a check-up day and record its sheet: the community worker of that community, whose event it is.
/// Street and district offices read the days of the communities below them.
/// </summary>
public static class CheckupWriters
{
    public static bool May(CurrentUser user, CheckupDayInfo day) => May(user) && user.Org.Value == day.CommunityCode;

    public static bool May(CurrentUser user) => user.Role == Roles.Community && user.Org.Level == 5;
}
