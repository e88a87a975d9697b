namespace EqualCare.Web.Domain.Cases;

/// <summary>A 婚育证明 or 生育服务登记 as entered, before any rule is applied.</summary>
public sealed record CertificateInput(
    CertificateKind Kind, CertificateForm? Form = null, string? Number = null, string? IssuingOffice = null,
    DateOnly? IssueDate = null, DateOnly? ValidUntil = null, short? ChildOrder = null);

/// <summary>One 现居住地查验 of a certificate as entered.</summary>
public sealed record CertificateCheckInput(DateOnly? CheckedOn, string? Office, CheckResult? Result, string? Note = null);

/// <summary>
/// What the certificate forms demand (docs/rules.md §6.3–6.4). 婚育证明: paper and printed-from-electronic ones carry a
/// number and an end of validity; the electronic one is valid until cancelled, so it has no end date. 生育服务登记: a
/// registration number, its date and the child order (孩次). Records are append-only: a correction is a new record.
/// </summary>
public static class CertificateRules
{
    public const int MaxTextLength = 100;
    /// <summary>孩次 beyond this is certainly a typing error.</summary>
    public const int MaxChildOrder = 15;

    public static IReadOnlyList<Error> Check(CertificateInput input, DateOnly today)
    {
        var problems = new List<Error>();
        void Problem(string field, string key) => problems.Add(Error.Validation(key, field));

        if (input.IssueDate is null) Problem(nameof(CertificateInput.IssueDate), "certificate.issueDate.required");
        else if (input.IssueDate > today) Problem(nameof(CertificateInput.IssueDate), "certificate.issueDate.future");
        if (string.IsNullOrWhiteSpace(input.Number)) Problem(nameof(CertificateInput.Number), "certificate.number.required");
        if (input.Number?.Trim().Length > MaxTextLength || input.IssuingOffice?.Trim().Length > MaxTextLength)
            Problem(nameof(CertificateInput.Number), "certificate.text.tooLong");

        switch (input.Kind)
        {
            case CertificateKind.MarriageAndChildbearing:
                if (string.IsNullOrWhiteSpace(input.IssuingOffice)) Problem(nameof(CertificateInput.IssuingOffice), "certificate.office.required");
                if (input.Form is null || !Enum.IsDefined(input.Form.Value)) Problem(nameof(CertificateInput.Form), "certificate.form.required");
                else if (input.Form == CertificateForm.Electronic && input.ValidUntil is not null)
                    Problem(nameof(CertificateInput.ValidUntil), "certificate.validUntil.notForElectronic");
                else if (input.Form != CertificateForm.Electronic && input.ValidUntil is null)
                    Problem(nameof(CertificateInput.ValidUntil), "certificate.validUntil.required");
                if (input.ValidUntil is { } until && input.IssueDate is { } issued && until < issued)
                    Problem(nameof(CertificateInput.ValidUntil), "certificate.validUntil.beforeIssue");
                if (input.ChildOrder is not null) Problem(nameof(CertificateInput.ChildOrder), "certificate.childOrder.onlyForRegistration");
                break;
            case CertificateKind.BirthServiceRegistration:
                if (input.ChildOrder is not { } order || order < 1 || order > MaxChildOrder)
                    Problem(nameof(CertificateInput.ChildOrder), "certificate.childOrder.bad");
                if (input.Form is not null || input.ValidUntil is not null)
                    Problem(nameof(CertificateInput.Form), "certificate.form.onlyForCertificate");
                break;
            default:
                Problem(nameof(CertificateInput.Kind), "certificate.kind.bad");
                break;
        }
        return problems;
    }

    public static IReadOnlyList<Error> Check(CertificateCheckInput input, DateOnly? issueDate, DateOnly today)
    {
        var problems = new List<Error>();
        if (input.CheckedOn is null) problems.Add(Error.Validation("certificate.check.dateRequired", nameof(CertificateCheckInput.CheckedOn)));
        else if (input.CheckedOn > today) problems.Add(Error.Validation("certificate.check.dateFuture", nameof(CertificateCheckInput.CheckedOn)));
        else if (issueDate is { } issued && input.CheckedOn < issued)
            problems.Add(Error.Validation("certificate.check.beforeIssue", nameof(CertificateCheckInput.CheckedOn)));
        if (string.IsNullOrWhiteSpace(input.Office)) problems.Add(Error.Validation("certificate.office.required", nameof(CertificateCheckInput.Office)));
        else if (input.Office.Trim().Length > MaxTextLength) problems.Add(Error.Validation("certificate.text.tooLong", nameof(CertificateCheckInput.Office)));
        if (input.Result is null || !Enum.IsDefined(input.Result.Value))
            problems.Add(Error.Validation("certificate.check.resultRequired", nameof(CertificateCheckInput.Result)));
        if (input.Note?.Trim().Length > MovementRules.MaxTextLength)
            problems.Add(Error.Validation("certificate.text.tooLong", nameof(CertificateCheckInput.Note)));
        return problems;
    }

    /// <summary>
    /// A 婚育证明 counts as valid on <paramref name="today"/> when it is electronic (valid until cancelled) or its end of
    /// validity has not passed. The missing-certificate list applies the same test in SQL.
    /// </summary>
    public static bool IsValidOn(Certificate certificate, DateOnly today) =>
        certificate.Kind == CertificateKind.MarriageAndChildbearing
        && (certificate.Form == CertificateForm.Electronic || certificate.ValidUntil >= today);
}
