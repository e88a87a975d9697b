namespace EqualCare.Web.Domain.Schedules;

/// <summary>
/// The local rules of the seed documents. Each office configures its own table; these two are the ones the seeds state,
/// and a project can copy one and change a value with <c>rule with { MaxAge = 45 }</c> plus a new effective date.
/// </summary>
public static class LocalRuleTables
{
    /// <summary>Seed 001, 惠人口[2014]14号, dated 2014-02-28.</summary>
    private static readonly DateOnly Huiji2014 = new(2014, 2, 28);

    /// <summary>Seed 004, 大办发〔2012〕8号, dated 2012-02-10.</summary>
    private static readonly DateOnly Daxuelu2012 = new(2012, 2, 10);

    /// <summary>
    /// 《流动人口计划生育工作条例》 (in force 2009-10-01) Art. 7–8: an adult woman of childbearing age presents her 婚育证明
    /// within 30 days of arrival (some cities say 15: change <see cref="LocalRule.AllowedDays"/>).
    /// </summary>
    public static readonly LocalRule MarriageCertificate = new(
        CareKind.MarriageCertificate, new DateOnly(2009, 10, 1), "流动人口计划生育工作条例 第七、八条",
        RuleAudience.Women, Recurrence.Once, MinAge: 18, MaxAge: 49, AllowedDays: 30,
        Exemptions: Set(ExemptionReason.LeftArea));

    /// <summary>
    /// Seed 001 三(一)1: a 健康档案 for migrants living in the area 6 months or more (also docs/rules.md §3.2). The seed gives no
    /// deadline; 30 days after the six months is this project's choice.
    /// </summary>
    public static readonly LocalRule HealthRecord = new(
        CareKind.HealthRecord, Huiji2014, "seed 001 三(一)1; 国家基本公共卫生服务规范 居民健康档案",
        RuleAudience.Everyone, Recurrence.Once, ResidenceMonths: 6, AllowedDays: 30,
        Exemptions: Set(ExemptionReason.LeftArea));

    /// <summary>
    /// Seed 001 三(一)3: a 预防接种档案 for migrant children 0–6 living in the area 3 months or more. No deadline in the
    /// seed; 30 days is this project's choice.
    /// </summary>
    public static readonly LocalRule ImmunisationFile = new(
        CareKind.ImmunisationFile, Huiji2014, "seed 001 三(一)3",
        RuleAudience.Children, Recurrence.Once, MinAge: 0, MaxAge: 6, ResidenceMonths: 3, AllowedDays: 30,
        Exemptions: Set(ExemptionReason.LeftArea));

    /// <summary>
    /// Seed 001 三(二)2: "每3个月对流入已婚育龄妇女进行1次免费健康检查", read as once per calendar quarter, for married
    /// women 15–49. The seed does not exempt sterilised women, so sterilisation is not in the set.
    /// </summary>
    public static readonly LocalRule QuarterlyCheckup = new(
        CareKind.WomensCheckup, Huiji2014, "seed 001 三(二)2",
        RuleAudience.MarriedWomen, Recurrence.EveryQuarter, MinAge: 15, MaxAge: 49,
        Exemptions: Set(ExemptionReason.Pregnant, ExemptionReason.Divorced, ExemptionReason.Widowed, ExemptionReason.LeftArea));

    /// <summary>
    /// Seed 001 三(二)4: "每两年…开展一次免费妇科病普查" for married migrant women of childbearing age. A woman never
    /// screened is due on arrival; each one is given 90 days (this project's choice) before it counts as overdue.
    /// </summary>
    public static readonly LocalRule GynaecologicalScreening = new(
        CareKind.GynaecologicalScreening, Huiji2014, "seed 001 三(二)4",
        RuleAudience.MarriedWomen, Recurrence.EveryInterval, MinAge: 15, MaxAge: 49, AllowedDays: 90, IntervalMonths: 24,
        Exemptions: Set(ExemptionReason.Divorced, ExemptionReason.Widowed, ExemptionReason.LeftArea));

    /// <summary>Seed 001 (惠济区 2014) with the certificate rule of the 条例.</summary>
    public static IReadOnlyList<LocalRule> Seed001 { get; } =
        [MarriageCertificate, HealthRecord, ImmunisationFile, QuarterlyCheckup, GynaecologicalScreening];

    /// <summary>
    /// Seed 004 四(三)1 (大学路街道 2012): women over 45 ("45 岁以上（不含 45 岁）") are not called to the check-up; absentees
    /// are reported with their reason (离婚, 丧偶, 现孕). Its other rules are those of seed 001.
    /// </summary>
    public static readonly LocalRule QuarterlyCheckupUpTo45 =
        QuarterlyCheckup with { EffectiveFrom = Daxuelu2012, MaxAge = 45, Source = "seed 004 四(三)1; seed 001 三(二)2" };

    /// <summary>
    /// Seed 003 (江北区 2011) sets targets (知晓率, 免费药具获得率, 孕检率 …) but no schedule of its own: its office keeps the
    /// 条例's certificate rule and seed 001's schedules, the only ones the seeds write down for an inflow office.
    /// </summary>
    public static IReadOnlyList<LocalRule> Seed003 { get; } = Seed001;

    public static IReadOnlyList<LocalRule> Seed004 { get; } =
        [MarriageCertificate, HealthRecord, ImmunisationFile, QuarterlyCheckupUpTo45, GynaecologicalScreening];

    private static HashSet<ExemptionReason> Set(params ExemptionReason[] reasons) => [.. reasons];
}
