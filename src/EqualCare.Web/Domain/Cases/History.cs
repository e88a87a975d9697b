namespace EqualCare.Web.Domain.Cases;

/// <summary>One event of a case's movement history (append-only). Both times are kept: when it happened and when it was recorded.</summary>
public sealed class Movement
{
    public long Id { get; set; }
    public long PersonId { get; set; }
    public MovementKind Kind { get; set; }
    public DateOnly OccurredOn { get; set; }
    public DateTime RecordedAt { get; set; }
    public required string RecordedBy { get; set; }
    public string? FromCommunityCode { get; set; }
    public string? ToCommunityCode { get; set; }
    public string? Destination { get; set; }
    public string? Note { get; set; }
}

public enum MovementKind : short
{
    Arrival = 1,
    MoveWithinArea = 2,
    Departure = 3,
    ReturnHome = 4,
    Withdrawal = 5,
    Restoration = 6,
    Death = 7,
    MergedDuplicate = 8,
}

/// <summary>《流动人口婚育证明》 or a 生育服务登记 (docs/rules.md §6.3–6.4); append-only, a new record supersedes.</summary>
public sealed class Certificate
{
    public long Id { get; set; }
    public long PersonId { get; set; }
    public CertificateKind Kind { get; set; }
    public CertificateForm? Form { get; set; }
    public string? Number { get; set; }
    public string? IssuingOffice { get; set; }
    public DateOnly? IssueDate { get; set; }
    /// <summary>Null for an electronic certificate: valid until cancelled or until she leaves childbearing age.</summary>
    public DateOnly? ValidUntil { get; set; }
    /// <summary>孩次 of a birth service registration.</summary>
    public short? ChildOrder { get; set; }
    public DateTime RecordedAt { get; set; }
    public required string RecordedBy { get; set; }
}

public enum CertificateKind : short
{
    MarriageAndChildbearing = 1,
    BirthServiceRegistration = 2,
}

public enum CertificateForm : short
{
    Paper = 1,
    Electronic = 2,
    PrintedFromElectronic = 3,
}

/// <summary>现居住地查验记录: one check of a certificate at the place of residence.</summary>
public sealed class CertificateCheck
{
    public long Id { get; set; }
    public long CertificateId { get; set; }
    public DateOnly CheckedOn { get; set; }
    public required string Office { get; set; }
    public CheckResult Result { get; set; }
    public string? Note { get; set; }
    public DateTime RecordedAt { get; set; }
    public required string RecordedBy { get; set; }
}

public enum CheckResult : short
{
    Valid = 1,
    /// <summary>Defective: to be corrected at the 户籍地 within 90 days (one province's rule, docs/rules.md §1A).</summary>
    NeedsCorrection = 2,
    Invalid = 3,
}
