using EqualCare.Web.Domain.Schedules;

namespace EqualCare.Web.Domain.Services;

/// <summary>
/// One service given to a person (docs/rules.md §3, §6): append-only; a record entered in error is cancelled by a later record
/// that names it in <see cref="VoidsRecordId"/>, so the history still shows both. The columns of every kind sit in one
/// table, as on the legacy forms, so indicators are plain set-based queries; each kind uses its own subset.
/// </summary>
public sealed class ServiceRecord
{
    public long Id { get; set; }
    public long PersonId { get; set; }
    /// <summary>The person's community when the service was given: per-community counts stay right after a move.</summary>
    public required string CommunityCode { get; set; }
    public ServiceKind Kind { get; set; }
    /// <summary>The scheduled contact or local rule the service fulfils (a 3-month visit, the quarter's 康检 …).</summary>
    public CareKind? Fulfils { get; set; }
    public DateOnly ServiceDate { get; set; }
    public string? Place { get; set; }
    public string? Provider { get; set; }
    public string? Note { get; set; }
    public DateTime RecordedAt { get; set; }
    public required string RecordedBy { get; set; }
    public long? VoidsRecordId { get; set; }

    /// <summary>健康档案编号: 17 digits (2011 rule, docs/rules.md §3.2).</summary>
    public string? RecordNumber { get; set; }
    /// <summary>健康档案 main problems, or findings of a visit or check.</summary>
    public string? Findings { get; set; }

    /// <summary>Immunisation: vaccine code of the NIP table (HepB, BCG, …), dose number, batch, injection site.</summary>
    public string? Vaccine { get; set; }
    public short? DoseNumber { get; set; }
    public string? BatchNumber { get; set; }
    public string? InjectionSite { get; set; }

    /// <summary>Child visit measurements.</summary>
    public decimal? WeightKg { get; set; }
    public decimal? HeightCm { get; set; }

    /// <summary>Antenatal visit: 孕周 and the 高危 flag.</summary>
    public short? GestationalWeeks { get; set; }
    public bool? HighRisk { get; set; }

    /// <summary>康检, gynaecological and pre-pregnancy checks: the outcome.</summary>
    public CheckOutcome? Result { get; set; }
    /// <summary>康检: whether the 避孕节育情况报告单 was sent to the 户籍地.</summary>
    public bool? ReportSentToHukou { get; set; }

    /// <summary>四术: which operation, and the leave it entitles to (from the configurable leave table, kept as given).</summary>
    public Operation? Operation { get; set; }
    public short? LeaveDays { get; set; }

    /// <summary>Free contraceptives or folic acid: what and how many.</summary>
    public string? Item { get; set; }
    public int? Quantity { get; set; }
}

/// <summary>What kind of service a record is.</summary>
public enum ServiceKind : short
{
    HealthRecord = 1,
    Immunisation = 2,
    ImmunisationFile = 3,
    ChildVisit = 4,
    MaternalVisit = 5,
    WomensCheckup = 6,
    GynaecologicalScreening = 7,
    PrePregnancyCheck = 8,
    Operation = 9,
    Contraceptives = 10,
    HealthEducation = 11,
    /// <summary>Cancels the record named in <see cref="ServiceRecord.VoidsRecordId"/>.</summary>
    Void = 99,
}

/// <summary>The outcome of a check. 康检 records a pregnancy found as <see cref="Pregnant"/>.</summary>
public enum CheckOutcome : short
{
    Normal = 1,
    Abnormal = 2,
    Pregnant = 3,
    /// <summary>IUD missing or displaced (环脱落/移位).</summary>
    IudProblem = 4,
}

/// <summary>四术 (docs/rules.md §6.1): each operation its own value; the grouping "四术" is computed.</summary>
public enum Operation : short
{
    IudInsertion = 1,
    IudRemoval = 2,
    TubalLigation = 3,
    Vasectomy = 4,
    InducedAbortion = 5,
    MidTrimesterTermination = 6,
    ImplantInsertion = 7,
    ImplantRemoval = 8,
}
