using EqualCare.Web.Domain;
using EqualCare.Web.Domain.Exchange;

namespace EqualCare.UnitTests.Exchange;

/// <summary>The deadlines of the exchange between the residence and the registration place (docs/rules.md §2.5, docs/exchange.md).</summary>
public class ExchangeRulesTests
{
    static readonly DateOnly Sent = new(2026, 5, 15);

    [Theory]
    // kind, topic, urgent, days to the due day (null: no answer due)
    [InlineData(MessageKind.Verification, (short)VerificationTopic.Marriage, false, 30)]     // 急: feedback within 30 days
    [InlineData(MessageKind.Verification, (short)VerificationTopic.Contraception, true, 15)] // 紧急 (pregnant now): 15 days
    [InlineData(MessageKind.CertificateRequest, (short)CertificateAction.Issue, false, 30)]  // 服务管理信息 answered within 30 days
    [InlineData(MessageKind.CertificateRequest, (short)CertificateAction.Check, false, 7)]   // certificate check: 7 days
    [InlineData(MessageKind.CertificateRequest, (short)CertificateAction.Check, true, 7)]    // urgency is a 协查's, not a check's
    [InlineData(MessageKind.ArrivalNotice, null, false, null)]                               // 通报: receive only
    [InlineData(MessageKind.DepartureNotice, null, false, null)]
    [InlineData(MessageKind.CheckupReceipt, null, false, null)]
    [InlineData(MessageKind.VerificationAnswer, (short)AnswerResult.Confirmed, false, null)]
    public void The_due_day_follows_the_kind_and_the_urgency(MessageKind kind, short? topic, bool urgent, int? days)
    {
        var due = ExchangeRules.DueOn(kind, topic, urgent, Sent, DeadlinePolicy.Default);
        Assert.Equal(days is { } d ? Sent.AddDays(d) : null, due);
    }

    [Fact]
    public void An_office_sets_its_own_deadlines()
    {
        var policy = new DeadlinePolicy(UrgentDays: 10, OrdinaryDays: 20, CertificateIssueDays: 25, CertificateCheckDays: 5);
        Assert.Equal(Sent.AddDays(10), ExchangeRules.DueOn(MessageKind.Verification, 1, true, Sent, policy));
        Assert.Equal(Sent.AddDays(20), ExchangeRules.DueOn(MessageKind.Verification, 1, false, Sent, policy));
        Assert.Equal(Sent.AddDays(25), ExchangeRules.DueOn(MessageKind.CertificateRequest, (short)CertificateAction.Issue, false, Sent, policy));
        Assert.Equal(Sent.AddDays(5), ExchangeRules.DueOn(MessageKind.CertificateRequest, (short)CertificateAction.Check, false, Sent, policy));
    }

    [Theory]
    // due, answered (null: not yet), today, overdue?
    [InlineData("2026-06-14", null, "2026-06-13", false)]
    [InlineData("2026-06-14", null, "2026-06-14", false)]        // the due day itself is still in time
    [InlineData("2026-06-14", null, "2026-06-15", true)]         // the day after: overdue
    [InlineData("2026-06-14", "2026-06-20", "2026-07-01", false)] // answered late is answered, not overdue
    [InlineData(null, null, "2027-01-01", false)]                 // a 通报 is never overdue
    public void A_request_is_overdue_from_the_day_after_its_due_day_until_answered(string? due, string? answered, string today, bool overdue) =>
        Assert.Equal(overdue, ExchangeRules.IsOverdue(Date(due), Date(answered), DateOnly.Parse(today, System.Globalization.CultureInfo.InvariantCulture)));

    [Theory]
    [InlineData("2026-06-14", "2026-06-14", true)]
    [InlineData("2026-06-14", "2026-05-16", true)]
    [InlineData("2026-06-14", "2026-06-15", false)]
    [InlineData("2026-06-14", null, false)]
    [InlineData(null, "2026-06-01", false)]
    public void Answered_on_time_means_on_or_before_the_due_day(string? due, string? answered, bool onTime) =>
        Assert.Equal(onTime, ExchangeRules.AnsweredOnTime(Date(due), Date(answered)));

    [Theory]
    [InlineData(MessageKind.Verification, "2026-06-14", false, null, "2026-06-01", MessageState.Sent)]
    [InlineData(MessageKind.Verification, "2026-06-14", true, null, "2026-06-01", MessageState.Read)]
    [InlineData(MessageKind.Verification, "2026-06-14", true, null, "2026-06-15", MessageState.Overdue)]
    [InlineData(MessageKind.Verification, "2026-06-14", false, null, "2026-06-15", MessageState.Overdue)]
    [InlineData(MessageKind.Verification, "2026-06-14", true, "2026-06-20", "2026-06-25", MessageState.Answered)]
    [InlineData(MessageKind.ArrivalNotice, null, false, null, "2030-01-01", MessageState.Sent)]
    [InlineData(MessageKind.CheckupReceipt, null, true, null, "2030-01-01", MessageState.Read)]
    public void The_state_is_derived_from_the_rows_and_today(MessageKind kind, string? due, bool read, string? answered, string today, MessageState state) =>
        Assert.Equal(state, ExchangeRules.StateOf(kind, Date(due), read ? new DateTime(2026, 5, 16, 0, 0, 0, DateTimeKind.Utc) : null,
            Date(answered), DateOnly.Parse(today, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void The_registration_place_is_the_huji_code_s_own_office_then_each_office_above_it()
    {
        Assert.Equal(["410105000000", "410100000000", "410000000000"],
            ExchangeRules.RegistrationPlaceCandidates("410105").Select(c => c.Value));
        Assert.Equal(["410105010003", "410105010000", "410105000000", "410100000000", "410000000000"],
            ExchangeRules.RegistrationPlaceCandidates("410105010003").Select(c => c.Value));
        Assert.Empty(ExchangeRules.RegistrationPlaceCandidates("41010"));
        Assert.Empty(ExchangeRules.RegistrationPlaceCandidates(null));
    }

    [Theory]
    [InlineData("410103", "410103007001", true)]   // a move inside one county: one office holds both ends
    [InlineData("410105", "410103007001", false)]
    [InlineData("410103007", "410103007001", true)]
    [InlineData("410103008", "410103007001", false)]
    public void Nothing_is_exchanged_when_the_registration_place_contains_the_residence(string place, string community, bool same) =>
        Assert.Equal(same, ExchangeRules.IsSamePlace(OrgCode.Parse(place), community));

    [Theory]
    [InlineData("2026-01-01", "2026Q1")]
    [InlineData("2026-03-31", "2026Q1")]
    [InlineData("2026-04-01", "2026Q2")]
    [InlineData("2026-12-31", "2026Q4")]
    public void A_receipt_reports_a_calendar_quarter(string day, string quarter)
    {
        Assert.Equal(quarter, ExchangeRules.QuarterOf(DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture)));
        Assert.True(ExchangeRules.TryParseQuarter(quarter, out _, out _));
    }

    [Theory]
    [InlineData("2026Q5")]
    [InlineData("2026Q0")]
    [InlineData("2026-2")]
    [InlineData("26Q1")]
    [InlineData("")]
    [InlineData(null)]
    public void A_malformed_quarter_is_refused(string? text) => Assert.False(ExchangeRules.TryParseQuarter(text, out _, out _));

    static DateOnly? Date(string? s) => s is null ? null : DateOnly.Parse(s, System.Globalization.CultureInfo.InvariantCulture);
}
