using System.Linq.Expressions;
using EqualCare.Web.Domain;
using EqualCare.Web.Domain.Cases;

namespace EqualCare.Web.Features.DataQuality;

/// <summary>
/// Each case's data-quality flags as one SQL projection. The grouped counts and the drill-down lists both filter on these
/// same expressions, so a count and the list behind it cannot drift apart.
/// </summary>
public sealed class QualityFlags
{
    public long Id { get; init; }
    public string CommunityCode { get; init; } = "";
    public bool IdFormat { get; init; }
    public bool IdAreaCode { get; init; }
    public bool IdBirthDate { get; init; }
    public bool IdSex { get; init; }
    public bool IdCheckCharacter { get; init; }
    public bool Invalid { get; init; }
    public bool PlaceholderId { get; init; }
    public bool Accurate { get; init; }
    public bool MissingPhone { get; init; }
    public bool MissingHukouAddress { get; init; }
    public bool MissingResidenceAddress { get; init; }
    public bool MissingHousingType { get; init; }
    public bool MissingFields { get; init; }
    public bool NoContraception { get; init; }
    public bool Stale { get; init; }

    /// <summary>
    /// ID flags over every case; missing fields, contraception and staleness over active (在册) cases only: a departed,
    /// withdrawn or deceased case is not expected to be completed or kept up to date.
    /// </summary>
    /// <param name="bornAfter">Exclusive lower bound of birth dates of women aged 15–49 today.</param>
    /// <param name="bornOnOrBefore">Inclusive upper bound of those birth dates.</param>
    /// <param name="staleBefore">A case last changed before this instant is stale.</param>
    public static Expression<Func<Person, QualityFlags>> Of(DateOnly bornAfter, DateOnly bornOnOrBefore, DateTime staleBefore) =>
        p => new QualityFlags
        {
            Id = p.Id,
            CommunityCode = p.CommunityCode,
            IdFormat = p.IdState == IdState.Invalid && p.IdFailedChecks!.Contains("Format"),
            IdAreaCode = p.IdState == IdState.Invalid && p.IdFailedChecks!.Contains("AreaCode"),
            IdBirthDate = p.IdState == IdState.Invalid && p.IdFailedChecks!.Contains("BirthDate"),
            IdSex = p.IdState == IdState.Invalid && p.IdFailedChecks!.Contains("Sex"),
            IdCheckCharacter = p.IdState == IdState.Invalid && p.IdFailedChecks!.Contains("CheckCharacter"),
            Invalid = p.IdState == IdState.Invalid,
            PlaceholderId = p.IdState == IdState.Placeholder,
            Accurate = p.IdState == IdState.Valid || p.IdState == IdState.Overridden,
            MissingPhone = p.Status == CaseStatus.Active && (p.Phone == null || p.Phone == ""),
            MissingHukouAddress = p.Status == CaseStatus.Active && (p.HukouAddress == null || p.HukouAddress == ""),
            MissingResidenceAddress = p.Status == CaseStatus.Active && (p.ResidenceAddress == null || p.ResidenceAddress == ""),
            MissingHousingType = p.Status == CaseStatus.Active && p.HousingType == null,
            MissingFields = p.Status == CaseStatus.Active && (p.Phone == null || p.Phone == "" || p.HukouAddress == null
                || p.HukouAddress == "" || p.ResidenceAddress == null || p.ResidenceAddress == "" || p.HousingType == null),
            NoContraception = p.Status == CaseStatus.Active && p.Sex == Sex.Female
                && (p.MaritalStatus == MaritalStatus.Married || p.MaritalStatus == MaritalStatus.FirstMarriage
                    || p.MaritalStatus == MaritalStatus.Remarried)
                && p.BirthDate > bornAfter && p.BirthDate <= bornOnOrBefore && p.ContraceptionMethod == null,
            Stale = p.Status == CaseStatus.Active && p.UpdatedAt < staleBefore,
        };

    public static Expression<Func<QualityFlags, bool>> Has(QualityIssue issue) => issue switch
    {
        QualityIssue.IdFormat => f => f.IdFormat,
        QualityIssue.IdAreaCode => f => f.IdAreaCode,
        QualityIssue.IdBirthDate => f => f.IdBirthDate,
        QualityIssue.IdSex => f => f.IdSex,
        QualityIssue.IdCheckCharacter => f => f.IdCheckCharacter,
        QualityIssue.PlaceholderId => f => f.PlaceholderId,
        QualityIssue.MissingFields => f => f.MissingFields,
        QualityIssue.NoContraception => f => f.NoContraception,
        QualityIssue.Stale => f => f.Stale,
        _ => throw new ArgumentOutOfRangeException(nameof(issue)),
    };
}
