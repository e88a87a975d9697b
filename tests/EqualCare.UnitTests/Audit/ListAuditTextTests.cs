using System.Globalization;
using EqualCare.Web.Data;
using EqualCare.Web.Features.Admin.Audit;
using EqualCare.Web.Web;

namespace EqualCare.UnitTests.Audit;

/// <summary>
/// Issue 14 point 18: what a user typed into a list's filter reaches the audit detail without an ID number or phone, and
/// the audit page names every filter of a list view in words, never a code.
/// </summary>
public sealed class ListAuditTextTests
{
    [Theory]
    [InlineData("张110101199003077777", "张110101********7777")]
    [InlineData("41152319900101051X", "411523********051X")]
    [InlineData("13800001234", "138****1234")]
    [InlineData("1234567", "*******")]
    [InlineData("王 秀;英,=", "王秀英")]
    [InlineData("123456", "123456")]
    [InlineData("  ", "")]
    [InlineData(null, "")]
    public void Typed_text_keeps_no_id_number_or_phone_and_no_separator_of_the_detail(string? typed, string kept) =>
        Assert.Equal(kept, AuditLog.Typed(typed));

    [Fact]
    public void Typed_text_is_cut_at_20_characters()
    {
        var kept = AuditLog.Typed(new string('王', 30));
        Assert.Equal(new string('王', 20) + "…", kept);
    }

    [Fact]
    public void The_filters_of_a_list_view_read_as_words_on_the_audit_page()
    {
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = new CultureInfo("zh-CN");
        try
        {
            var localizer = new JsonStringLocalizerFactory().Create(typeof(ListAuditTextTests));
            var text = AuditDetailText.Describe(
                "unit=410103007000; q=IdLast6;text=**1234;duplicateKind=NameBirthHukou;issue=Stale;scope=mine;view=overdue;"
                + "group=Checkup;entity=persons;outcome=Refused;page=2; rows=3", localizer);
            foreach (var code in new[] { "unit=", "IdLast6", "NameBirthHukou", "Stale", "mine", "overdue", "Checkup", "persons", "Refused", "page=" })
                Assert.DoesNotContain(code, text, StringComparison.Ordinal);
            Assert.Contains("检索方式：身份证号码后6位", text, StringComparison.Ordinal);
            Assert.Contains("检索内容：**1234", text, StringComparison.Ordinal);
            Assert.Contains("用户所属机构：410103007000", text, StringComparison.Ordinal);
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }
}
