namespace EqualCare.Web.Domain.Statistics;

/// <summary>Where a community's figure comes from; above the community every figure is the sum of the approved forms below.</summary>
public enum StatSource : short
{
    /// <summary>The sum of a quantity of the activity log entries in the period.</summary>
    ActivityLog = 1,
    /// <summary>Counted from the app's records (services, certificates, cases) in the period.</summary>
    Records = 2,
    /// <summary>No source in the app: typed into the form.</summary>
    Entered = 3,
}

/// <summary>Which records a <see cref="StatSource.Records"/> column counts.</summary>
public enum RecordBasis : short
{
    /// <summary>四术 and 查环查孕 (康检) records: 计划生育技术服务, docs/rules.md §6.1 and §6.6.</summary>
    FamilyPlanningTechnical = 1,
    /// <summary>Free contraceptive issues, one person-time per record.</summary>
    Contraceptives = 2,
    /// <summary>婚育证明 and 生育服务登记 recorded for the community's persons.</summary>
    Certificates = 3,
    /// <summary>NIP doses given at or after the age by which the 2021 说明 wants them complete, i.e. caught up (补种).</summary>
    CatchUpImmunisation = 4,
    /// <summary>Cases registered or completed (updated) in the period: 采集完善信息.</summary>
    CasesCollected = 5,
    /// <summary>The yuan of the help (帮扶救助) given to persons in the period: column 10 (numbered as their column).</summary>
    HelpGiven = 10,
    /// <summary>The persons given a family-planning reward in the period: column 11.</summary>
    RewardPersons = 11,
    /// <summary>The yuan of those rewards: column 12.</summary>
    RewardAmount = 12,
    /// <summary>Hotline calls and consultation-room visits logged about 卫生计生 (docs/rules.md §10.2), one person-time each.</summary>
    Consultations = 30,
}

/// <param name="Number">Position on the form, 1–16.</param>
/// <param name="Code">Stable code: the key of stored figures, API fields and activity quantities.</param>
/// <param name="Chinese">The header exactly as seed 002's 附件 prints it, without the unit.</param>
public sealed record StatColumn(int Number, string Code, string Chinese, string English, StatUnit Unit, StatSource Source,
    RecordBasis? Basis = null)
{
    public bool IsText => Unit == StatUnit.Text;

    /// <summary>The header with its unit as on the paper form: "宣传服务（万人）".</summary>
    public string ChineseHeader => IsText ? Chinese : $"{Chinese}（{StatUnits.Chinese(Unit)}）";
}

/// <summary>
/// 《春节期间开展流动人口关怀关爱活动有关情况统计表》, the 附件 of seed 002 (日卫计服发〔2016〕1号): its 16 columns in their
/// order with their units. Columns 11 and 12 share a header and differ by unit (人 / 万元), as on the form.
/// </summary>
public static class StatColumns
{
    public static readonly IReadOnlyList<StatColumn> All =
    [
        new(1, "publicity", "宣传服务", "Publicity reached", StatUnit.TenThousandPersons, StatSource.ActivityLog),
        new(2, "materials", "发放宣传资料", "Materials handed out", StatUnit.TenThousandCopies, StatSource.ActivityLog),
        new(3, "consultations", "提供卫生计生政策咨询服务", "Policy consultations", StatUnit.TenThousandPersonTimes, StatSource.Records,
            RecordBasis.Consultations),
        new(4, "fpTechnical", "落实计划生育技术服务", "Family-planning technical services", StatUnit.TenThousandCases, StatSource.Records,
            RecordBasis.FamilyPlanningTechnical),
        new(5, "contraceptives", "发放避孕药具", "Contraceptives issued", StatUnit.TenThousandPersonTimes, StatSource.Records,
            RecordBasis.Contraceptives),
        new(6, "certificates", "办理和补办相关证明材料", "Certificates issued or reissued", StatUnit.TenThousandCopies, StatSource.Records,
            RecordBasis.Certificates),
        new(7, "visits", "走访慰问流动人口", "Migrants visited", StatUnit.TenThousandPersons, StatSource.ActivityLog),
        new(8, "leftBehind", "关心留守老人、妇女和儿童", "Left-behind elderly, women and children cared for", StatUnit.TenThousandPersons,
            StatSource.ActivityLog),
        new(9, "mattersResolved", "解决困难办实事", "Difficulties resolved", StatUnit.Items, StatSource.ActivityLog),
        new(10, "aidValue", "发放补助金和物品", "Grants and goods given", StatUnit.TenThousandYuan, StatSource.Records, RecordBasis.HelpGiven),
        new(11, "rewardPersons", "落实计划生育奖励补助", "Family-planning rewards (persons)", StatUnit.Persons, StatSource.Records,
            RecordBasis.RewardPersons),
        new(12, "rewardValue", "落实计划生育奖励补助", "Family-planning rewards (amount)", StatUnit.TenThousandYuan, StatSource.Records,
            RecordBasis.RewardAmount),
        new(13, "catchUpVaccinations", "适龄儿童补种疫苗", "Catch-up vaccinations of children", StatUnit.PersonTimes, StatSource.Records,
            RecordBasis.CatchUpImmunisation),
        new(14, "diseaseControl", "实施传染病防控", "Infectious disease control", StatUnit.TenThousandCases, StatSource.Entered),
        new(15, "infoCollected", "采集完善信息", "Case information collected or completed", StatUnit.Persons, StatSource.Records,
            RecordBasis.CasesCollected),
        new(16, "remarks", "备注", "Remarks", StatUnit.Text, StatSource.Entered),
    ];

    public const string Remarks = "remarks";

    /// <summary>The columns an activity log entry records quantities for.</summary>
    public static IEnumerable<StatColumn> ActivityQuantities => All.Where(c => c.Source == StatSource.ActivityLog);

    /// <summary>The figures (all but 备注).</summary>
    public static IEnumerable<StatColumn> Figures => All.Where(c => !c.IsText);

    public static StatColumn? Find(string? code) => All.FirstOrDefault(c => c.Code == code);
}
