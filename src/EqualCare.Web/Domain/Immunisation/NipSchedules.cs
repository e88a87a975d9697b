using EqualCare.Web.Domain.Schedules;
using static EqualCare.Web.Domain.Immunisation.VaccineCodes;
using static EqualCare.Web.Domain.Schedules.Offset;

namespace EqualCare.Web.Domain.Immunisation;

/// <summary>
/// 国家免疫规划疫苗儿童免疫程序 as dated data (docs/rules.md §4). Ages, intervals and catch-up limits are those of
/// 《国家免疫规划疫苗儿童免疫程序及说明（2021年版）》 (国卫疾控发〔2021〕10号); the 2025 edition changes only 百白破/白破.
/// </summary>
public static class NipSchedules
{
    private const string Source2021 = "国家免疫规划疫苗儿童免疫程序及说明（2021年版）, 国卫疾控发〔2021〕10号";

    /// <summary>Routine NIP doses are caught up only for children under 18 (说明 二(一)1 "<18周岁人群").</summary>
    public static readonly Offset ProgrammeEndAge = OfYears(18);

    private static readonly Offset Month = OfMonths(1);
    private static readonly Offset FourWeeks = OfDays(28);
    private static readonly Offset None = OfDays(0);

    /// <summary>
    /// ⚠ The notice is dated in March 2021 (the NHC file path in docs/rules.md §1 is /202103/); it names no start date, so the
    /// edition applies from its publication, 2021-03-12 as remembered (not confirmed against the NHC page).
    /// </summary>
    public static readonly ImmunisationSchedule Nip2021 = new("国家免疫规划疫苗儿童免疫程序（2021年版）", new DateOnly(2021, 3, 12), Source2021,
    [
        // 乙肝 (说明 三(一)): 0-1-6 months; catch-up intervals dose 1→2 ≥28 days, 2→3 ≥60 days, 1→3 ≥4 months.
        // "第1剂 出生后24小时内完成" → overdue from day 1.
        Routine(HepB, 1, "乙肝疫苗", "HepB", None, None, completeBefore: OfDays(1)),
        Routine(HepB, 2, "乙肝疫苗", "HepB", Month, FourWeeks, completeBefore: OfMonths(12)),
        Routine(HepB, 3, "乙肝疫苗", "HepB", OfMonths(6), OfDays(60), completeBefore: OfMonths(12)) with { MinimumIntervalFromFirst = OfMonths(4) },

        // 卡介苗 (说明 三(二)): "小于3月龄完成"; ≥4 years not caught up. The 3-month PPD condition is in CatchUpRules.
        Routine(Bcg, 1, "卡介苗", "BCG", None, None, completeBefore: OfMonths(3), live: true) with { NotGivenFrom = OfYears(4) },

        // 脊灰 (说明 三(三)): IPV 2, 3 months; bOPV 4 months, 4 years; every interval ≥28 days, IPV before bOPV.
        // "脊灰疫苗第3剂 小于12月龄", "第4剂 小于5周岁". bOPV is oral, so the 28-day live rule does not apply.
        Routine(Ipv, 1, "脊灰灭活疫苗", "Polio", OfMonths(2), None, completeBefore: OfMonths(12)),
        Routine(Ipv, 2, "脊灰灭活疫苗", "Polio", OfMonths(3), FourWeeks, completeBefore: OfMonths(12)),
        Routine(Bopv, 1, "脊灰减毒活疫苗", "Polio", OfMonths(4), FourWeeks, completeBefore: OfMonths(12)),
        Routine(Bopv, 2, "脊灰减毒活疫苗", "Polio", OfYears(4), FourWeeks, completeBefore: OfYears(5)),

        // 百白破 (说明 三(四)): 3, 4, 5, 18 months; 1→2→3 ≥28 days, 3→4 ≥6 months. DTaP is used from 3 months to 5 years,
        // so not from 6 years; 白破 at 6 years, ≥12 months after DTaP 4 (补种原则 for a child with 4 DTaP and no DT).
        .. Dtap2021(),
        Routine(Dt, 1, "白破疫苗", "DTP", OfYears(6), OfMonths(12), completeBefore: OfYears(7)),

        // 麻腮风 (说明 三(五)): 8, 18 months; two catch-up doses ≥28 days apart.
        Routine(Mmr, 1, "麻腮风疫苗", "MMR", OfMonths(8), None, completeBefore: OfMonths(12), live: true),
        Routine(Mmr, 2, "麻腮风疫苗", "MMR", OfMonths(18), FourWeeks, completeBefore: OfMonths(24), live: true),

        // 乙脑 (说明 三(六)): JE-L 8 months, 2 years, catch-up interval ≥12 months ("第2剂 小于3周岁").
        // JE-I 8 months ×2 (7–10 days apart), 2 years, 6 years; intervals ≥7 days, ≥1 month, ≥3 years.
        Routine(JeLive, 1, "乙脑减毒活疫苗", JeLive, OfMonths(8), None, completeBefore: OfMonths(12), live: true) with { Choice = VaccineChoices.JapaneseEncephalitis },
        Routine(JeLive, 2, "乙脑减毒活疫苗", JeLive, OfYears(2), OfMonths(12), completeBefore: OfYears(3), live: true) with { Choice = VaccineChoices.JapaneseEncephalitis },
        Routine(JeInactivated, 1, "乙脑灭活疫苗", JeInactivated, OfMonths(8), None, completeBefore: OfMonths(12)) with { Choice = VaccineChoices.JapaneseEncephalitis },
        Routine(JeInactivated, 2, "乙脑灭活疫苗", JeInactivated, new Offset(Months: 8, Days: 7), OfDays(7), completeBefore: OfMonths(12))
            with { MinimumAge = OfMonths(8), Choice = VaccineChoices.JapaneseEncephalitis },
        Routine(JeInactivated, 3, "乙脑灭活疫苗", JeInactivated, OfYears(2), Month, completeBefore: OfYears(3)) with { Choice = VaccineChoices.JapaneseEncephalitis },
        Routine(JeInactivated, 4, "乙脑灭活疫苗", JeInactivated, OfYears(6), OfYears(3), completeBefore: OfYears(7)) with { Choice = VaccineChoices.JapaneseEncephalitis },

        // 流脑 (说明 三(七)): MPSV-A 6, 9 months (≥3 months apart, "第2剂 小于18月龄"), not given from 24 months;
        // MPSV-AC 3, 6 years, ≥12 months after MPSV-A 2 and ≥3 years apart ("第1剂 小于4周岁", "第2剂 小于7周岁").
        Routine(MenA, 1, "A群流脑多糖疫苗", "Men", OfMonths(6), None, completeBefore: OfMonths(18)) with { NotGivenFrom = OfMonths(24) },
        Routine(MenA, 2, "A群流脑多糖疫苗", "Men", OfMonths(9), OfMonths(3), completeBefore: OfMonths(18)) with { NotGivenFrom = OfMonths(24) },
        Routine(MenAC, 1, "A群C群流脑多糖疫苗", "Men", OfYears(3), OfMonths(12), completeBefore: OfYears(4)),
        Routine(MenAC, 2, "A群C群流脑多糖疫苗", "Men", OfYears(6), OfYears(3), completeBefore: OfYears(7)),

        // 甲肝 (说明 三(八)): HepA-L 18 months; HepA-I 18, 24 months, ≥6 months apart ("第2剂 小于3周岁").
        Routine(HepALive, 1, "甲肝减毒活疫苗", HepALive, OfMonths(18), None, completeBefore: OfMonths(24), live: true) with { Choice = VaccineChoices.HepatitisA },
        Routine(HepAInactivated, 1, "甲肝灭活疫苗", HepAInactivated, OfMonths(18), None, completeBefore: OfMonths(24)) with { Choice = VaccineChoices.HepatitisA },
        Routine(HepAInactivated, 2, "甲肝灭活疫苗", HepAInactivated, OfMonths(24), OfMonths(6), completeBefore: OfYears(3)) with { Choice = VaccineChoices.HepatitisA },
    ]);

    /// <summary>
    /// 《关于国家免疫规划百白破疫苗和白破疫苗免疫程序调整相关工作的通知》 (2024-12, in force 2025-01-01): DTaP at 2, 4, 6,
    /// 18 months and 6 years; the routine 6-year 白破 dose goes. Every other row is the 2021 one.
    /// </summary>
    public static readonly ImmunisationSchedule Nip2025 = Nip2021 with
    {
        Name = "国家免疫规划疫苗儿童免疫程序（2021年版，2025年百白破调整）",
        EffectiveFrom = new DateOnly(2025, 1, 1),
        Source = Source2021 + "; 百白破疫苗和白破疫苗免疫程序调整通知 (2024-12, 自2025-01-01)",
        Doses = ReplaceDtp(Nip2021.Doses, Dtap2025()),
    };

    public static IReadOnlyList<ImmunisationSchedule> All { get; } = [Nip2021, Nip2025];

    private static VaccineDose[] Dtap2021() =>
    [
        DtapDose(1, OfMonths(3), None, OfMonths(12), notFrom: OfYears(6)),
        DtapDose(2, OfMonths(4), FourWeeks, OfMonths(12), notFrom: OfYears(6)),
        DtapDose(3, OfMonths(5), FourWeeks, OfMonths(12), notFrom: OfYears(6)),
        DtapDose(4, OfMonths(18), OfMonths(6), OfMonths(24), notFrom: OfYears(6)),
    ];

    /// <summary>
    /// ⚠ The 2024 notice's text was not found in the reference store. Best reading, to be checked against it: the 2021
    /// intervals and completion ages stay for doses 1–4; dose 5 is ≥12 months after dose 4 (as the 2021 白破 dose was) and
    /// due before 7 years (as 白破 was); DTaP now covers catch-up up to 6 years, 白破 from 7 (the 6-year dose is DTaP).
    /// </summary>
    private static VaccineDose[] Dtap2025() =>
    [
        DtapDose(1, OfMonths(2), None, OfMonths(12), notFrom: OfYears(7)),
        DtapDose(2, OfMonths(4), FourWeeks, OfMonths(12), notFrom: OfYears(7)),
        DtapDose(3, OfMonths(6), FourWeeks, OfMonths(12), notFrom: OfYears(7)),
        DtapDose(4, OfMonths(18), OfMonths(6), OfMonths(24), notFrom: OfYears(7)),
        DtapDose(5, OfYears(6), OfMonths(12), OfYears(7), notFrom: OfYears(7)),
    ];

    /// <summary>The 2021 list with its DTaP and DT rows replaced, in the same place of the table.</summary>
    private static VaccineDose[] ReplaceDtp(IReadOnlyList<VaccineDose> doses, VaccineDose[] dtp)
    {
        var at = doses.ToList().FindIndex(d => d.Series == "DTP");
        return [.. doses.Take(at), .. dtp, .. doses.Skip(at).Where(d => d.Series != "DTP")];
    }

    private static VaccineDose DtapDose(int dose, Offset age, Offset interval, Offset completeBefore, Offset notFrom) =>
        Routine(Dtap, dose, "百白破疫苗", "DTP", age, interval, completeBefore) with { NotGivenFrom = notFrom };

    /// <summary>A dose whose table age is also its least age (说明 一(二)1), caught up until 18.</summary>
    private static VaccineDose Routine(
        string vaccine, int dose, string chineseName, string series, Offset age, Offset interval, Offset completeBefore, bool live = false) =>
        new(vaccine, dose, $"{chineseName} 第{dose}剂", series, age, age, interval, completeBefore, ProgrammeEndAge, live);
}
