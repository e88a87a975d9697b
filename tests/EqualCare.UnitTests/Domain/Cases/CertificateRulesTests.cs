using EqualCare.Web.Domain.Cases;

namespace EqualCare.UnitTests.Domain.Cases;

public class CertificateRulesTests
{
    static readonly DateOnly Today = new(2026, 3, 15);
    static readonly DateOnly Issued = new(2025, 1, 10);

    public static TheoryData<CertificateInput, string?> Certificates => new()
    {
        { new(CertificateKind.MarriageAndChildbearing, CertificateForm.Paper, "豫1", "固始县", Issued, Issued.AddYears(3)), null },
        { new(CertificateKind.MarriageAndChildbearing, CertificateForm.Electronic, "DZ1", "固始县", Issued), null },
        { new(CertificateKind.MarriageAndChildbearing, CertificateForm.PrintedFromElectronic, "P1", "上海市", Issued, Issued.AddMonths(3)), null },
        { new(CertificateKind.BirthServiceRegistration, null, "SF1", null, Issued, null, 1), null },
        { new(CertificateKind.MarriageAndChildbearing, CertificateForm.Paper, "豫1", "固始县", Issued), "certificate.validUntil.required" },
        { new(CertificateKind.MarriageAndChildbearing, CertificateForm.Electronic, "DZ1", "固始县", Issued, Issued.AddYears(1)), "certificate.validUntil.notForElectronic" },
        { new(CertificateKind.MarriageAndChildbearing, CertificateForm.Paper, "豫1", "固始县", Issued, Issued.AddDays(-1)), "certificate.validUntil.beforeIssue" },
        { new(CertificateKind.MarriageAndChildbearing, null, "豫1", "固始县", Issued), "certificate.form.required" },
        { new(CertificateKind.MarriageAndChildbearing, CertificateForm.Electronic, "DZ1", " ", Issued), "certificate.office.required" },
        { new(CertificateKind.MarriageAndChildbearing, CertificateForm.Electronic, "", "固始县", Issued), "certificate.number.required" },
        { new(CertificateKind.MarriageAndChildbearing, CertificateForm.Electronic, "DZ1", "固始县", null), "certificate.issueDate.required" },
        { new(CertificateKind.MarriageAndChildbearing, CertificateForm.Electronic, "DZ1", "固始县", Today.AddDays(1)), "certificate.issueDate.future" },
        { new(CertificateKind.MarriageAndChildbearing, CertificateForm.Electronic, "DZ1", "固始县", Issued, null, 1), "certificate.childOrder.onlyForRegistration" },
        { new(CertificateKind.BirthServiceRegistration, null, "SF1", null, Issued, null, 0), "certificate.childOrder.bad" },
        { new(CertificateKind.BirthServiceRegistration, null, "SF1", null, Issued, null, null), "certificate.childOrder.bad" },
        { new(CertificateKind.BirthServiceRegistration, CertificateForm.Paper, "SF1", null, Issued, null, 2), "certificate.form.onlyForCertificate" },
        { new((CertificateKind)9, null, "X", null, Issued), "certificate.kind.bad" },
    };

    [Theory]
    [MemberData(nameof(Certificates))]
    public void Certificates_are_checked_against_their_form(CertificateInput input, string? key)
    {
        var problems = CertificateRules.Check(input, Today);
        if (key is null) Assert.Empty(problems);
        else Assert.Contains(problems, p => p.Code == key);
    }

    public static TheoryData<CertificateCheckInput, string?> Checks => new()
    {
        { new(Today, "大学路街道", CheckResult.Valid), null },
        { new(null, "大学路街道", CheckResult.Valid), "certificate.check.dateRequired" },
        { new(Today.AddDays(1), "大学路街道", CheckResult.Valid), "certificate.check.dateFuture" },
        { new(Issued.AddDays(-1), "大学路街道", CheckResult.Valid), "certificate.check.beforeIssue" },
        { new(Today, "", CheckResult.Valid), "certificate.office.required" },
        { new(Today, "大学路街道", null), "certificate.check.resultRequired" },
        { new(Today, "大学路街道", (CheckResult)7), "certificate.check.resultRequired" },
    };

    [Theory]
    [MemberData(nameof(Checks))]
    public void Checks_need_a_date_after_issue_an_office_and_a_result(CertificateCheckInput input, string? key)
    {
        var problems = CertificateRules.Check(input, Issued, Today);
        if (key is null) Assert.Empty(problems);
        else Assert.Contains(problems, p => p.Code == key);
    }

    [Theory]
    [InlineData(CertificateKind.MarriageAndChildbearing, CertificateForm.Electronic, null, true)]
    [InlineData(CertificateKind.MarriageAndChildbearing, CertificateForm.Paper, "2026-03-15", true)]  // last day still valid
    [InlineData(CertificateKind.MarriageAndChildbearing, CertificateForm.Paper, "2026-03-14", false)]
    [InlineData(CertificateKind.MarriageAndChildbearing, CertificateForm.PrintedFromElectronic, "2026-06-01", true)]
    [InlineData(CertificateKind.BirthServiceRegistration, null, null, false)]
    public void A_certificate_is_valid_when_electronic_or_not_yet_expired(CertificateKind kind, CertificateForm? form, string? until, bool valid)
    {
        var certificate = new Certificate
        {
            Kind = kind, Form = form, ValidUntil = until is null ? null : D(until), RecordedBy = "t",
        };
        Assert.Equal(valid, CertificateRules.IsValidOn(certificate, Today));
    }

    static DateOnly D(string text) => DateOnly.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
}
