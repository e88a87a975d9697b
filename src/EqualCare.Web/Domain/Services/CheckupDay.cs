namespace EqualCare.Web.Domain.Services;

/// <summary>集中康检: a community's check-up day (seed 004 四(三)1). The women due are listed from the registry on the day.</summary>
public sealed class CheckupDay
{
    public long Id { get; set; }
    public required string CommunityCode { get; set; }
    public DateOnly Day { get; set; }
    public string? Place { get; set; }
    public DateTime CreatedAt { get; set; }
    public required string CreatedBy { get; set; }
}

/// <summary>
/// One woman's attendance on a check-up day: came (her 康检 is a <see cref="ServiceRecord"/>) or absent with the reason
/// she gave, or 未登记 (listed on a saved sheet but not marked: not attended, no reason). Append-only: a correction is a
/// new row that names the row it voids (<see cref="VoidsAttendanceId"/>); the row nobody voids is her current mark.
/// </summary>
public sealed class CheckupAttendance
{
    public long Id { get; set; }
    public long CheckupDayId { get; set; }
    public long PersonId { get; set; }
    public bool Attended { get; set; }
    public AbsenceReason? AbsenceReason { get; set; }
    public string? Note { get; set; }
    public DateTime RecordedAt { get; set; }
    public required string RecordedBy { get; set; }
    public long? VoidsAttendanceId { get; set; }
}

/// <summary>Why a woman did not come (seed 004: "比如离婚、丧偶、现孕等").</summary>
public enum AbsenceReason : short
{
    Pregnant = 1,
    Divorced = 2,
    Widowed = 3,
    AwayTemporarily = 4,
    Ill = 5,
    Refused = 6,
    Unreachable = 7,
    Other = 9,
}
