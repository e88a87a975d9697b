using EqualCare.Web.Domain.Schedules;

namespace EqualCare.Web.Domain.Services;

/// <summary>The Chinese names the case page, the lists and the notices print for services and the items they fulfil.</summary>
public static class ServiceNames
{
    public static string Chinese(ServiceKind kind) => kind switch
    {
        ServiceKind.HealthRecord => "建立健康档案",
        ServiceKind.Immunisation => "预防接种",
        ServiceKind.ImmunisationFile => "建立预防接种档案",
        ServiceKind.ChildVisit => "儿童健康检查",
        ServiceKind.MaternalVisit => "孕产妇健康管理",
        ServiceKind.WomensCheckup => "康检（查环查孕查病）",
        ServiceKind.GynaecologicalScreening => "妇科病普查",
        ServiceKind.PrePregnancyCheck => "免费孕前优生健康检查",
        ServiceKind.Operation => "计划生育手术",
        ServiceKind.Contraceptives => "免费药具发放",
        ServiceKind.HealthEducation => "健康教育与咨询",
        ServiceKind.Void => "作废记录",
        _ => kind.ToString(),
    };

    /// <summary>The contact's name from the visit tables ("3月龄", "第1次产前检查（建册）"), else the local rule's name.</summary>
    public static string Item(CareKind kind) =>
        VisitSchedules.All.SelectMany(s => s.Contacts).FirstOrDefault(c => c.Kind == kind)?.Name ?? RuleNames.Chinese(kind);

    public static string Chinese(Operation operation) => operation switch
    {
        Operation.IudInsertion => "放置宫内节育器",
        Operation.IudRemoval => "取出宫内节育器",
        Operation.TubalLigation => "输卵管结扎",
        Operation.Vasectomy => "输精管结扎",
        Operation.InducedAbortion => "人工流产",
        Operation.MidTrimesterTermination => "中期引产",
        Operation.ImplantInsertion => "皮下埋植",
        Operation.ImplantRemoval => "取出皮下埋植剂",
        _ => operation.ToString(),
    };

    public static string Chinese(CheckOutcome outcome) => outcome switch
    {
        CheckOutcome.Normal => "正常",
        CheckOutcome.Abnormal => "异常",
        CheckOutcome.Pregnant => "怀孕",
        CheckOutcome.IudProblem => "环异常",
        _ => outcome.ToString(),
    };

    /// <summary>The service kind that records a to-do item of this kind.</summary>
    public static ServiceKind KindFor(CareKind item) => item switch
    {
        CareKind.HealthRecord => ServiceKind.HealthRecord,
        CareKind.Immunisation => ServiceKind.Immunisation,
        CareKind.ImmunisationFile => ServiceKind.ImmunisationFile,
        CareKind.WomensCheckup => ServiceKind.WomensCheckup,
        CareKind.GynaecologicalScreening => ServiceKind.GynaecologicalScreening,
        >= CareKind.NewbornHomeVisit and <= CareKind.ChildVisit6Years => ServiceKind.ChildVisit,
        _ => ServiceKind.MaternalVisit,
    };
}
