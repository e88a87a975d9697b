using static EqualCare.Web.Domain.Schedules.Offset;

namespace EqualCare.Web.Domain.Schedules;

/// <summary>
/// The child and maternal visit tables of 国家基本公共卫生服务规范 (第三版, 2017; docs/rules.md §3.3, §3.4). The 2011 text has the
/// same contacts; its postpartum visit "3–7 days after the delivery notice" is used because the register holds the
/// delivery date, not the discharge date.
/// </summary>
public static class VisitSchedules
{
    private static readonly DateOnly ThirdEdition = new(2017, 2, 28);

    /// <summary>
    /// 0–6岁儿童健康管理, docs/rules.md §3.3: newborn home visit within a week (discharge is not recorded, so birth + 7),
    /// 满月 on day 28–30, then 3, 6, 8, 12, 18, 24, 30, 36 months and yearly at 4, 5, 6 years. Only the first two have a
    /// window in the standard; the others run until the next contact is due.
    /// </summary>
    public static readonly ContactSchedule Child = new(
        "0–6岁儿童健康管理", ScheduleAnchor.BirthDate, ThirdEdition, "国家基本公共卫生服务规范（第三版）; docs/rules.md §3.3",
        ListedUntil: OfYears(7),
        [
            new(CareKind.NewbornHomeVisit, "新生儿家庭访视", OfDays(7), OfDays(0), OfDays(7), true),
            new(CareKind.ChildVisit1Month, "满月", OfDays(28), OfDays(28), OfDays(30), true),
            AtAge(CareKind.ChildVisit3Months, "3月龄", OfMonths(3), OfMonths(6)),
            AtAge(CareKind.ChildVisit6Months, "6月龄", OfMonths(6), OfMonths(8)),
            AtAge(CareKind.ChildVisit8Months, "8月龄", OfMonths(8), OfMonths(12)),
            AtAge(CareKind.ChildVisit12Months, "12月龄", OfMonths(12), OfMonths(18)),
            AtAge(CareKind.ChildVisit18Months, "18月龄", OfMonths(18), OfMonths(24)),
            AtAge(CareKind.ChildVisit24Months, "24月龄", OfMonths(24), OfMonths(30)),
            AtAge(CareKind.ChildVisit30Months, "30月龄", OfMonths(30), OfMonths(36)),
            AtAge(CareKind.ChildVisit36Months, "36月龄", OfMonths(36), OfYears(4)),
            AtAge(CareKind.ChildVisit4Years, "4岁", OfYears(4), OfYears(5)),
            AtAge(CareKind.ChildVisit5Years, "5岁", OfYears(5), OfYears(6)),
            AtAge(CareKind.ChildVisit6Years, "6岁", OfYears(6), OfYears(7)),
        ]);

    /// <summary>
    /// 孕产妇健康管理, docs/rules.md §3.4, in gestational weeks from the LMP: booking (建册, 《母子健康手册》) before week 13,
    /// i.e. by 12+6; visits 2–5 in weeks 16–20, 21–24, 28–36, 37–40, each week counted to its last day (20+6 and so on).
    /// Listed while she is pregnant; 44 weeks after the LMP without an outcome the pregnancy is taken as stale data.
    /// </summary>
    public static readonly ContactSchedule Antenatal = new(
        "孕期健康管理", ScheduleAnchor.LastMenstrualPeriod, ThirdEdition, "国家基本公共卫生服务规范（第三版）; docs/rules.md §3.4",
        ListedUntil: OfWeeks(44),
        [
            new(CareKind.AntenatalBooking, "第1次产前检查（建册）", OfWeeks(12, 6), OfDays(0), OfWeeks(12, 6), true),
            Weeks(CareKind.AntenatalVisit2, "第2次产前随访", 16, 20),
            Weeks(CareKind.AntenatalVisit3, "第3次产前随访", 21, 24),
            Weeks(CareKind.AntenatalVisit4, "第4次产前随访", 28, 36),
            Weeks(CareKind.AntenatalVisit5, "第5次产前随访", 37, 40),
        ]);

    /// <summary>
    /// 产后访视 3–7 days after delivery (2011 wording; ⚠ 第三版: within a week of discharge) and the check on day 42.
    /// The standard gives the 42-day check no window: 42–56 days (up to 8 weeks) is this project's choice. Missed items
    /// stay listed for 90 days after delivery.
    /// </summary>
    public static readonly ContactSchedule Postpartum = new(
        "产后健康管理", ScheduleAnchor.Delivery, ThirdEdition, "国家基本公共卫生服务规范（第三版）; docs/rules.md §3.4",
        ListedUntil: OfDays(90),
        [
            new(CareKind.PostpartumVisit, "产后访视", OfDays(7), OfDays(3), OfDays(7), true),
            new(CareKind.Postpartum42DayCheck, "产后42天健康检查", OfDays(42), OfDays(42), OfDays(56), false),
        ]);

    public static IReadOnlyList<ContactSchedule> All { get; } = [Child, Antenatal, Postpartum];

    private static Contact AtAge(CareKind kind, string name, Offset age, Offset nextAge) =>
        new(kind, name, age, age, nextAge.DayBefore(), false);

    private static Contact Weeks(CareKind kind, string name, int fromWeek, int toWeek) =>
        new(kind, name, OfWeeks(fromWeek), OfWeeks(fromWeek), OfWeeks(toWeek, 6), true);
}
