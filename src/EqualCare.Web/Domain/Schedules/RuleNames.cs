namespace EqualCare.Web.Domain.Schedules;

/// <summary>The names the lists and notices print for the local-rule items.</summary>
public static class RuleNames
{
    public static string Chinese(CareKind kind) => kind switch
    {
        CareKind.WomensCheckup => "康检（查环查孕查病）",
        CareKind.GynaecologicalScreening => "妇科病普查",
        CareKind.HealthRecord => "建立健康档案",
        CareKind.ImmunisationFile => "建立预防接种档案",
        CareKind.MarriageCertificate => "交验婚育证明",
        _ => kind.ToString(),
    };
}
