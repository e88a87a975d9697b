using System.Globalization;
using EqualCare.Web.Data;
using EqualCare.Web.Domain.Services;
using EqualCare.Web.Domain;
using EqualCare.Web.Web;
using Microsoft.EntityFrameworkCore;

namespace EqualCare.Web.Features.Checkups;

public sealed record NewCheckupDay(DateOnly? Day, string? Place);

/// <summary>
/// A day in a list: how many women were recorded as came, as absent and as 未登记 (listed on a saved sheet, left unmarked),
/// by the current mark of each woman.
/// </summary>
public sealed record CheckupDayListItem(long Id, string CommunityCode, string? CommunityName, DateOnly Day, string? Place, int Came, int Absent,
    int NotRecorded = 0);

/// <summary>Creates a community's check-up days and lists the days of an org unit in scope.</summary>
public sealed class CheckupDays(EqualCareDb db, AuditLog audit, TimeProvider clock)
{
    public const int PlaceMaxLength = 100;

    /// <summary>How far ahead a day may be planned; a date further out is a typing error more often than a plan.</summary>
    public const int PlanAheadDays = 366;

    public async Task<Result<CheckupDayListItem>> CreateAsync(CurrentUser user, NewCheckupDay input, CancellationToken ct)
    {
        if (!CheckupWriters.May(user))
        {
            await audit.RecordAsync(AuditLog.Actions.Create, "checkup_day", null, AuditOutcome.Refused, "not a community worker", ct: ct);
            return Error.Forbidden("checkup.forbidden");
        }
        if (input.Day is not { } day) return Error.Validation("checkup.day.required", nameof(input.Day));
        var today = clock.Today();
        // The quarter just ended may still be recorded afterwards (its overdue 康检 stay on the lists); older ones may not.
        if (day < Domain.Schedules.Quarter.Containing(today).Previous.Start || day > today.AddDays(PlanAheadDays))
            return Error.Validation("checkup.day.range", nameof(input.Day));
        var place = string.IsNullOrWhiteSpace(input.Place) ? null : input.Place.Trim();
        if (place is { Length: > PlaceMaxLength }) return Error.Validation("checkup.place.tooLong", nameof(input.Place));
        var community = user.Org.Value;
        if (await db.CheckupDays.AnyAsync(d => d.CommunityCode == community && d.Day == day, ct)) return Error.Conflict("checkup.day.exists");

        var row = new CheckupDay { CommunityCode = community, Day = day, Place = place, CreatedAt = clock.UtcNow(), CreatedBy = user.UserName };
        db.CheckupDays.Add(row);
        try
        {
            await audit.SaveWithAsync(AuditLog.Actions.Create, "checkup_day", () => row.Id.ToString(CultureInfo.InvariantCulture),
                detail: $"community={community} day={day:yyyy-MM-dd}", userName: user.UserName, ct: ct);
        }
        catch (DbUpdateException e) when (UniqueKey.IsViolation(e))
        {
            // Created a moment ago by another request (double click): the unique key (community, day) kept that one.
            db.ChangeTracker.Clear();
            return Error.Conflict("checkup.day.exists");
        }
        return new CheckupDayListItem(row.Id, community, null, day, place, 0, 0);
    }

    /// <summary>The days of <paramref name="org"/> (or the user's own unit when it is outside scope or missing), newest first.</summary>
    public async Task<IReadOnlyList<CheckupDayListItem>> ListAsync(CurrentUser user, OrgCode? org, CancellationToken ct)
    {
        if (!user.CanReadPersons) return [];
        var unit = org is { } o && user.Org.Contains(o.Value) ? o : user.Org;
        var latest = db.CheckupAttendance.Where(a =>
            !db.CheckupAttendance.Any(b => b.CheckupDayId == a.CheckupDayId && b.PersonId == a.PersonId && b.Id > a.Id));
        return await db.CheckupDays.AsNoTracking().WithinOrg(d => d.CommunityCode, unit)
            .OrderByDescending(d => d.Day).ThenBy(d => d.CommunityCode).Take(200)
            .Select(d => new CheckupDayListItem(d.Id, d.CommunityCode,
                db.OrgUnits.Where(u => u.Code == d.CommunityCode).Select(u => u.Name).FirstOrDefault(), d.Day, d.Place,
                latest.Count(a => a.CheckupDayId == d.Id && a.Attended),
                latest.Count(a => a.CheckupDayId == d.Id && !a.Attended && a.AbsenceReason != null),
                latest.Count(a => a.CheckupDayId == d.Id && !a.Attended && a.AbsenceReason == null)))
            .ToListAsync(ct);
    }
}
