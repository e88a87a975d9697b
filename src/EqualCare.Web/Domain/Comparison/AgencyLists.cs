namespace EqualCare.Web.Domain.Comparison;

/// <summary>
/// The lists other agencies hand the office for comparison (seed 004 四(二)2: 公安、民政、卫生、教育; seed 001 三(一)3: the
/// vaccination certificate checked at nursery and school entry; docs/comparison.md §Lists).
/// </summary>
public enum AgencyListKind : short
{
    /// <summary>居住证 / 暂住登记, from 公安.</summary>
    ResidencePermits = 1,
    /// <summary>结婚登记, from 民政.</summary>
    Marriages = 2,
    /// <summary>住院分娩 / 出生, from a hospital (卫生).</summary>
    Births = 3,
    /// <summary>入托入学, from 教育: the school-entry check of the vaccination certificate.</summary>
    Enrolments = 4,
    /// <summary>接种门诊 records (卫生).</summary>
    VaccinationClinic = 5,
}

/// <summary>The fields a column of an agency list may be mapped to.</summary>
public enum ListField
{
    Name,
    IdNumber,
    Sex,
    BirthDate,
    Address,
    MaritalStatus,
    /// <summary>The community (社区/村) the row names, as a 12-digit code or as the unit's name.</summary>
    Community,
    Phone,
}

/// <summary>The four result lists of a comparison (the "两漏" of seed 004 and 不符).</summary>
public enum FindingKind : short
{
    /// <summary>漏管: on the agency's list, not on our register.</summary>
    Missing = 1,
    /// <summary>漏档: ours, a file missing (health record, immunisation file, 婚育证明).</summary>
    FileMissing = 2,
    /// <summary>漏检: ours, due and not served (a dose, a 康检).</summary>
    Unserved = 3,
    /// <summary>不符: ours, but the agency's fields disagree with the case (address, marital status).</summary>
    Mismatch = 4,
}

/// <summary>Why a worker closed a result.</summary>
public enum ResolutionReason : short
{
    /// <summary>已登记: the person is now on the register.</summary>
    Registered = 1,
    /// <summary>不在本地居住.</summary>
    NotResident = 2,
    /// <summary>已离开.</summary>
    Left = 3,
    /// <summary>重复: the same person as a case already on the register.</summary>
    Duplicate = 4,
    /// <summary>对方信息有误.</summary>
    AgencyError = 5,
}

/// <summary>How a row was tied to a case.</summary>
public enum MatchMethod : short
{
    None = 0,
    /// <summary>The normalised ID numbers are equal.</summary>
    IdNumber = 1,
    /// <summary>No usable number on one side: name, birth date and sex all equal.</summary>
    NameBirthSex = 2,
}
