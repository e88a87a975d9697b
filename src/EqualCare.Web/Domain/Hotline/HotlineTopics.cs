namespace EqualCare.Web.Domain.Hotline;

/// <summary>A hotline number (咨询热线) or a consultation room (妇科咨询室): seed 000 二(二)三.</summary>
public enum LineKind : short
{
    Hotline = 1,
    ConsultationRoom = 2,
}

/// <summary>How the person reached the office: a call to a hotline or a visit to a consultation room or desk.</summary>
public enum ContactChannel : short
{
    Phone = 1,
    Visit = 2,
}

/// <summary>
/// What a call or visit was about: the fixed list of the services the seeds tell the offices to answer questions on
/// (docs/rules.md §10.1), and Other. The names are UI strings (<c>hotline.topic.*</c>).
/// </summary>
public enum HotlineTopic : short
{
    /// <summary>计生政策法规: seed 003 二(六) 人口与计划生育政策咨询; seed 002 附件 column 3.</summary>
    Policy = 1,
    /// <summary>婚育证明与证件办理: seed 003 二(六); seed 002 一(三) 证件办理.</summary>
    Certificates = 2,
    /// <summary>避孕节育与药具: seed 002 一(二) 避孕药具发放; seed 000 二(二).</summary>
    Contraception = 3,
    /// <summary>优生优育与孕前检查: seed 000 二(二)三 优生健康咨询; seed 003 二(三) 免费孕前优生咨询.</summary>
    Eugenics = 4,
    /// <summary>生殖健康与妇科: seed 000 妇科咨询室; seed 003 二(四) 生殖健康咨询指导.</summary>
    ReproductiveHealth = 5,
    /// <summary>预防接种与补种: seed 001 三(一)3; seed 002 一(二) 疫苗查漏补种.</summary>
    Immunisation = 6,
    /// <summary>孕产妇与儿童保健: seed 001 三(一)5.</summary>
    MaternalChild = 7,
    /// <summary>奖励优待与帮扶: seed 001 三(二)5; seed 003 二(五).</summary>
    Rewards = 8,
    /// <summary>便民维权与投诉: seed 002 一(二) 畅通维权、投诉渠道; seed 003 二(六).</summary>
    Rights = 9,
    /// <summary>租房与就业信息: seed 001 三(二)6 空房、空岗信息 (not a 卫生计生 question).</summary>
    HousingJobs = 10,
    Other = 99,
}

public static class HotlineTopics
{
    /// <summary>
    /// Whether a contact counts on column 3 of seed 002's form (提供卫生计生政策咨询服务, 人次): every contact about 卫生计生,
    /// i.e. all topics but housing and jobs (docs/rules.md §10.2).
    /// </summary>
    public static bool CountsAsHealthConsultation(HotlineTopic topic) => topic != HotlineTopic.HousingJobs;

    public static readonly IReadOnlyList<HotlineTopic> Counted = Enum.GetValues<HotlineTopic>().Where(CountsAsHealthConsultation).ToArray();
}
