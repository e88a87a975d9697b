using EqualCare.Web.Domain.Immunisation;

namespace EqualCare.Web.Domain.Indicators;

/// <summary>
/// Every indicator the system computes, in the order the tables print them. A target written in a seed belongs to the
/// office that works by that seed's rule table (<see cref="RuleTableTargets"/>); the catalogue's target is the project's
/// proposal (docs/rules.md §7, the national standard's practice) used where the office's seed sets none, and is null where
/// the only written target is one seed's. Sources are written for users, in plain Chinese.
/// </summary>
public static class IndicatorCatalogue
{
    const string Seed001 = "《惠济区流动人口卫生和计划生育基本公共服务均等化实施方案》（2014年）二、工作目标";
    const string Seed003 = "《江北区创建省流动人口计划生育基本公共服务均等化示范区工作方案》（2011年）二、工作内容和要求";
    const string Seed004 = "大学路街道《2012年春季计划生育生殖健康进家庭优质服务活动实施方案》";
    const string Proposed = "本系统拟定的计算口径，待主管部门书面确认";
    const string Standard = "《国家基本公共卫生服务规范（2011年版）》";
    const string Women = "在册流入已婚育龄妇女（15–49岁）";
    const string WomenEn = "married inflow women aged 15–49 on the register";
    const string LiveBirths = "本期活产数（流入产妇本期活产，双胎按2计）";
    const string LiveBirthsEn = "live births to inflow mothers this period (twins count twice)";

    /// <summary>The age by which the per-vaccine coverage counts a child (doses due before 24 months, NIP 2021).</summary>
    public const int VaccineCoverageAgeMonths = 24;

    public static readonly IReadOnlyList<IndicatorDefinition> All =
    [
        new("comprehensive", "综合管理率", "Comprehensive management rate",
            "个案信息完整（电话、户籍地址、现居住地址、住房类型）、婚育证明已查验、并已落实避孕措施或本期有康检记录的妇女", Women,
            "women with a complete case (phone, addresses, housing), a checked marriage certificate and a contraceptive method or a check-up this period", WomenEn,
            PeriodType.Quarter, 95, 90, true, Seed001 + "；" + Proposed),
        new("free_service", "免费技术服务率", "Free technical service rate",
            "本期至少接受1次免费计划生育技术服务（康检、妇科病普查、孕前优生检查、计划生育手术、药具发放）的妇女", Women,
            "women given at least one free family-planning service this period (check-up, screening, pre-pregnancy check, operation, contraceptives)", WomenEn,
            PeriodType.Year, 98, 93, true, Seed001 + "；" + Proposed),
        new("womens_checkup", "免费康检率", "Free check-up rate",
            "本期有康检记录的妇女",
            "按本单位康检规则本期应参检的在册流入已婚妇女（年龄按规则上下限；规则列明的豁免情形——现孕，以及规则列明时的已绝育——"
            + "和工作人员登记的本期豁免除外；本期已参检的均计入）",
            "women with a check-up this period",
            "married inflow women the office's check-up rule holds due this period (its ages; less the exemptions the rule lists "
            + "and the workers' decisions; everyone checked counts)",
            PeriodType.Quarter, 100, 95, true, Seed001 + "、三（二）2；" + Proposed),
        new("checkup_same_day", "当日参检率", "Same-day attendance rate",
            "在康检日当天参检的妇女", "本期康检日登记应参检的妇女（每人按最后一次登记）",
            "women who came on the check-up day", "women listed for a check-up day this period (latest entry counts)",
            PeriodType.Quarter, 95, 90, true, Seed004 + "三、主要任务"),
        new("checkup_after_makeup", "补检后参检率", "Attendance after make-up checks",
            "康检日当天参检或本期内补检（有康检记录）的妇女", "本期康检日登记应参检的妇女（每人按最后一次登记）",
            "women who came on the day or were checked later this period", "women listed for a check-up day this period (latest entry counts)",
            PeriodType.Quarter, 100, 95, true, Seed004 + "三、主要任务"),
        new("contraception", "避孕措施落实率", "Contraception rate",
            "已落实避孕措施（绝育、宫内节育器、皮埋、口服药、注射、避孕套、外用药或其他方法）的妇女", Women,
            "women using a contraceptive method (sterilisation, IUD, implant, pill, injection, condom, spermicide or other)", WomenEn,
            PeriodType.Year, 98, 93, true, Seed004 + "三、主要任务；" + Proposed),
        new("contraception_timely", "避孕措施落实及时率", "Timely contraception rate",
            "妊娠结束后90天内落实避孕措施的妇女", Women + "中本期妊娠结束（结局日期在本期）者",
            "women who took up a method within 90 days after the pregnancy ended", WomenEn + " whose pregnancy ended this period",
            PeriodType.Year, 90, 85, true, Seed004 + "三、主要任务；" + Proposed),
        new("certificate_checked", "婚育证明查验率", "Marriage certificate check rate",
            "持《流动人口婚育证明》且已在现居住地查验的妇女", Women,
            "women whose marriage and childbearing certificate was checked here", WomenEn,
            PeriodType.Year, 95, 90, true, Proposed),
        new("health_record", "健康档案建档率", "Health record rate",
            "已建立健康档案的流动人口", "在册居住6个月以上的流入人口",
            "migrants with a health record", "inflow migrants on the register living here 6 months or more",
            PeriodType.Year, 80, 70, true, Standard + "居民健康档案管理；目标值为拟定"),
        new("immunisation_file", "儿童预防接种建证率", "Immunisation certificate rate",
            "已建立预防接种证（卡）的儿童", "在册居住3个月以上的0–6岁流入儿童",
            "children with an immunisation certificate", "inflow children aged 0–6 living here 3 months or more",
            PeriodType.Year, 98, 93, true, Standard + "预防接种"),
        .. VaccineCoverages(),
        new("early_booking", "早孕建册率", "Early booking rate",
            "孕13周前建册的本期活产产妇", LiveBirths,
            "mothers booked before week 13", LiveBirthsEn,
            PeriodType.Year, 85, 80, true, Standard + "孕产妇健康管理；目标值为拟定"),
        new("antenatal_care", "孕妇健康管理率", "Antenatal care rate",
            "孕期接受5次及以上产前随访的本期活产产妇", LiveBirths,
            "mothers with 5 or more antenatal visits", LiveBirthsEn,
            PeriodType.Year, 85, 80, true, Standard + "孕产妇健康管理考核指标；目标值为拟定"),
        new("postpartum_visit", "产后访视率", "Postpartum visit rate",
            "产后28天内接受产后访视的本期活产产妇", LiveBirths,
            "mothers visited within 28 days after birth", LiveBirthsEn,
            PeriodType.Year, 85, 80, true, Standard + "孕产妇健康管理；目标值为拟定"),
        new("newborn_visit", "新生儿访视率", "Newborn visit rate",
            "出生后28天内接受新生儿家庭访视的儿童", "本期出生的在册流入儿童",
            "newborns visited at home within 28 days", "inflow children born this period",
            PeriodType.Year, 85, 80, true, Standard + "0–6岁儿童健康管理；目标值为拟定"),
        new("child_health", "儿童健康管理率", "Child health management rate",
            "本期至少接受1次健康检查的儿童", "在册0–6岁流入儿童",
            "children with at least one health check this period", "inflow children aged 0–6",
            PeriodType.Year, 85, 80, true, Standard + "0–6岁儿童健康管理；目标值为拟定"),
        new("prepregnancy_check", "孕前优生检查覆盖率", "Pre-pregnancy check coverage",
            "截至期末接受过免费孕前优生健康检查的妇女", Women,
            "women given the free pre-pregnancy check by the end of the period", WomenEn,
            PeriodType.Year, 80, 75, true, Seed003 + "（三）；" + Proposed),
        new("prepregnancy_here", "在现居住地免费接受孕检率", "Free pre-pregnancy check here",
            "怀孕前一年内在现居住地接受过免费孕前优生健康检查的妇女", Women + "中本期怀孕（末次月经在本期、且在来到之后）者",
            "women given the free pre-pregnancy check here in the year before the pregnancy", WomenEn + " who became pregnant here this period",
            PeriodType.Year, null, null, true, Seed003 + "（三）；" + Proposed),
        new("free_contraceptives", "免费药具获得率", "Free contraceptive supply rate",
            "本期在现居住地领取过免费避孕药具的妇女", Women + "中使用口服药、注射、避孕套或外用药避孕者",
            "women given free contraceptives here this period", WomenEn + " using the pill, injections, condoms or spermicide",
            PeriodType.Year, null, null, true, Seed003 + "（二）；" + Proposed),
        new("free_service_here", "流入地接受免费服务比例", "Free services received here",
            "在现居住地接受该项免费计划生育手术（前后30天内有手术记录）的妇女",
            Women + "中本期来到后落实女性绝育、宫内节育器或皮下埋植者",
            "women whose operation is on record here (within 30 days)", WomenEn + " who took up female sterilisation, an IUD or an implant here this period",
            PeriodType.Year, null, null, true, Seed003 + "（二）；" + Proposed),
        new("equalisation", "流动人口卫生和计划生育基本公共服务均等化覆盖率", "Equalisation coverage",
            "适用的各项基本服务均已落实的人（居住满6个月的已建健康档案；居住满3个月的0–6岁儿童已建预防接种档案；已婚育龄妇女本期接受过免费计划生育技术服务）",
            "在册流入人口中至少适用其中一项的人",
            "persons with every basic service that applies to them (health record after 6 months; immunisation file for children 0–6 after 3 months; a free family-planning service this period for married women 15–49)",
            "inflow persons to whom at least one of them applies",
            PeriodType.Year, null, null, true, Seed001 + "；" + Proposed),
        new("id_accuracy", "身份证号码准确率", "ID number accuracy",
            "身份证号码通过全部校验或经核实确认的个案", "在册个案（不含已合并的重复个案）",
            "cases whose ID number passes every check or was confirmed", "cases on the register (merged duplicates left out)",
            PeriodType.Month, 96, 90, true, Seed004 + "四（六）；" + Proposed),
        new("data_entry", "入库率", "Timely entry rate",
            "来到后30天内录入系统的个案", "本期来到（来到日期在本期）的流入个案",
            "cases entered within 30 days of arrival", "inflow cases that arrived this period",
            PeriodType.Month, 96, 90, true, Seed004 + "四（六）；" + Proposed + "（以来到后30天内录入计，没有纸质名单可比对）"),
        new("policy_awareness", "政策知晓率", "Policy awareness rate",
            "调查中表示知晓计划生育政策的人", "本期接受满意度调查的流动人口（每人按本期最后一次）",
            "people who said they know the policy", "migrants surveyed this period (latest answer counts)",
            PeriodType.Year, 90, 85, false, Seed003 + "（一）"),
        new("satisfaction", "服务满意率", "Service satisfaction rate",
            "调查中表示满意的人", "本期接受满意度调查的流动人口（每人按本期最后一次）",
            "people who said they are satisfied", "migrants surveyed this period (latest answer counts)",
            PeriodType.Year, 95, 90, false, Seed003 + "（六）"),
    ];

    /// <summary>
    /// The maternal indicators whose denominator is live births (活产数), as the 2011 standard defines them: a mother of
    /// twins counts twice in the denominator and once in the numerator.
    /// </summary>
    public static IReadOnlySet<string> PerLiveBirth { get; } = new HashSet<string>(StringComparer.Ordinal) { "early_booking", "postpartum_visit", "antenatal_care" };

    static readonly Dictionary<string, IndicatorDefinition> ByCode = All.ToDictionary(d => d.Code, StringComparer.Ordinal);

    public static IndicatorDefinition? Find(string? code) => code is not null && ByCode.TryGetValue(code, out var d) ? d : null;

    /// <summary>The vaccines counted by coverage, with the doses of each due before 24 months in the 2021 table.</summary>
    public static IReadOnlyList<(string Vaccine, string Name, int Doses)> CoveredVaccines { get; } = DosesBefore24Months();

    public static string VaccineIndicatorCode(string vaccine) => "vaccine_" + vaccine.Replace("-", "", StringComparison.Ordinal).ToLowerInvariant();

    static IEnumerable<IndicatorDefinition> VaccineCoverages() => DosesBefore24Months().Select(v => new IndicatorDefinition(
        VaccineIndicatorCode(v.Vaccine), $"{v.Name}接种率", $"{v.Vaccine} coverage",
        $"已接种{v.Name}{v.Doses}剂（24月龄前应种剂次）的儿童", "在册居住3个月以上的2–6岁流入儿童",
        $"children with all {v.Doses} doses of {v.Vaccine} due before 24 months", "inflow children aged 2–6 living here 3 months or more",
        PeriodType.Year, 95, 90, true, Standard + "预防接种；国家免疫规划疫苗儿童免疫程序（2021年版）"));

    /// <summary>
    /// Doses whose completion age (说明 一(二)2) falls at or before 24 months; vaccines offered as a live or an inactivated
    /// product (JE, HepA) are left out because the count depends on the product chosen.
    /// </summary>
    static List<(string Vaccine, string Name, int Doses)> DosesBefore24Months()
    {
        var birth = new DateOnly(2020, 1, 1);
        var by = birth.AddMonths(VaccineCoverageAgeMonths);
        return NipSchedules.Nip2021.Doses
            .Where(d => d.Choice is null && d.CompleteBefore.From(birth) <= by)
            .GroupBy(d => d.Vaccine)
            .Select(g => (g.Key, g.First().Name.Split(' ')[0], g.Count()))
            .ToList();
    }
}
