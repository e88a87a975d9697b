using EqualCare.Web.Domain.IdNumbers;

namespace EqualCare.Web.Features.DataQuality;

/// <summary>The problems the data-quality page counts and lists (docs/rules.md §2.3, 卡片管理 and the case rules of §2.3–2.4).</summary>
public enum QualityIssue
{
    /// <summary>身份证号码逻辑错误 for one of the five checks (<see cref="IdCheck"/>), from the stored id_failed_checks.</summary>
    IdFormat,
    IdAreaCode,
    IdBirthDate,
    IdSex,
    IdCheckCharacter,
    /// <summary>Placeholder number (all zeros, 000000+date+0000, temporary LS number): "ID unknown".</summary>
    PlaceholderId,
    /// <summary>At least one of <see cref="QualityRules.RequiredFields"/> empty.</summary>
    MissingFields,
    /// <summary>A married woman aged 15–49 with no contraception entry (the legacy rule, issue 3 item 2).</summary>
    NoContraception,
    /// <summary>No change to the case for <see cref="QualityRules.StaleMonths"/> months.</summary>
    Stale,
}

public static class QualityRules
{
    public const int StaleMonths = 12;

    /// <summary>
    /// The fields a case must have beyond those the schema already requires (name, ID, sex, birth date, community,
    /// 户籍地 county, arrival date are NOT NULL): the phone to reach the person, the 户籍地 address that decides who
    /// receives the notifications (docs/rules.md §2.3, Anhui supplement), the 现居住地 address and the housing type of the
    /// residence section. Keys are UI strings.
    /// </summary>
    public static readonly IReadOnlyList<string> RequiredFields =
        ["dataQuality.field.phone", "dataQuality.field.hukouAddress", "dataQuality.field.residenceAddress", "dataQuality.field.housingType"];

    public static IdCheck? CheckOf(QualityIssue issue) => issue switch
    {
        QualityIssue.IdFormat => IdCheck.Format,
        QualityIssue.IdAreaCode => IdCheck.AreaCode,
        QualityIssue.IdBirthDate => IdCheck.BirthDate,
        QualityIssue.IdSex => IdCheck.Sex,
        QualityIssue.IdCheckCharacter => IdCheck.CheckCharacter,
        _ => null,
    };

    /// <summary>Valid or overridden ÷ all; null when there is nothing to divide.</summary>
    public static decimal? AccuracyRate(int accurate, int total) =>
        total == 0 ? null : Math.Round(100m * accurate / total, 1, MidpointRounding.AwayFromZero);
}
