using EqualCare.Web.Domain.Schedules;
using EqualCare.Web.Domain.Services;

namespace EqualCare.Web.Features.Checkups;

public enum AttendanceState : short
{
    /// <summary>Nothing recorded yet for her on this day.</summary>
    NotRecorded = 0,
    Came = 1,
    Absent = 2,
}

public sealed record CheckupDayInfo(long Id, string CommunityCode, string? CommunityName, DateOnly Day, string? Place);

/// <summary>
/// One woman on the sheet, ID and phone masked. <see cref="CheckedThisQuarter"/>: she has a 康检 record in the day's
/// quarter (from this day or another), so she needs no catch-up. Result fields are those of her 康检 on the day.
/// </summary>
public sealed record SheetRow(
    long PersonId, string Name, string IdNumberMasked, string? PhoneMasked, int Age, AttendanceState State, AbsenceReason? Reason,
    string? ReasonName, string? Note, CheckOutcome? Result, string? ResultName, bool? ReportSentToHukou, string? Findings,
    bool CheckedThisQuarter)
{
    /// <summary>补检: she was recorded absent and still has no 康检 this quarter.</summary>
    public bool NeedsCatchUp => State == AttendanceState.Absent && !CheckedThisQuarter;
}

/// <summary>
/// The sheet of a check-up day: the women due a 康检 in the day's quarter (and those already recorded on the day), the
/// 当日参检率 = came / due, the absentees with their reasons and the 补检 catch-up list. A woman neither came nor absent is
/// 未登记 (<see cref="NotRecorded"/>): she stays in the rate's denominator and is counted beside came and absent.
/// <see cref="SaveFrom"/>: the sheet may be filled in advance, but saved only from the day on (nothing is saved before).
/// </summary>
public sealed record CheckupSheet(CheckupDayInfo Day, string Quarter, IReadOnlyList<SheetRow> Rows, bool CanWrite)
{
    public int Came => Rows.Count(r => r.State == AttendanceState.Came);
    public int NotRecorded => Rows.Count(r => r.State == AttendanceState.NotRecorded);
    public DateOnly SaveFrom => Day.Day;
    public CheckupAttendanceRate Rate => new(Came, Rows.Count);
    public string RateText => Rate.ToString();
    public IReadOnlyList<SheetRow> Absentees => [.. Rows.Where(r => r.State == AttendanceState.Absent)];
    public IReadOnlyList<SheetRow> CatchUp => [.. Rows.Where(r => r.NeedsCatchUp)];
}
