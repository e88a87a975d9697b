namespace EqualCare.Web.Domain.Exchange;

/// <summary>
/// What passes between the residence place (现居住地, 流入地) and the registration place (户籍地, 流出地): 条例 (2009) Art. 6
/// asks both offices to notify and verify through the information system; PADIS named the classes 通报, 协查 and 反馈
/// (docs/rules.md §2.5, docs/exchange.md). The numbers are stored; never renumber them.
/// </summary>
public enum MessageKind : short
{
    /// <summary>流入通报: the residence place reports a newly registered migrant to the registration place (receive only).</summary>
    ArrivalNotice = 1,
    /// <summary>流出通报: the registration place reports a person leaving for the residence place (receive only).</summary>
    DepartureNotice = 2,
    /// <summary>协查: either place asks the other to verify; a 反馈 is due by the deadline.</summary>
    Verification = 3,
    /// <summary>协查反馈: the answer to a 协查 (a new row naming the request).</summary>
    VerificationAnswer = 4,
    /// <summary>回执 of the quarter's 康检 / 避孕节育情况报告单, residence → registration (seed 001 三(二)6).</summary>
    CheckupReceipt = 5,
    /// <summary>婚育证明代办: the residence place asks the registration place to issue or check a certificate on the person's behalf.</summary>
    CertificateRequest = 6,
    /// <summary>The registration place's answer to a 代办 request.</summary>
    CertificateAnswer = 7,
}

/// <summary>What a 协查 asks to verify (the 个案 sections PADIS exchanged: 婚姻, 生育, 避孕, 婚育证明).</summary>
public enum VerificationTopic : short
{
    Marriage = 1,
    Children = 2,
    Contraception = 3,
    Certificate = 4,
}

/// <summary>A 代办 request: have the 户籍地 issue the 《流动人口婚育证明》, or check one the person shows.</summary>
public enum CertificateAction : short
{
    Issue = 1,
    Check = 2,
}

/// <summary>The answer's finding (PADIS: 配对 → 核实 → 反馈, or 查无此人).</summary>
public enum AnswerResult : short
{
    /// <summary>核实无误 / certificate issued / certificate valid.</summary>
    Confirmed = 1,
    /// <summary>核实不符: the facts differ (the answer says how).</summary>
    Differs = 2,
    /// <summary>查无此人: no such person in the answering office's files.</summary>
    NotFound = 3,
    /// <summary>不予办理: refused, with the reason.</summary>
    Refused = 4,
}

/// <summary>A message's state as both offices see it, derived from the rows (the request, its answer, its reading) and today.</summary>
public enum MessageState : short
{
    /// <summary>Sent, not yet opened by the receiving office.</summary>
    Sent = 1,
    /// <summary>Opened by the receiving office; a 通报 or 回执 needs nothing more.</summary>
    Read = 2,
    /// <summary>Answered (a 反馈 row exists), on time or late.</summary>
    Answered = 3,
    /// <summary>A request past its deadline with no answer: flagged on both sides.</summary>
    Overdue = 4,
}

/// <summary>
/// The deadlines, in calendar days from the day the request was sent (Beijing date). The defaults are one province's
/// 流动人口计划生育信息交换工作制度 (docs/rules.md §2.5): 协查 about a woman now pregnant is 紧急, feedback within 15 days; any
/// other 协查 within 30 days; 服务管理信息 that needs an answer within 30 days. A certificate check: one city asks the 户籍地
/// to reply within 7 days (docs/rules.md §2.5, "other deadlines"). Offices set their own (EqualCare:Exchange).
/// </summary>
public sealed record DeadlinePolicy(int UrgentDays = 15, int OrdinaryDays = 30, int CertificateIssueDays = 30, int CertificateCheckDays = 7)
{
    public static readonly DeadlinePolicy Default = new();
}

public static class ExchangeRules
{
    /// <summary>Kinds that ask for an answer, and so have a deadline.</summary>
    public static bool IsRequest(MessageKind kind) => kind is MessageKind.Verification or MessageKind.CertificateRequest;

    /// <summary>Kinds that answer a request (written as a new row naming it).</summary>
    public static bool IsAnswer(MessageKind kind) => kind is MessageKind.VerificationAnswer or MessageKind.CertificateAnswer;

    public static MessageKind AnswerKindOf(MessageKind request) => request switch
    {
        MessageKind.Verification => MessageKind.VerificationAnswer,
        MessageKind.CertificateRequest => MessageKind.CertificateAnswer,
        _ => throw new ArgumentOutOfRangeException(nameof(request), request, "not a request"),
    };

    /// <summary>
    /// The day the answer is due, or null for what needs none. A 协查 is 紧急 (15 days) when the woman is pregnant now or the
    /// sender marks it so; otherwise 急 (30 days). A 代办 request: issue 30 days, check 7 days.
    /// </summary>
    public static DateOnly? DueOn(MessageKind kind, short? topic, bool urgent, DateOnly sentOn, DeadlinePolicy policy) => kind switch
    {
        MessageKind.Verification => sentOn.AddDays(urgent ? policy.UrgentDays : policy.OrdinaryDays),
        MessageKind.CertificateRequest => sentOn.AddDays(topic == (short)CertificateAction.Check ? policy.CertificateCheckDays : policy.CertificateIssueDays),
        _ => null,
    };

    /// <summary>Overdue: a request with no answer whose due day has passed (the due day itself is still in time).</summary>
    public static bool IsOverdue(DateOnly? dueOn, DateOnly? answeredOn, DateOnly today) =>
        dueOn is { } due && answeredOn is null && today > due;

    /// <summary>Answered within the deadline: on or before the due day (协查及时率's numerator).</summary>
    public static bool AnsweredOnTime(DateOnly? dueOn, DateOnly? answeredOn) =>
        dueOn is { } due && answeredOn is { } answered && answered <= due;

    public static MessageState StateOf(MessageKind kind, DateOnly? dueOn, DateTime? readAt, DateOnly? answeredOn, DateOnly today)
    {
        if (answeredOn is not null) return MessageState.Answered;
        if (IsRequest(kind) && IsOverdue(dueOn, answeredOn, today)) return MessageState.Overdue;
        return readAt is null ? MessageState.Sent : MessageState.Read;
    }

    /// <summary>
    /// The offices that may be the registration place of a 户籍地 code, finest first: the code's own unit, then each unit
    /// above it. Inside one installation the first of these that the installation has is the receiver (a county code gives
    /// the county's office, which PADIS made the legal party of the exchange; a street or community code, when one is known,
    /// gives that office).
    /// </summary>
    public static IReadOnlyList<OrgCode> RegistrationPlaceCandidates(string? hukouCode)
    {
        if (!OrgCode.TryParse(hukouCode, out var code)) return [];
        var list = new List<OrgCode>();
        for (OrgCode? c = code; c is { } unit; c = unit.Parent) list.Add(unit);
        return list;
    }

    /// <summary>
    /// Nothing to exchange when the registration place's area contains the residence community: one office holds both
    /// ends (a move inside one county is a move between its communities, not a 流动 between two places).
    /// </summary>
    public static bool IsSamePlace(OrgCode registrationPlace, string residenceCommunity) => registrationPlace.Contains(residenceCommunity);

    /// <summary>The quarter a 回执 reports, as stored and shown: "2026Q2".</summary>
    public static string QuarterOf(DateOnly day) => $"{day.Year:D4}Q{(day.Month - 1) / 3 + 1}";

    public static bool TryParseQuarter(string? text, out int year, out int quarter)
    {
        year = 0;
        quarter = 0;
        if (text is not { Length: 6 } || text[4] != 'Q' || !int.TryParse(text.AsSpan(0, 4), System.Globalization.NumberStyles.None,
                System.Globalization.CultureInfo.InvariantCulture, out year)) return false;
        quarter = text[5] - '0';
        return quarter is >= 1 and <= 4 && year >= 2000;
    }
}
