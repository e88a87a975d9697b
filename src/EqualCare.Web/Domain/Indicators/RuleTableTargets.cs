namespace EqualCare.Web.Domain.Indicators;

/// <summary>
/// The targets each seed's rule table writes down, so an office has the targets of the document it works by
/// (EqualCare:Care:RuleTable): an indicator carries its seed's target in that seed's office and the catalogue's
/// proposal elsewhere. Amber thresholds are the project's (5 points below; 6 below a 96% target, as the catalogue's).
/// </summary>
public static class RuleTableTargets
{
    /// <summary>A target written in a seed, with where it is written (plain Chinese, for the targets page).</summary>
    public sealed record SeedTarget(decimal TargetPercent, decimal AmberPercent, string WrittenIn);

    const string Seed001 = "惠济区实施方案（2014年）二、工作目标";
    const string Seed003 = "江北区示范区工作方案（2011年）二、工作内容和要求";
    const string Seed004 = "大学路街道2012年春季活动实施方案";

    static readonly Dictionary<string, IReadOnlyDictionary<string, SeedTarget>> Tables = new(StringComparer.OrdinalIgnoreCase)
    {
        // Seed 001 二: 综合管理率 95%, 免费技术服务率 98%, 免费康检率 100%, 均等化覆盖率 95%.
        ["Seed001"] = new Dictionary<string, SeedTarget>(StringComparer.Ordinal)
        {
            ["comprehensive"] = new(95, 90, Seed001),
            ["free_service"] = new(98, 93, Seed001),
            ["womens_checkup"] = new(100, 95, Seed001),
            ["equalisation"] = new(95, 90, Seed001),
        },
        // Seed 003 二: 知晓率 90% (一), 流入地接受免费服务 95% and 免费药具获得率 90% (二), 孕前优生服务率 80% and 在现居住地
        // 免费接受孕检率 90% (三), 满意率 95% (六).
        ["Seed003"] = new Dictionary<string, SeedTarget>(StringComparer.Ordinal)
        {
            ["policy_awareness"] = new(90, 85, Seed003 + "（一）"),
            ["free_service_here"] = new(95, 90, Seed003 + "（二）"),
            ["free_contraceptives"] = new(90, 85, Seed003 + "（二）"),
            ["prepregnancy_check"] = new(80, 75, Seed003 + "（三）"),
            ["prepregnancy_here"] = new(90, 85, Seed003 + "（三）"),
            ["satisfaction"] = new(95, 90, Seed003 + "（六）"),
        },
        // Seed 004 三: 当日参检率 95%, 补检后 100%, 避孕措施落实率 98%, 及时率 90%; 四(三)4: 康检率 100%;
        // 四(六): 身份证号码准确率和入库率 96%.
        ["Seed004"] = new Dictionary<string, SeedTarget>(StringComparer.Ordinal)
        {
            ["womens_checkup"] = new(100, 95, Seed004 + "四（三）"),
            ["checkup_same_day"] = new(95, 90, Seed004 + "三、主要任务"),
            ["checkup_after_makeup"] = new(100, 95, Seed004 + "三、主要任务"),
            ["contraception"] = new(98, 93, Seed004 + "三、主要任务"),
            ["contraception_timely"] = new(90, 85, Seed004 + "三、主要任务"),
            ["id_accuracy"] = new(96, 90, Seed004 + "四（六）"),
            ["data_entry"] = new(96, 90, Seed004 + "四（六）"),
        },
    };

    /// <summary>The rule tables that carry targets: the seeds' (Seed001, Seed003, Seed004).</summary>
    public static IReadOnlyCollection<string> Names => Tables.Keys;

    /// <summary>The target the rule table writes for the indicator, or null when its seed sets none.</summary>
    public static SeedTarget? Find(string ruleTable, string code) =>
        Tables.TryGetValue(ruleTable, out var table) && table.TryGetValue(code, out var t) ? t : null;

    /// <summary>The target in force in an office of the rule table, before any administrator's change.</summary>
    public static Target For(string ruleTable, IndicatorDefinition indicator) =>
        Find(ruleTable, indicator.Code) is { } t ? new Target(t.TargetPercent, t.AmberPercent) : new Target(indicator.TargetPercent, indicator.AmberPercent);
}
