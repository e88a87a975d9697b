namespace EqualCare.Web.Domain.Statistics;

/// <summary>The kinds of care activity seed 002 (日卫计服发〔2016〕1号 一) asks offices to run.</summary>
public enum ActivityKind : short
{
    /// <summary>宣传服务: on-site, media, touring and notice-board publicity (一(一)).</summary>
    Publicity = 1,
    /// <summary>义诊 / health consultation days.</summary>
    FreeClinic = 2,
    /// <summary>走访慰问: visits to migrants staying or returning (一(三)).</summary>
    Visit = 3,
    /// <summary>关爱留守: the left-behind elderly, women and children (一(三)三).</summary>
    LeftBehindCare = 4,
    /// <summary>便民维权: rights protection and convenience services (一(二)).</summary>
    RightsService = 5,
    Other = 9,
}

public static class ActivityKinds
{
    public static string Chinese(ActivityKind kind) => kind switch
    {
        ActivityKind.Publicity => "宣传服务",
        ActivityKind.FreeClinic => "义诊",
        ActivityKind.Visit => "走访慰问",
        ActivityKind.LeftBehindCare => "关爱留守",
        ActivityKind.RightsService => "便民维权",
        _ => "其他",
    };
}
