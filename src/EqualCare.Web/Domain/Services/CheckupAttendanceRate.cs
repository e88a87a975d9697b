using System.Globalization;

namespace EqualCare.Web.Domain.Services;

/// <summary>
/// 当日参检率 of a check-up day: the women who came over the women due that day (seed 004 四(三)4 reports the 康检率 of
/// each community and asks the ones below 100% for their reasons). Shown as the offices write it: 66.7%（2/3）.
/// </summary>
public readonly record struct CheckupAttendanceRate(int Came, int Due)
{
    /// <summary>The rate in percent rounded to one decimal, half away from zero; null when nobody was due.</summary>
    public decimal? Percent => Due == 0 ? null : Math.Round(100m * Came / Due, 1, MidpointRounding.AwayFromZero);

    /// <summary>e.g. "66.7%（2/3）"; "—（0/0）" when nobody was due (no rate, rather than a made-up 0% or 100%).</summary>
    public override string ToString() =>
        (Percent is { } p ? p.ToString("0.0", CultureInfo.InvariantCulture) + "%" : "—")
        + "（" + Came.ToString(CultureInfo.InvariantCulture) + "/" + Due.ToString(CultureInfo.InvariantCulture) + "）";
}

public static class AbsenceReasons
{
    /// <summary>The wording of the absentee report (seed 004: "比如离婚、丧偶、现孕等").</summary>
    public static string Chinese(this AbsenceReason reason) => reason switch
    {
        AbsenceReason.Pregnant => "现孕",
        AbsenceReason.Divorced => "离婚",
        AbsenceReason.Widowed => "丧偶",
        AbsenceReason.AwayTemporarily => "临时外出",
        AbsenceReason.Ill => "患病",
        AbsenceReason.Refused => "拒检",
        AbsenceReason.Unreachable => "联系不上",
        AbsenceReason.Other => "其他",
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, null),
    };
}
