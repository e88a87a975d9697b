using EqualCare.Web.Domain.Cases;
using EqualCare.Web.Domain.Schedules;
using EqualCare.Web.Domain.Services;

namespace EqualCare.Web.Domain.Campaigns;

/// <summary>The criteria of seed 000 附件1 《"优秀外来务工女性"的选拔标准》, in its order.</summary>
public enum NominationCriterion : short
{
    /// <summary>1: an adult migrant woman working or living in the area (the contribution is judged from 主要事迹).</summary>
    AdultMigrantWoman = 1,
    /// <summary>2: holds a 《流动人口婚育证明》.</summary>
    MarriageCertificate = 2,
    /// <summary>2: a married woman uses a suitable contraceptive method.</summary>
    Contraception = 3,
    /// <summary>3: no violation of the family-planning laws.</summary>
    NoViolation = 4,
    /// <summary>4: attends the check-up of every quarter (按时参加每季度的体检).</summary>
    QuarterlyCheckup = 5,
    /// <summary>5: a 计生协管员 nominated must have worked a year or more in family planning.</summary>
    CoordinatorYear = 6,
}

public enum CriterionOutcome : short
{
    Met = 1,
    NotMet = 2,
    /// <summary>The records do not hold what the criterion asks: the reviewers judge it, the app never guesses.</summary>
    NotKnown = 3,
}

/// <param name="Reason">Why, as a stable word (the UI-string key's last part): "valid", "expired", "notRecorded" …</param>
/// <param name="Detail">Data the reason names (the certificate's end of validity, the quarters missed), or null.</param>
public sealed record CriterionResult(NominationCriterion Criterion, CriterionOutcome Outcome, string Reason, string? Detail = null);

/// <summary>The candidate's latest 婚育证明 (a new record supersedes, docs/rules.md §6.3) and the result of its latest check.</summary>
public sealed record CertificateFact(CertificateForm? Form, DateOnly? ValidUntil, CheckResult? LatestCheck);

/// <summary>A check-up day's mark of the candidate: absent with the reason she gave.</summary>
public sealed record AbsenceFact(DateOnly Day, AbsenceReason? Reason);

/// <summary>
/// What the case holds that seed 000's criteria read. <paramref name="CheckupDays"/>: the days of her valid 康检 records;
/// <paramref name="Absences"/>: her current absent marks on check-up days; <paramref name="CheckupMinAge"/> and
/// <paramref name="CheckupMaxAge"/>: the ages of the office's 康检 rule (seed 001: 15–49; seed 004: to 45).
/// </summary>
public sealed record NominationFacts(
    Sex Sex, DateOnly BirthDate, MaritalStatus MaritalStatus, FlowDirection Flow, CaseStatus Status, DateOnly ArrivalDate,
    ContraceptionMethod? Contraception, CertificateFact? LatestCertificate,
    IReadOnlyList<DateOnly> CheckupDays, IReadOnlyList<AbsenceFact> Absences, int CheckupMinAge = 15, int CheckupMaxAge = 49);

/// <summary>
/// Seed 000 附件1 checked against the case: each criterion met, not met, or not known when the records do not hold it. Pure:
/// the handler reads the facts, this decides. What the registry does not record (a violation of the family-planning laws,
/// service as a 计生协管员, the contribution and the support of the office's work) is always "not known".
/// </summary>
public static class NominationCriteria
{
    /// <summary>The criteria set of seed 000 (东风路街道, 东办〔2016〕14号 附件1).</summary>
    public const string Seed000 = "Seed000";

    /// <summary>How many complete quarters before the evaluation day the check-up criterion looks at: one year.</summary>
    public const int QuartersJudged = 4;

    /// <summary>The reasons an absence is excused: the 康检 rule's exemptions (seed 001 三(二)2, seed 004 四(三)1: 现孕, 离婚, 丧偶).</summary>
    static readonly HashSet<AbsenceReason> Excused = [AbsenceReason.Pregnant, AbsenceReason.Divorced, AbsenceReason.Widowed];

    public static IReadOnlyList<CriterionResult> Evaluate(NominationFacts facts, DateOnly day) =>
    [
        AdultMigrantWoman(facts, day),
        MarriageCertificate(facts, day),
        Contraception(facts),
        new(NominationCriterion.NoViolation, CriterionOutcome.NotKnown, "notRecorded"),
        QuarterlyCheckup(facts, day),
        new(NominationCriterion.CoordinatorYear, CriterionOutcome.NotKnown, "notRecorded"),
    ];

    /// <summary>A proposal is refused when criterion 1 is not met: seed 000 says the candidate "必须是" an adult migrant woman.</summary>
    public static bool IsEligible(NominationFacts facts, DateOnly day) => AdultMigrantWoman(facts, day).Outcome == CriterionOutcome.Met;

    static CriterionResult AdultMigrantWoman(NominationFacts f, DateOnly day)
    {
        var c = NominationCriterion.AdultMigrantWoman;
        if (f.Sex != Sex.Female) return new(c, CriterionOutcome.NotMet, "notWoman");
        if (CaseRules.AgeOn(f.BirthDate, day) < 18) return new(c, CriterionOutcome.NotMet, "notAdult");
        if (f.Flow != FlowDirection.Inflow) return new(c, CriterionOutcome.NotMet, "notInflow");
        if (f.Status != CaseStatus.Active) return new(c, CriterionOutcome.NotMet, "notActive");
        return new(c, CriterionOutcome.Met, "adultMigrantWoman");
    }

    /// <summary>
    /// The latest 婚育证明 is valid today (electronic, or its end of validity not passed) and its latest check did not find it
    /// invalid. None recorded is "not met": the registry is where the office records every certificate it checked (the
    /// missing-certificate list reads the same).
    /// </summary>
    static CriterionResult MarriageCertificate(NominationFacts f, DateOnly day)
    {
        var c = NominationCriterion.MarriageCertificate;
        if (f.LatestCertificate is not { } cert) return new(c, CriterionOutcome.NotMet, "none");
        if (cert.LatestCheck == CheckResult.Invalid) return new(c, CriterionOutcome.NotMet, "checkedInvalid");
        if (cert.Form == CertificateForm.Electronic) return new(c, CriterionOutcome.Met, "electronic");
        if (cert.ValidUntil is { } until && until >= day) return new(c, CriterionOutcome.Met, "valid", until.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        return new(c, CriterionOutcome.NotMet, "expired", cert.ValidUntil?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>Only a married woman is asked for a method; 未避孕 is not met; a married woman with no method recorded is not known.</summary>
    static CriterionResult Contraception(NominationFacts f)
    {
        var c = NominationCriterion.Contraception;
        return Married(f.MaritalStatus) switch
        {
            null => new(c, CriterionOutcome.NotKnown, "maritalUnknown"),
            false => new(c, CriterionOutcome.Met, "notMarried"),
            true => f.Contraception switch
            {
                null => new(c, CriterionOutcome.NotKnown, "notRecorded"),
                ContraceptionMethod.None => new(c, CriterionOutcome.NotMet, "none"),
                _ => new(c, CriterionOutcome.Met, "method"),
            },
        };
    }

    /// <summary>
    /// The quarterly 康检 is for married women of the rule's ages (seed 001 三(二)2). A quarter of the last
    /// <see cref="QuartersJudged"/> complete ones is judged when she lived here the whole quarter and was of the ages at its end;
    /// it is attended with a valid 康检 record in it, or excused by an absence the rule exempts (现孕, 离婚, 丧偶). No quarter to
    /// judge (she came within the year, or the marital status is unknown) is "not known".
    /// </summary>
    static CriterionResult QuarterlyCheckup(NominationFacts f, DateOnly day)
    {
        var c = NominationCriterion.QuarterlyCheckup;
        var married = Married(f.MaritalStatus);
        if (married is null) return new(c, CriterionOutcome.NotKnown, "maritalUnknown");
        if (married == false) return new(c, CriterionOutcome.Met, "notCalled");
        var judged = new List<Quarter>();
        var quarter = Quarter.Containing(day).Previous;
        for (var i = 0; i < QuartersJudged; i++, quarter = quarter.Previous)
        {
            var age = CaseRules.AgeOn(f.BirthDate, quarter.End);
            if (f.ArrivalDate <= quarter.Start && age >= f.CheckupMinAge && age <= f.CheckupMaxAge) judged.Add(quarter);
        }
        if (judged.Count == 0) return new(c, CriterionOutcome.NotKnown, "noQuarter");
        var missed = judged.Where(q => !f.CheckupDays.Any(q.Contains)
                && !f.Absences.Any(a => q.Contains(a.Day) && a.Reason is { } r && Excused.Contains(r)))
            .OrderBy(q => q.Start).ToList();
        return missed.Count == 0
            ? new(c, CriterionOutcome.Met, "attended", judged.Count.ToString(System.Globalization.CultureInfo.InvariantCulture))
            : new(c, CriterionOutcome.NotMet, "missed", string.Join(",", missed));
    }

    /// <summary>True for 已婚 (初婚, 再婚), false for 未婚, 离婚, 丧偶, null when unknown.</summary>
    public static bool? Married(MaritalStatus status) => status switch
    {
        MaritalStatus.Married or MaritalStatus.FirstMarriage or MaritalStatus.Remarried => true,
        MaritalStatus.Unmarried or MaritalStatus.Divorced or MaritalStatus.Widowed => false,
        _ => null,
    };
}
