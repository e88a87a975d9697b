namespace EqualCare.Web.Domain.ServicesBoard;

/// <summary>
/// What an office publishes for migrants (服务信息, docs/rules.md §10.3). Check-up days are not a kind: the public page shows
/// the community's 康检 days as the check-up day list has them (Features/Checkups), never typed twice.
/// </summary>
public enum BoardItemKind : short
{
    /// <summary>房屋租赁信息: seed 001 三(二)6 流入人口房屋租赁信息服务平台.</summary>
    RentalHousing = 1,
    /// <summary>空岗信息: seed 001 三(二)6, with the 社保所 and 劳动就业指导中心.</summary>
    JobVacancy = 2,
    /// <summary>培训班: seed 000 二(二)二 优生优育优教知识培训; seed 001 三(二)1 人口学校.</summary>
    TrainingClass = 3,
    /// <summary>政策公告: seed 002 一(一); seed 003 二(六).</summary>
    PolicyNotice = 4,
    /// <summary>预防接种日 / 查漏补种: seed 001 三(一)3 设立临时接种点.</summary>
    VaccinationDay = 5,
    /// <summary>Another service day: 义诊, 健康讲座, 政策咨询台 (seed 001 三(一)2; seed 002 一(一)).</summary>
    ServiceDay = 6,
}

public static class BoardRules
{
    /// <summary>An item is shown from its first day to its last, both included (Beijing dates).</summary>
    public static bool IsShown(DateOnly validFrom, DateOnly validUntil, bool withdrawn, DateOnly today) =>
        !withdrawn && validFrom <= today && today <= validUntil;

    /// <summary>The longest an item may stay up without being published again: a notice board is not an archive.</summary>
    public const int MaxValidDays = 366;
}
