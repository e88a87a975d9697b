namespace EqualCare.Web.Domain.Schedules;

/// <summary>
/// Why a person is not due for an item she would otherwise be due for. Seed 004 四(三)1 asks for exactly these reasons
/// for women missing a check-up ("比如离婚、丧偶、现孕等"); sterilisation exempts only where the local rule says so.
/// </summary>
public enum ExemptionReason : short
{
    /// <summary>现孕.</summary>
    Pregnant = 1,
    /// <summary>离婚.</summary>
    Divorced = 2,
    /// <summary>丧偶.</summary>
    Widowed = 3,
    /// <summary>已绝育 (she or her husband): no IUD or pregnancy check needed where the local rule exempts it.</summary>
    Sterilised = 4,
    /// <summary>已离开: departed, returned home or file withdrawn.</summary>
    LeftArea = 5,
    /// <summary>联系不上: set by a worker on one item; the person stays in the registry.</summary>
    Unreachable = 6,
    /// <summary>其他: set by a worker with a note saying why.</summary>
    Other = 9,
}

public static class ExemptionReasons
{
    /// <summary>The Chinese wording used on lists and absentee reports.</summary>
    public static string Chinese(this ExemptionReason reason) => reason switch
    {
        ExemptionReason.Pregnant => "现孕",
        ExemptionReason.Divorced => "离婚",
        ExemptionReason.Widowed => "丧偶",
        ExemptionReason.Sterilised => "已绝育",
        ExemptionReason.LeftArea => "已离开",
        ExemptionReason.Unreachable => "联系不上",
        ExemptionReason.Other => "其他",
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, null),
    };
}
