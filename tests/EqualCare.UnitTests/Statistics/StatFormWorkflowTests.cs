using EqualCare.Web.Domain;
using EqualCare.Web.Domain.Statistics;

namespace EqualCare.UnitTests.Statistics;

/// <summary>Who may submit, approve and return which form, in which state (community 祥和 → street 大学路 → district 二七).</summary>
public class StatFormWorkflowTests
{
    const string Xianghe = "410103007001", Zhongyuan = "410103007002", Daxuelu = "410103007", Dongfenglu = "410105010",
        Erqi = "410103", Zhengzhou = "4101";

    const StatFormState Draft = StatFormState.Draft, Submitted = StatFormState.Submitted, Returned = StatFormState.Returned,
        Approved = StatFormState.Approved;

    public static TheoryData<StatFormState, StatFormAction, string, string, string, string?, StatFormState?, string?> Table => new()
    {
        // state, action, role, user's unit, form's unit, reason → next state or refusal
        { Draft, StatFormAction.Submit, Roles.Community, Xianghe, Xianghe, null, Submitted, null },
        { Returned, StatFormAction.Submit, Roles.Community, Xianghe, Xianghe, null, Submitted, null },
        { Submitted, StatFormAction.Submit, Roles.Community, Xianghe, Xianghe, null, null, "statform.submitted" },
        { Approved, StatFormAction.Submit, Roles.Community, Xianghe, Xianghe, null, null, "statform.locked" },
        { Draft, StatFormAction.Submit, Roles.Community, Zhongyuan, Xianghe, null, null, "statform.forbidden.submit" },
        { Draft, StatFormAction.Submit, Roles.Street, Daxuelu, Xianghe, null, null, "statform.forbidden.submit" },
        { Submitted, StatFormAction.Approve, Roles.Street, Daxuelu, Xianghe, null, Approved, null },
        { Submitted, StatFormAction.Return, Roles.Street, Daxuelu, Xianghe, "数字有误", Returned, null },
        { Submitted, StatFormAction.Return, Roles.Street, Daxuelu, Xianghe, "  ", null, "statform.reason.required" },
        { Submitted, StatFormAction.Approve, Roles.Community, Xianghe, Xianghe, null, null, "statform.forbidden.review" },
        { Submitted, StatFormAction.Approve, Roles.Street, Dongfenglu, Xianghe, null, null, "statform.forbidden.review" },
        // The district is not the reviewer of a community form: approval goes one level at a time.
        { Submitted, StatFormAction.Approve, Roles.District, Erqi, Xianghe, null, null, "statform.forbidden.review" },
        { Draft, StatFormAction.Approve, Roles.Street, Daxuelu, Xianghe, null, null, "statform.notSubmitted" },
        { Returned, StatFormAction.Approve, Roles.Street, Daxuelu, Xianghe, null, null, "statform.notSubmitted" },
        { Approved, StatFormAction.Return, Roles.Street, Daxuelu, Xianghe, "再改", null, "statform.locked" },
        { Draft, StatFormAction.Submit, Roles.Street, Daxuelu, Daxuelu, null, Submitted, null },
        { Submitted, StatFormAction.Approve, Roles.District, Erqi, Daxuelu, null, Approved, null },
        { Submitted, StatFormAction.Approve, Roles.Street, Daxuelu, Daxuelu, null, null, "statform.forbidden.review" },
        { Submitted, StatFormAction.Approve, Roles.District, Zhengzhou, Erqi, null, Approved, null },
        { Submitted, StatFormAction.Approve, Roles.SystemAdmin, Zhengzhou, Erqi, null, null, "statform.forbidden.review" },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public void Transitions(StatFormState state, StatFormAction action, string role, string user, string form, string? reason,
        StatFormState? next, string? refusal) =>
        Assert.Equal((next, refusal), StatFormWorkflow.Apply(state, action, role, OrgCode.Parse(user), OrgCode.Parse(form), reason));

    // A form whose upper form (the reviewer's own, same period) is submitted or approved changes no more; its office reopens
    // its own form only while the form above that one is neither submitted nor approved.
    public static TheoryData<StatFormState, StatFormAction, string, string, string, string?, StatFormState?, StatFormState?, string?> WithUpper => new()
    {
        // state, action, role, user's unit, form's unit, reason, upper form's state → next state or refusal
        { Submitted, StatFormAction.Approve, Roles.Street, Daxuelu, Xianghe, null, Submitted, null, "statform.upper.locked" },
        { Submitted, StatFormAction.Approve, Roles.Street, Daxuelu, Xianghe, null, Approved, null, "statform.upper.locked" },
        { Submitted, StatFormAction.Return, Roles.Street, Daxuelu, Xianghe, "x", Submitted, null, "statform.upper.locked" },
        { Draft, StatFormAction.Submit, Roles.Community, Xianghe, Xianghe, null, Approved, null, "statform.upper.locked" },
        { Submitted, StatFormAction.Approve, Roles.Street, Daxuelu, Xianghe, null, Draft, Approved, null },
        { Submitted, StatFormAction.Approve, Roles.Street, Daxuelu, Xianghe, null, Returned, Approved, null },
        { Submitted, StatFormAction.Reopen, Roles.Street, Daxuelu, Daxuelu, "中原社区迟报", null, Returned, null },
        { Approved, StatFormAction.Reopen, Roles.Street, Daxuelu, Daxuelu, "中原社区迟报", Draft, Returned, null },
        { Approved, StatFormAction.Reopen, Roles.Street, Daxuelu, Daxuelu, "中原社区迟报", Submitted, null, "statform.upper.locked" },
        { Approved, StatFormAction.Reopen, Roles.Street, Daxuelu, Daxuelu, " ", null, null, "statform.reason.required" },
        { Draft, StatFormAction.Reopen, Roles.Street, Daxuelu, Daxuelu, "x", null, null, "statform.notSubmitted" },
        { Approved, StatFormAction.Reopen, Roles.District, Erqi, Daxuelu, "x", null, null, "statform.forbidden.reopen" },
    };

    [Theory]
    [MemberData(nameof(WithUpper))]
    public void Transitions_under_an_upper_form(StatFormState state, StatFormAction action, string role, string user, string form, string? reason,
        StatFormState? upper, StatFormState? next, string? refusal) =>
        Assert.Equal((next, refusal), StatFormWorkflow.Apply(state, action, role, OrgCode.Parse(user), OrgCode.Parse(form), reason, upper));

    [Fact]
    public void A_draft_under_a_submitted_upper_form_cannot_be_edited() =>
        Assert.Equal("statform.upper.locked", StatFormWorkflow.EditRefusal(Draft, Roles.Community, OrgCode.Parse(Xianghe), OrgCode.Parse(Xianghe), Submitted));

    [Theory]
    [InlineData(Draft, Roles.Community, "410103007001", null)]
    [InlineData(Returned, Roles.Community, "410103007001", null)]
    [InlineData(Submitted, Roles.Community, "410103007001", "statform.submitted")]
    [InlineData(Approved, Roles.Community, "410103007001", "statform.locked")]
    [InlineData(Draft, Roles.Street, "410103007", "statform.forbidden.edit")]
    [InlineData(Draft, Roles.Community, "410103007002", "statform.forbidden.edit")]
    public void Only_the_owner_edits_and_only_a_draft_or_returned_form(StatFormState state, string role, string user, string? refusal) =>
        Assert.Equal(refusal, StatFormWorkflow.EditRefusal(state, role, OrgCode.Parse(user), OrgCode.Parse(Xianghe)));
}
