using EqualCare.Web.Domain;
using EqualCare.Web.Domain.Cases;

namespace EqualCare.Web.Features.Persons;

/// <summary>The case as the API gives it: the same content as the case page, ID number and phone masked (reveal is separate and audited).</summary>
public sealed record CaseDto(
    long Id, string Name, string IdNumberMasked, IdState IdState, string? IdFailedChecks, Sex Sex, DateOnly BirthDate, int Age,
    string? Ethnicity, string PhoneMasked, Education? Education, string? Occupation,
    string HukouCountyCode, string? HukouCountyName, string? HukouAddress,
    string CommunityCode, string? CommunityName, string? ResidenceAddress, HousingType? HousingType, string? LandlordOrEmployer,
    DateOnly ArrivalDate, FlowDirection FlowDirection, HouseholdType? HouseholdType, CaseStatus Status,
    MaritalStatus MaritalStatus, DateOnly? MarriageDate, long? SpouseId, long? MotherId, long? FatherId, bool AccompanyingChild,
    IReadOnlyList<LinkedPerson> Children,
    ContraceptionMethod? ContraceptionMethod, DateOnly? ContraceptionStart, string? ContraceptionProvider,
    DateOnly? PregnancyLmp, DateOnly? PregnancyExpectedDate, PregnancyOutcome? PregnancyOutcome, DateOnly? PregnancyOutcomeDate,
    bool ChildbearingAge, DateOnly? AgedOutOn, long? MergedIntoId, int Version)
{
    public static CaseDto From(CaseView c)
    {
        var p = c.Person;
        return new CaseDto(p.Id, p.Name, c.IdNumberMasked, p.IdState, p.IdFailedChecks, p.Sex, p.BirthDate, c.Age, p.Ethnicity,
            c.PhoneMasked, p.Education, p.Occupation, p.HukouCountyCode, c.HukouCountyName, p.HukouAddress, p.CommunityCode,
            c.CommunityName, p.ResidenceAddress, p.HousingType, p.LandlordOrEmployer, p.ArrivalDate, p.FlowDirection,
            p.HouseholdType, p.Status, p.MaritalStatus, p.MarriageDate, p.SpouseId, p.MotherId, p.FatherId, p.AccompanyingChild,
            c.Children, p.ContraceptionMethod, p.ContraceptionStart, p.ContraceptionProvider, p.PregnancyLmp,
            p.PregnancyExpectedDate, p.PregnancyOutcome, p.PregnancyOutcomeDate, c.ChildbearingAge, c.AgedOutOn, p.MergedIntoId,
            p.Version);
    }
}
