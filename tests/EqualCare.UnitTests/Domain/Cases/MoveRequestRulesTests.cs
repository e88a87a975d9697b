using EqualCare.Web.Domain;
using EqualCare.Web.Domain.Cases;

namespace EqualCare.UnitTests.Domain.Cases;

/// <summary>Who may ask for a case and who decides, by when (issue 16 point 1; docs/rules.md §2.6).</summary>
public class MoveRequestRulesTests
{
    const string Holder = "410104003001"; // 管城区 南关街街道 印刷厂街社区

    [Theory]
    [InlineData("410103007001", true)]   // a community of another district
    [InlineData("410104003002", true)]   // a community of the same street
    [InlineData("410104003001", false)]  // the holder itself
    [InlineData("410104003000", false)]  // a street asks nothing: it registers no one
    public void A_community_worker_may_ask_any_other_community_of_the_installation(string asker, bool may) =>
        Assert.Equal(may, MoveRequestRules.MayAsk(OrgCode.Parse(asker), Holder));

    [Theory]
    [InlineData("410104003001", false, true)]   // the holder, within the deadline
    [InlineData("410104003001", true, true)]    // and after it
    [InlineData("410104003000", false, false)]  // its street waits for the deadline
    [InlineData("410104003000", true, true)]    // then decides
    [InlineData("410103006000", true, false)]   // the asker's street holds nothing of the case
    [InlineData("410104003002", true, false)]   // nor does a neighbouring community
    public void The_holder_decides_and_once_overdue_its_street(string user, bool overdue, bool may) =>
        Assert.Equal(may, MoveRequestRules.MayDecide(OrgCode.Parse(user), Holder, overdue));

    [Fact]
    public void A_request_is_overdue_from_the_day_after_its_due_day_while_open()
    {
        var asked = new DateOnly(2026, 5, 15);
        var due = MoveRequestRules.DueOn(asked, MoveRequestRules.DefaultDecideWithinDays);
        Assert.Equal(new DateOnly(2026, 5, 30), due);
        Assert.False(MoveRequestRules.IsOverdue(MoveRequestState.Pending, due, due));
        Assert.True(MoveRequestRules.IsOverdue(MoveRequestState.Pending, due, due.AddDays(1)));
        Assert.False(MoveRequestRules.IsOverdue(MoveRequestState.Declined, due, due.AddDays(1)));
    }

    [Theory]
    [InlineData(null, null, "moveRequest.reason.required")]
    [InlineData("  ", null, "moveRequest.reason.required")]
    [InlineData("否", null, "moveRequest.reason.required")]
    [InlineData(" 本人仍在本社区居住 ", "本人仍在本社区居住", null)]
    public void A_refusal_gives_its_reason(string? typed, string? kept, string? problem)
    {
        var (reason, key) = MoveRequestRules.DeclineReason(typed);
        Assert.Equal((kept, problem), (reason, key));
    }
}
