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
    /// <summary>五期教育: education for the five stages of married life (seed 001 三(二)1, extended to migrants).</summary>
    FiveStageEducation = 6,
    /// <summary>健康讲座: health and disease-prevention lectures (seed 001 三(一)2, seed 000 二(三)).</summary>
    HealthLecture = 7,
    /// <summary>培训班: training classes, e.g. 优生优育优教知识培训 (seed 000 二(二)二).</summary>
    Training = 8,
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
        ActivityKind.FiveStageEducation => "五期教育",
        ActivityKind.HealthLecture => "健康讲座",
        ActivityKind.Training => "培训班",
        _ => "其他",
    };
}
