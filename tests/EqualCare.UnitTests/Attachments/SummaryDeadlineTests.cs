using EqualCare.Web.Domain.Summaries;

namespace EqualCare.UnitTests.Attachments;

/// <summary>On time or late from the due day, Beijing time (seed 000: 12月10日前; seed 002: 3月1日前; seed 004: 4月25日前).</summary>
public sealed class SummaryDeadlineTests
{
    static DateTime Bj(int y, int m, int d, int h, int min, int s = 0) =>
        new DateTimeOffset(y, m, d, h, min, s, TimeSpan.FromHours(8)).UtcDateTime;

    static SummaryEvent Step(SummaryAction action, DateTime at, int seq) =>
        new() { RequestId = 1, UnitCode = "410103007001", Seq = seq, Action = action, At = at, ByUser = "x" };

    [Theory]
    [InlineData(2016, 12, 10, 23, 59, 59, false)]
    [InlineData(2016, 12, 11, 0, 0, 0, true)]
    [InlineData(2016, 12, 10, 0, 0, 0, false)]
    [InlineData(2016, 12, 9, 8, 0, 0, false)]
    public void Seed_000s_10_December_ends_at_Beijing_midnight(int y, int m, int d, int h, int min, int s, bool late) =>
        Assert.Equal(late, SummaryDeadline.IsLate(new DateOnly(2016, 12, 10), Bj(y, m, d, h, min, s)));

    [Fact]
    public void The_late_instant_is_16_00_UTC_of_the_due_day() =>
        Assert.Equal(new DateTime(2017, 3, 1, 16, 0, 0, DateTimeKind.Utc), SummaryDeadline.LateFromUtc(new DateOnly(2017, 3, 1)));

    [Fact]
    public void Not_submitted_is_pending_until_the_due_day_ends_then_overdue()
    {
        var due = new DateOnly(2012, 4, 25);
        Assert.Equal(SummaryState.Pending, SummaryDeadline.Of(due, [], Bj(2012, 4, 25, 23, 0)).State);
        Assert.Equal(SummaryState.Overdue, SummaryDeadline.Of(due, [], Bj(2012, 4, 26, 0, 0)).State);
    }

    [Fact]
    public void The_first_submission_decides_and_a_return_shows_until_the_next_submission()
    {
        var due = new DateOnly(2012, 4, 25);
        var onTime = Step(SummaryAction.Submitted, Bj(2012, 4, 24, 10, 0), 1);
        var returned = Step(SummaryAction.Returned, Bj(2012, 4, 27, 10, 0), 2);
        var again = Step(SummaryAction.Submitted, Bj(2012, 4, 28, 10, 0), 3);
        Assert.Equal(SummaryState.SubmittedOnTime, SummaryDeadline.Of(due, [onTime], Bj(2012, 5, 1, 0, 0)).State);
        var back = SummaryDeadline.Of(due, [onTime, returned], Bj(2012, 5, 1, 0, 0));
        Assert.Equal((SummaryState.Returned, false), (back.State, back.Late));
        var done = SummaryDeadline.Of(due, [onTime, returned, again], Bj(2012, 5, 1, 0, 0));
        Assert.Equal((SummaryState.SubmittedOnTime, onTime.At, again.At), (done.State, done.FirstSubmittedAt, done.LastSubmittedAt));
        Assert.Equal(SummaryState.SubmittedLate, SummaryDeadline.Of(due, [Step(SummaryAction.Submitted, Bj(2012, 4, 26, 9, 0), 1)], Bj(2012, 5, 1, 0, 0)).State);
    }
}
