using EqualCare.Web.Domain.Hotline;
using EqualCare.Web.Domain.ServicesBoard;

namespace EqualCare.UnitTests.Hotline;

/// <summary>The check a services-board text passes before it is published (docs/rules.md §10.3): nothing personal.</summary>
public class PublicTextTests
{
    static readonly string[] Hotlines = ["0371-6354 1234", "12320"];

    [Theory]
    [InlineData("房东身份证410103199001011234", PublicTextProblem.IdNumber)]
    [InlineData("身份证 410103 19900101 123X", PublicTextProblem.IdNumber)]
    [InlineData("旧证号410103900101123", PublicTextProblem.IdNumber)]
    [InlineData("联系王女士13812345678", PublicTextProblem.MobileNumber)]
    [InlineData("联系 138 1234 5678", PublicTextProblem.MobileNumber)]
    [InlineData("联系 138-1234-5678", PublicTextProblem.MobileNumber)]
    [InlineData("全角 １３９１２３４５６７８", PublicTextProblem.MobileNumber)]
    [InlineData("电话 0371-63549999", PublicTextProblem.PhoneNumber)]
    [InlineData("电话 (0371)63549999", PublicTextProblem.PhoneNumber)]
    [InlineData("电话 63549999", PublicTextProblem.PhoneNumber)]
    [InlineData("日照 8781187", PublicTextProblem.PhoneNumber)]
    [InlineData("月租2000-3000元", PublicTextProblem.PhoneNumber)]    // reads as a local number: conservative on purpose
    public void A_personal_number_or_an_unregistered_phone_is_found(string text, PublicTextProblem problem)
    {
        var found = Assert.Single(PublicText.Check(text, Hotlines));
        Assert.Equal(problem, found.Problem);
        Assert.Contains('*', found.Masked);
    }

    [Theory]
    [InlineData("请拨打 0371-63541234 咨询")]
    [InlineData("请拨打 63541234 咨询")]                       // the registered number without its area code
    [InlineData("请拨打 0371 6354 1234")]
    [InlineData("卫生热线 12320")]
    [InlineData("2026-06-01至2026-06-30，每周三 8:30-11:30")]  // dates and times are not numbers to call
    [InlineData("月租800至1000元，押一付三")]
    [InlineData("招工2名，年龄18-45岁")]
    [InlineData("")]
    public void Dates_prices_and_the_registered_hotlines_pass(string text) =>
        Assert.Empty(PublicText.Check(text, Hotlines));

    [Fact]
    public void A_mobile_number_registered_as_a_hotline_may_be_published() =>
        Assert.Empty(PublicText.Check("值班手机 13812345678", ["138 1234 5678"]));

    [Theory]
    [InlineData("0371-63541234", true)]
    [InlineData("(0371) 6354 1234", true)]
    [InlineData("12320", true)]
    [InlineData("1234", false)]
    [InlineData("call 0371", false)]
    [InlineData("03716354123412345", false)]
    public void A_hotline_number_is_digits_with_separators(string number, bool ok) => Assert.Equal(ok, PublicText.IsHotlineNumber(number));

    [Fact]
    public void Every_topic_but_housing_and_jobs_counts_on_column_3()
    {
        Assert.Equal(Enum.GetValues<HotlineTopic>().Where(t => t != HotlineTopic.HousingJobs), HotlineTopics.Counted);
        Assert.False(HotlineTopics.CountsAsHealthConsultation(HotlineTopic.HousingJobs));
    }

    [Theory]
    [InlineData("2026-05-01", "2026-05-31", false, "2026-05-15", true)]
    [InlineData("2026-05-01", "2026-05-15", false, "2026-05-15", true)]    // its last day included
    [InlineData("2026-05-01", "2026-05-14", false, "2026-05-15", false)]   // expired
    [InlineData("2026-05-16", "2026-05-31", false, "2026-05-15", false)]   // not yet
    [InlineData("2026-05-01", "2026-05-31", true, "2026-05-15", false)]    // withdrawn
    public void An_item_is_shown_from_its_first_to_its_last_day_unless_withdrawn(string from, string until, bool withdrawn, string today, bool shown) =>
        Assert.Equal(shown, BoardRules.IsShown(DateOnly.Parse(from, System.Globalization.CultureInfo.InvariantCulture),
            DateOnly.Parse(until, System.Globalization.CultureInfo.InvariantCulture), withdrawn,
            DateOnly.Parse(today, System.Globalization.CultureInfo.InvariantCulture)));
}
