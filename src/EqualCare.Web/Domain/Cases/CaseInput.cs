namespace EqualCare.Web.Domain.Cases;

/// <summary>What a worker enters for a case (form, API or one import row), before any rule is applied.</summary>
public sealed record CaseInput
{
    public string? Name { get; init; }
    public string? IdNumber { get; init; }
    /// <summary>Given when the worker confirms a number that fails a check is nevertheless right (docs/rules.md §5.1 item 7).</summary>
    public string? IdOverrideReason { get; init; }
    public Sex? Sex { get; init; }
    public DateOnly? BirthDate { get; init; }
    public string? Ethnicity { get; init; }
    public string? HukouCountyCode { get; init; }
    public string? HukouAddress { get; init; }
    public string? CommunityCode { get; init; }
    public string? ResidenceAddress { get; init; }
    public HousingType? HousingType { get; init; }
    public string? LandlordOrEmployer { get; init; }
    public DateOnly? ArrivalDate { get; init; }
    public FlowDirection FlowDirection { get; init; } = FlowDirection.Inflow;
    public HouseholdType? HouseholdType { get; init; }
    public MaritalStatus MaritalStatus { get; init; } = MaritalStatus.Unknown;
    public DateOnly? MarriageDate { get; init; }
    public long? SpouseId { get; init; }
    public long? MotherId { get; init; }
    public long? FatherId { get; init; }
    /// <summary>
    /// A family member's ID number, as a worker knows it: when given, the case of that number in her area becomes the link
    /// (<see cref="SpouseId"/> etc. keep the stored link, the person's id).
    /// </summary>
    public string? SpouseIdNumber { get; init; }
    public string? MotherIdNumber { get; init; }
    public string? FatherIdNumber { get; init; }
    public bool AccompanyingChild { get; init; }
    public ContraceptionMethod? ContraceptionMethod { get; init; }
    public DateOnly? ContraceptionStart { get; init; }
    public string? ContraceptionProvider { get; init; }
    public DateOnly? PregnancyLmp { get; init; }
    public DateOnly? PregnancyExpectedDate { get; init; }
    public PregnancyOutcome? PregnancyOutcome { get; init; }
    public DateOnly? PregnancyOutcomeDate { get; init; }
    public string? Phone { get; init; }
    public Education? Education { get; init; }
    public string? Occupation { get; init; }
}
