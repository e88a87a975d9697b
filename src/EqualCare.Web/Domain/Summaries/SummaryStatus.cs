namespace EqualCare.Web.Domain.Summaries;

/// <summary>Where a unit's summary stands, as the office above sees it.</summary>
public enum SummaryState
{
    /// <summary>Not submitted, and the due day has not passed.</summary>
    Pending,
    /// <summary>Not submitted, and the due day has passed.</summary>
    Overdue,
    SubmittedOnTime,
    SubmittedLate,
    /// <summary>Returned for rework and not yet submitted again.</summary>
    Returned,
}

public sealed record SummaryStatus(SummaryState State, bool Late, DateTime? FirstSubmittedAt, DateTime? LastSubmittedAt);

/// <summary>
/// On time or late, from the due date and the submission time. "12月10日前上报" (seed 000) is read as "by the end of
/// 10 December, Beijing time": a submission at 23:59 on the due day is on time, one at 00:00 the next day is late. The first
/// submission decides: a summary sent on time and returned for rework after the due day is not made late by the rework.
/// </summary>
public static class SummaryDeadline
{
    /// <summary>Beijing is UTC+8 all year (no daylight saving since 1991).</summary>
    static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    /// <summary>The first instant (UTC) at which a submission is late: midnight at the end of the due day, Beijing time.</summary>
    public static DateTime LateFromUtc(DateOnly dueOn) =>
        DateTime.SpecifyKind(dueOn.AddDays(1).ToDateTime(TimeOnly.MinValue) - Beijing, DateTimeKind.Utc);

    public static bool IsLate(DateOnly dueOn, DateTime submittedAtUtc) => submittedAtUtc >= LateFromUtc(dueOn);

    /// <summary>The state of one unit's summary from its steps in order and the time now.</summary>
    public static SummaryStatus Of(DateOnly dueOn, IReadOnlyList<SummaryEvent> steps, DateTime nowUtc)
    {
        var submissions = steps.Where(s => s.Action == SummaryAction.Submitted).ToList();
        if (submissions.Count == 0)
            return new(nowUtc >= LateFromUtc(dueOn) ? SummaryState.Overdue : SummaryState.Pending, nowUtc >= LateFromUtc(dueOn), null, null);
        var first = submissions[0].At;
        var late = IsLate(dueOn, first);
        var state = steps[^1].Action == SummaryAction.Returned ? SummaryState.Returned
            : late ? SummaryState.SubmittedLate : SummaryState.SubmittedOnTime;
        return new(state, late, first, submissions[^1].At);
    }
}
