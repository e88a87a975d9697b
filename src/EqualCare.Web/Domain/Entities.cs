namespace EqualCare.Web.Domain;

/// <summary>A node of the division tree: 省, 市, 区县, 街道 or 社区, keyed by its 12-digit code.</summary>
public sealed class OrgUnit
{
    public required string Code { get; set; }
    public required string Name { get; set; }
    public int Level { get; set; }
    public string? ParentCode { get; set; }
    /// <summary>The office's contact details, printed on every notice of its persons; kept by the office itself.</summary>
    public string? Address { get; set; }
    public string? Phone { get; set; }
    public string? OfficeHours { get; set; }
}

public sealed class User
{
    public long Id { get; set; }
    public required string UserName { get; set; }
    public required string DisplayName { get; set; }
    public required string PasswordHash { get; set; }
    public required string Role { get; set; }
    /// <summary>12-digit code of the org unit the user is bound to; its subtree is the user's data scope.</summary>
    public required string OrgCode { get; set; }
    public bool IsDisabled { get; set; }
    public int FailedLoginCount { get; set; }
    public DateTime? LockedUntil { get; set; }
    public bool MustChangePassword { get; set; }
    /// <summary>Changes whenever password, role, scope or status change, so that old sessions end.</summary>
    public required string SecurityStamp { get; set; }
    public DateTime CreatedAt { get; set; }
    /// <summary>Another system's account, not a person's: no password, and the only kind an administrator issues tokens for.</summary>
    public bool IsServiceAccount { get; set; }
}

/// <summary>A bearer token another system uses; only its SHA-256 hash is stored.</summary>
public sealed class ApiToken
{
    public long Id { get; set; }
    public long UserId { get; set; }
    public required string Name { get; set; }
    public required string TokenHash { get; set; }
    /// <summary>First characters of the token, so an administrator can tell tokens apart.</summary>
    public required string TokenPrefix { get; set; }
    public DateTime CreatedAt { get; set; }
    public required string CreatedBy { get; set; }
    public DateTime? RevokedAt { get; set; }
    public DateTime? LastUsedAt { get; set; }
    /// <summary>After this instant the token is refused (and the attempt audited).</summary>
    public DateTime ExpiresAt { get; set; }
}

/// <summary>A migrant. The registry issue completes the case; these are the fields scope and demo data need.</summary>
public sealed class Person
{
    public long Id { get; set; }
    public required string Name { get; set; }
    /// <summary>Normalised 18-digit GB 11643 number.</summary>
    public required string IdNumber { get; set; }
    public Sex Sex { get; set; }
    public DateOnly BirthDate { get; set; }
    /// <summary>12-digit code of the community of residence (现居住地): the scope key.</summary>
    public required string CommunityCode { get; set; }
    /// <summary>6-digit county code of the household registration place (户籍地).</summary>
    public required string HukouCountyCode { get; set; }
    public DateOnly ArrivalDate { get; set; }
    public MaritalStatus MaritalStatus { get; set; }
    public long? SpouseId { get; set; }
    public long? MotherId { get; set; }
    public long? FatherId { get; set; }
    public string? Occupation { get; set; }
    public string? Phone { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    /// <summary>Optimistic concurrency, managed by the application.</summary>
    public int Version { get; set; }

    /// <summary>The number as typed, when it differs from the normalised one (a 15-digit number, lower-case x…).</summary>
    public string? IdNumberEntered { get; set; }
    public Cases.IdState IdState { get; set; }
    /// <summary>Names of the failed checks (<see cref="IdNumbers.IdCheck"/>), comma-separated: the data-quality lists group by them.</summary>
    public string? IdFailedChecks { get; set; }
    public string? IdOverrideReason { get; set; }
    public string? IdOverrideBy { get; set; }
    public DateTime? IdOverrideAt { get; set; }
    public string? Ethnicity { get; set; }
    public string? HukouAddress { get; set; }
    public string? ResidenceAddress { get; set; }
    public Cases.HousingType? HousingType { get; set; }
    public string? LandlordOrEmployer { get; set; }
    public Cases.FlowDirection FlowDirection { get; set; } = Cases.FlowDirection.Inflow;
    public Cases.HouseholdType? HouseholdType { get; set; }
    public DateOnly? MarriageDate { get; set; }
    public Cases.ContraceptionMethod? ContraceptionMethod { get; set; }
    public DateOnly? ContraceptionStart { get; set; }
    public string? ContraceptionProvider { get; set; }
    public DateOnly? PregnancyLmp { get; set; }
    public DateOnly? PregnancyExpectedDate { get; set; }
    public Cases.PregnancyOutcome? PregnancyOutcome { get; set; }
    public DateOnly? PregnancyOutcomeDate { get; set; }
    public Cases.Education? Education { get; set; }
    public Cases.CaseStatus Status { get; set; } = Cases.CaseStatus.Active;
    /// <summary>随同流动子女: a child who moved with a parent, shown on that parent's case.</summary>
    public bool AccompanyingChild { get; set; }
    /// <summary>Set when this case was merged into another as a duplicate; it keeps its own history.</summary>
    public long? MergedIntoId { get; set; }
}

/// <summary>GB/T 2261.2 marital status, the codes the WIS forms use.</summary>
public enum MaritalStatus : short
{
    Unmarried = 10,
    Married = 20,
    FirstMarriage = 21,
    Remarried = 22,
    Widowed = 30,
    Divorced = 40,
    Unknown = 90,
}

/// <summary>One row of the append-only audit log: every write and every view of a person's detail.</summary>
public sealed class AuditEntry
{
    public long Id { get; set; }
    public DateTime At { get; set; }
    public required string UserName { get; set; }
    public required string Action { get; set; }
    public required string Entity { get; set; }
    public string? EntityId { get; set; }
    public string? ClientAddress { get; set; }
    public AuditOutcome Outcome { get; set; }
    public string? Detail { get; set; }
}

public enum AuditOutcome : short
{
    Success = 1,
    Refused = 2,
    Failed = 3,
}
