using EqualCare.Web.Domain.Schedules;

namespace EqualCare.Web.Domain.Comparison;

/// <summary>
/// What a matched case lacks, read from what the schedules say she is due for today (Domain/Schedules, the same items the
/// to-do list shows; no second copy of the rules): 漏档 is a file the case should hold and does not, 漏检 a service due and
/// not given in its window (seed 004 四(二)2; seed 001 三(一)3: at nursery and school entry the vaccination certificate is
/// checked, so a school's list looks for the doses the child's age requires).
/// </summary>
public static class Gaps
{
    /// <summary>The files: 健康档案, 预防接种档案, 婚育证明.</summary>
    public static readonly IReadOnlySet<CareKind> FileKinds =
        new HashSet<CareKind> { CareKind.HealthRecord, CareKind.ImmunisationFile, CareKind.MarriageCertificate };

    /// <summary>The files the case lacks: every file item she is due for (its window has started and nothing fulfils it).</summary>
    public static IReadOnlyList<DueItem> MissingFiles(IEnumerable<DueItem> due) =>
        due.Where(d => FileKinds.Contains(d.Kind)).ToList();

    /// <summary>
    /// The services due and not given: overdue items (window ended, nothing recorded). A school's or a vaccination clinic's
    /// list asks about doses only (the certificate check at entry); a birth list about the child's and mother's visits and
    /// doses; the others about every service the case is overdue for except the files, which are 漏档.
    /// </summary>
    public static IReadOnlyList<DueItem> Unserved(AgencyListKind kind, IEnumerable<DueItem> due) =>
        due.Where(d => d.Overdue && !FileKinds.Contains(d.Kind) && kind switch
        {
            AgencyListKind.Enrolments or AgencyListKind.VaccinationClinic => d.Kind == CareKind.Immunisation,
            _ => true,
        }).ToList();

    /// <summary>
    /// The fields of a matched case the agency's row disagrees with (不符): the address (when both sides give one and neither
    /// contains the other) and the marital status (when the row gives one; a 民政 marriage list says "married" by itself).
    /// </summary>
    public static IReadOnlyList<ListField> Disagreements(
        AgencyListKind kind, string? rowAddress, MaritalStatus? rowMarital, string? caseAddress, MaritalStatus caseMarital)
    {
        var fields = new List<ListField>();
        if (Normalise.SameAddress(rowAddress, caseAddress) == false) fields.Add(ListField.Address);
        var said = Normalise.MaritalGroup(rowMarital ?? (kind == AgencyListKind.Marriages ? MaritalStatus.Married : null));
        var held = Normalise.MaritalGroup(caseMarital);
        if (said is { } s && held is { } h && s != h) fields.Add(ListField.MaritalStatus);
        return fields;
    }
}
