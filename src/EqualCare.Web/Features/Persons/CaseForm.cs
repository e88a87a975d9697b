using EqualCare.Web.Domain;
using EqualCare.Web.Domain.Cases;

namespace EqualCare.Web.Features.Persons;

/// <summary>The case form's fields (bound from the page); nullable so that the rules, not the binder, speak to the user.</summary>
public sealed class CaseForm
{
    public string? Name { get; set; }
    public string? IdNumber { get; set; }
    public string? IdOverrideReason { get; set; }
    public Sex? Sex { get; set; }
    public DateOnly? BirthDate { get; set; }
    public string? Ethnicity { get; set; }
    public string? Phone { get; set; }
    public Education? Education { get; set; }
    public string? Occupation { get; set; }
    public string? HukouCountyCode { get; set; }
    public string? HukouAddress { get; set; }
    public string? CommunityCode { get; set; }
    public string? ResidenceAddress { get; set; }
    public HousingType? HousingType { get; set; }
    public string? LandlordOrEmployer { get; set; }
    public DateOnly? ArrivalDate { get; set; }
    public FlowDirection FlowDirection { get; set; } = FlowDirection.Inflow;
    public HouseholdType? HouseholdType { get; set; }
    public MaritalStatus MaritalStatus { get; set; } = MaritalStatus.Unmarried;
    public DateOnly? MarriageDate { get; set; }
    public long? SpouseId { get; set; }
    public long? MotherId { get; set; }
    public long? FatherId { get; set; }
    /// <summary>Typed to link a family member by ID number (resolved in scope when saved); the ids above are the link kept.</summary>
    public string? SpouseIdNumber { get; set; }
    public string? MotherIdNumber { get; set; }
    public string? FatherIdNumber { get; set; }
    /// <summary>Ticked to remove a link.</summary>
    public bool SpouseUnlink { get; set; }
    public bool MotherUnlink { get; set; }
    public bool FatherUnlink { get; set; }
    public bool AccompanyingChild { get; set; }
    public ContraceptionMethod? ContraceptionMethod { get; set; }
    public DateOnly? ContraceptionStart { get; set; }
    public string? ContraceptionProvider { get; set; }
    public DateOnly? PregnancyLmp { get; set; }
    public DateOnly? PregnancyExpectedDate { get; set; }
    public PregnancyOutcome? PregnancyOutcome { get; set; }
    public DateOnly? PregnancyOutcomeDate { get; set; }

    public CaseInput ToInput() => new()
    {
        Name = Name, IdNumber = IdNumber, IdOverrideReason = IdOverrideReason, Sex = Sex, BirthDate = BirthDate,
        Ethnicity = Ethnicity, Phone = Phone, Education = Education, Occupation = Occupation, HukouCountyCode = HukouCountyCode,
        HukouAddress = HukouAddress, CommunityCode = CommunityCode, ResidenceAddress = ResidenceAddress, HousingType = HousingType,
        LandlordOrEmployer = LandlordOrEmployer, ArrivalDate = ArrivalDate, FlowDirection = FlowDirection,
        HouseholdType = HouseholdType, MaritalStatus = MaritalStatus, MarriageDate = MarriageDate, SpouseId = SpouseUnlink ? null : SpouseId,
        MotherId = MotherUnlink ? null : MotherId, FatherId = FatherUnlink ? null : FatherId, SpouseIdNumber = SpouseIdNumber,
        MotherIdNumber = MotherIdNumber, FatherIdNumber = FatherIdNumber, AccompanyingChild = AccompanyingChild, ContraceptionMethod = ContraceptionMethod,
        ContraceptionStart = ContraceptionStart, ContraceptionProvider = ContraceptionProvider, PregnancyLmp = PregnancyLmp,
        PregnancyExpectedDate = PregnancyExpectedDate, PregnancyOutcome = PregnancyOutcome, PregnancyOutcomeDate = PregnancyOutcomeDate,
    };

    /// <summary>The form for editing: every stored value, the full ID number included (editing is a write, and audited).</summary>
    public static CaseForm From(Person p) => new()
    {
        Name = p.Name, IdNumber = p.IdNumber, IdOverrideReason = p.IdOverrideReason, Sex = p.Sex, BirthDate = p.BirthDate,
        Ethnicity = p.Ethnicity, Phone = p.Phone, Education = p.Education, Occupation = p.Occupation,
        HukouCountyCode = p.HukouCountyCode, HukouAddress = p.HukouAddress, CommunityCode = p.CommunityCode,
        ResidenceAddress = p.ResidenceAddress, HousingType = p.HousingType, LandlordOrEmployer = p.LandlordOrEmployer,
        ArrivalDate = p.ArrivalDate, FlowDirection = p.FlowDirection, HouseholdType = p.HouseholdType,
        MaritalStatus = p.MaritalStatus, MarriageDate = p.MarriageDate, SpouseId = p.SpouseId, MotherId = p.MotherId,
        FatherId = p.FatherId, AccompanyingChild = p.AccompanyingChild, ContraceptionMethod = p.ContraceptionMethod,
        ContraceptionStart = p.ContraceptionStart, ContraceptionProvider = p.ContraceptionProvider, PregnancyLmp = p.PregnancyLmp,
        PregnancyExpectedDate = p.PregnancyExpectedDate, PregnancyOutcome = p.PregnancyOutcome,
        PregnancyOutcomeDate = p.PregnancyOutcomeDate,
    };
}
