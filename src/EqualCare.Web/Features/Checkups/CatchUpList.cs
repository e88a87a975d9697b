using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using EqualCare.Web.Domain.Cases;
using EqualCare.Web.Domain.Schedules;
using EqualCare.Web.Domain.Services;
using EqualCare.Web.Web;
using Microsoft.EntityFrameworkCore;

namespace EqualCare.Web.Features.Checkups;

/// <summary>A woman to catch up (补检): absent on a check-up day of the quarter and still without a 康检 in it.</summary>
public sealed record CatchUpItem(
    long PersonId, string Name, string IdNumberMasked, string? PhoneMasked, int Age, string CommunityCode, long DayId, DateOnly Day,
    AbsenceReason? Reason, string? ReasonName, string? Note);

public sealed record CatchUpList(string OrgCode, string Quarter, IReadOnlyList<CatchUpItem> Items);

/// <summary>
/// The 补检 list of an org unit for the current quarter, across its check-up days: seed 004 四(三)4 asks every community
/// below 100% for "缺检原因及下一步补检措施". One query; a woman absent on two days is listed once, at her latest day.
/// </summary>
public sealed class CatchUpQuery(EqualCareDb db, TimeProvider clock)
{
    public async Task<CatchUpList> ForAsync(CurrentUser user, OrgCode? org, CancellationToken ct)
    {
        var today = clock.Today();
        var quarter = Quarter.Containing(today);
        var unit = org is { } o && user.Org.Contains(o.Value) ? o : user.Org;
        if (!user.CanReadPersons) return new CatchUpList(unit.Value, quarter.ToString(), []);

        var rows = await (
                from a in db.CheckupAttendance
                where !a.Attended && !db.CheckupAttendance.Any(b => b.CheckupDayId == a.CheckupDayId && b.PersonId == a.PersonId && b.Id > a.Id)
                join d in db.CheckupDays.WithinOrg(d => d.CommunityCode, unit) on a.CheckupDayId equals d.Id
                where d.Day >= quarter.Start && d.Day <= quarter.End
                join p in db.Persons.InScopeOf(user) on a.PersonId equals p.Id
                where p.Status == CaseStatus.Active && !db.ServiceRecords.Any(s => s.PersonId == p.Id && s.Kind == ServiceKind.WomensCheckup
                    && s.ServiceDate >= quarter.Start && s.ServiceDate <= quarter.End && !db.ServiceRecords.Any(v => v.VoidsRecordId == s.Id))
                select new { p.Id, p.Name, p.IdNumber, p.Phone, p.BirthDate, d.CommunityCode, DayId = d.Id, d.Day, a.AbsenceReason, a.Note })
            .AsNoTracking().ToListAsync(ct);
        var items = rows.GroupBy(r => r.Id).Select(g => g.OrderBy(r => r.Day).Last())
            .OrderBy(r => r.CommunityCode, StringComparer.Ordinal).ThenBy(r => r.Name, StringComparer.Ordinal).ThenBy(r => r.Id)
            .Select(r => new CatchUpItem(r.Id, r.Name, Masking.IdNumber(r.IdNumber), Masking.Phone(r.Phone), CaseRules.AgeOn(r.BirthDate, today),
                r.CommunityCode, r.DayId, r.Day, r.AbsenceReason, r.AbsenceReason?.Chinese(), r.Note))
            .ToList();
        return new CatchUpList(unit.Value, quarter.ToString(), items);
    }
}

public static class CheckupAbsentees
{
    /// <summary>The worklist's mark on a 康检 item of a woman who was absent from a check-up day of its quarter.</summary>
    public const string CatchUpMark = "（补检）";

    /// <summary>
    /// Of <paramref name="persons"/>, those recorded absent (latest mark) on a check-up day in <paramref name="quarter"/>: the
    /// to-do list marks their 康检 of that quarter as a catch-up. One query.
    /// </summary>
    public static async Task<HashSet<long>> AbsentInAsync(this EqualCareDb db, IQueryable<Person> persons, Quarter quarter, CancellationToken ct) =>
        [.. await (
            from a in db.CheckupAttendance
            where !a.Attended && !db.CheckupAttendance.Any(b => b.CheckupDayId == a.CheckupDayId && b.PersonId == a.PersonId && b.Id > a.Id)
            join d in db.CheckupDays on a.CheckupDayId equals d.Id
            where d.Day >= quarter.Start && d.Day <= quarter.End && persons.Any(p => p.Id == a.PersonId)
            select a.PersonId).Distinct().ToListAsync(ct)];
}
