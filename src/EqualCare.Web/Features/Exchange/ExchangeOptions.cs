using EqualCare.Web.Domain.Exchange;

namespace EqualCare.Web.Features.Exchange;

/// <summary>The offices' own deadlines (EqualCare:Exchange), defaulting to the province rule in <see cref="DeadlinePolicy"/>.</summary>
public sealed class ExchangeOptions
{
    public int UrgentDays { get; set; } = DeadlinePolicy.Default.UrgentDays;
    public int OrdinaryDays { get; set; } = DeadlinePolicy.Default.OrdinaryDays;
    public int CertificateIssueDays { get; set; } = DeadlinePolicy.Default.CertificateIssueDays;
    public int CertificateCheckDays { get; set; } = DeadlinePolicy.Default.CertificateCheckDays;

    public DeadlinePolicy Policy => new(UrgentDays, OrdinaryDays, CertificateIssueDays, CertificateCheckDays);
}
