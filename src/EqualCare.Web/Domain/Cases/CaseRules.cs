using System.Text.RegularExpressions;
using EqualCare.Web.Domain.IdNumbers;

namespace EqualCare.Web.Domain.Cases;

/// <summary>The case after the rules: normalised values, what was derived from the ID number, and the ID's state.</summary>
public sealed record CheckedCase(
    CaseInput Input, string IdNumber, string? IdNumberEntered, IdState IdState, string? IdFailedChecks, Sex Sex,
    DateOnly BirthDate, string HukouCountyCode, string? Phone, DateOnly? PregnancyExpectedDate);

/// <summary>
/// The rules the legacy systems enforced on a case (docs/rules.md §2.3–2.4), as a pure function: the ID number passes its
/// checks or carries an override; birth date, sex and 户籍地 county are derived from it and may not contradict it;
/// a married woman of 15–49 has a contraception entry and a real ID; dates are not in the future.
/// </summary>
public static partial class CaseRules
{
    public const int ChildbearingAgeFrom = 15;
    public const int ChildbearingAgeTo = 49;
    public const int MinOverrideReasonLength = 4;

    public static (CheckedCase? Case, IReadOnlyList<Error> Problems) Check(
        CaseInput input, DateOnly today, Func<string, AreaCodeStatus> areaCodes)
    {
        var problems = new List<Error>();
        void Problem(string field, string key) => problems.Add(Error.Validation(key, field));

        var name = input.Name?.Trim() ?? "";
        if (name.Length == 0) Problem(nameof(CaseInput.Name), "case.name.required");
        else if (name.Length > 50) Problem(nameof(CaseInput.Name), "case.name.tooLong");

        var id = IdNumberValidator.Analyze(input.IdNumber, today, areaCodes, input.Sex, input.BirthDate);
        var overridden = !id.IsValid && !id.IsPlaceholder && id.Normalized is { Length: 18 }
                         && id.Outcome(IdCheck.Format) == CheckOutcome.Passed
                         && (input.IdOverrideReason?.Trim().Length ?? 0) >= MinOverrideReasonLength;
        if (string.IsNullOrWhiteSpace(input.IdNumber)) Problem(nameof(CaseInput.IdNumber), "case.id.required");
        else if (!id.IsValid && !id.IsPlaceholder && !overridden)
            foreach (var failure in id.Failures) Problem(nameof(CaseInput.IdNumber), failure.MessageKey);

        var sex = input.Sex ?? (id.IsValid || overridden ? id.Sex : null);
        if (sex is null) Problem(nameof(CaseInput.Sex), "case.sex.required");
        var birth = input.BirthDate ?? (id.IsValid || overridden || id.IsPlaceholder ? id.BirthDate : null);
        if (birth is null) Problem(nameof(CaseInput.BirthDate), "case.birthDate.required");
        else if (birth > today) Problem(nameof(CaseInput.BirthDate), "case.date.future");

        var hukou = string.IsNullOrWhiteSpace(input.HukouCountyCode) ? (id.IsValid || overridden ? id.AreaCode : null) : input.HukouCountyCode.Trim();
        if (hukou is null) Problem(nameof(CaseInput.HukouCountyCode), "case.hukou.required");
        else if (hukou.Length != 6 || !hukou.All(char.IsAsciiDigit)) Problem(nameof(CaseInput.HukouCountyCode), "case.hukou.badCode");

        if (!OrgCode.TryParse(input.CommunityCode, out var community) || community.Level != 5)
            Problem(nameof(CaseInput.CommunityCode), "case.community.required");

        if (input.ArrivalDate is null) Problem(nameof(CaseInput.ArrivalDate), "case.arrival.required");
        else if (input.ArrivalDate > today) Problem(nameof(CaseInput.ArrivalDate), "case.date.future");
        else if (birth is not null && input.ArrivalDate < birth) Problem(nameof(CaseInput.ArrivalDate), "case.arrival.beforeBirth");

        var phone = input.Phone?.Trim().Replace(" ", "", StringComparison.Ordinal);
        if (!string.IsNullOrEmpty(phone) && !PhonePattern().IsMatch(phone)) Problem(nameof(CaseInput.Phone), "case.phone.bad");

        if (input.MarriageDate > today) Problem(nameof(CaseInput.MarriageDate), "case.date.future");
        if (input.MarriageDate is not null && !IsMarried(input.MaritalStatus) && input.MaritalStatus != MaritalStatus.Divorced
            && input.MaritalStatus != MaritalStatus.Widowed)
            Problem(nameof(CaseInput.MarriageDate), "case.marriage.dateWithoutMarriage");
        if (input.ContraceptionStart > today) Problem(nameof(CaseInput.ContraceptionStart), "case.date.future");

        var marriedWomanOfChildbearingAge = sex == Domain.Sex.Female && IsMarried(input.MaritalStatus)
                                            && birth is { } b && IsChildbearingAge(b, today);
        if (marriedWomanOfChildbearingAge && input.ContraceptionMethod is null)
            Problem(nameof(CaseInput.ContraceptionMethod), "case.contraception.requiredForMarriedWoman");
        if (marriedWomanOfChildbearingAge && id.IsPlaceholder)
            Problem(nameof(CaseInput.IdNumber), "case.id.realRequiredForMarriedWoman");

        var pregnant = input.PregnancyLmp is not null;
        if (pregnant && sex == Domain.Sex.Male) Problem(nameof(CaseInput.PregnancyLmp), "case.pregnancy.notForMen");
        if (input.PregnancyLmp > today) Problem(nameof(CaseInput.PregnancyLmp), "case.date.future");
        if (input.PregnancyOutcome is not null && input.PregnancyOutcomeDate is null)
            Problem(nameof(CaseInput.PregnancyOutcomeDate), "case.pregnancy.outcomeDateRequired");
        // Naegele's rule: 280 days after the last menstrual period.
        var expected = input.PregnancyExpectedDate ?? input.PregnancyLmp?.AddDays(280);

        if (problems.Count > 0) return (null, problems);
        var state = id.IsPlaceholder ? IdState.Placeholder : overridden ? IdState.Overridden : IdState.Valid;
        var failed = id.Failures.Any() ? string.Join(',', id.Failures.Select(f => f.Check)) : null;
        var entered = input.IdNumber!.Trim();
        return (new CheckedCase(input with { Name = name }, id.Normalized!, entered == id.Normalized ? null : entered, state, failed,
            sex!.Value, birth!.Value, hukou!, string.IsNullOrEmpty(phone) ? null : phone, expected), problems);
    }

    public static bool IsMarried(MaritalStatus status) =>
        status is MaritalStatus.Married or MaritalStatus.FirstMarriage or MaritalStatus.Remarried;

    /// <summary>15–49 full years on <paramref name="today"/>: the family-planning work's age band; leaving it is a flag, never a deletion.</summary>
    public static bool IsChildbearingAge(DateOnly birth, DateOnly today)
    {
        var age = AgeOn(birth, today);
        return age is >= ChildbearingAgeFrom and <= ChildbearingAgeTo;
    }

    public static int AgeOn(DateOnly birth, DateOnly day)
    {
        var age = day.Year - birth.Year;
        return day < birth.AddYears(age) ? age - 1 : age;
    }

    /// <summary>Mainland mobile numbers (1[3-9] + 9 digits) or a landline with area code.</summary>
    [GeneratedRegex(@"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$")]
    private static partial Regex PhonePattern();
}
