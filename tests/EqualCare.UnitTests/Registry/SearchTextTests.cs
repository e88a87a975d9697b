using EqualCare.Web.Domain.IdNumbers;
using EqualCare.Web.Features.Persons;

namespace EqualCare.UnitTests.Registry;

/// <summary>The persons search box reads what a worker types (issue 13 point 6).</summary>
public class SearchTextTests
{
    [Theory]
    [InlineData("王", "王")]
    [InlineData(" 泽航 ", "泽航")]
    [InlineData("王思琪", "王思琪")]
    [InlineData("阿依古丽·买买提", "阿依古丽·买买提")]
    [InlineData("Li  Ming", "Li Ming")]
    [InlineData("x", "x")]
    [InlineData("王1", "王1")]
    public void Letters_make_a_name_fragment(string typed, string fragment) =>
        Assert.Equal(new SearchText(SearchKind.NameFragment, fragment), SearchText.Parse(typed));

    [Theory]
    [InlineData("0515", SearchKind.Last4, "0515")]
    [InlineData("０５１５", SearchKind.Last4, "0515")]
    [InlineData("051x", SearchKind.IdLast4, "051X")]
    [InlineData("220515", SearchKind.IdLast6, "220515")]
    [InlineData("22 051X", SearchKind.IdLast6, "22051X")]
    [InlineData("13800001234", SearchKind.Phone, "13800001234")]
    [InlineData("138-0000-1234", SearchKind.Phone, "13800001234")]
    [InlineData("0371-6788123", SearchKind.Phone, "03716788123")]
    [InlineData("41152319900101051X", SearchKind.IdNumber, "41152319900101051X")]
    [InlineData("411523 19900101 051x", SearchKind.IdNumber, "41152319900101051X")]
    public void Digits_are_a_suffix_a_whole_number_or_a_phone_by_their_count(string typed, SearchKind kind, string value) =>
        Assert.Equal(new SearchText(kind, value), SearchText.Parse(typed));

    [Fact]
    public void Fifteen_digits_are_an_old_id_number_upgraded_to_18() =>
        Assert.Equal(new SearchText(SearchKind.IdNumber, IdNumberValidator.UpgradeFrom15("410102900517123")),
            SearchText.Parse("410102900517123"));

    [Theory]
    [InlineData("411523********0515", SearchKind.IdMasked, "411523", "0515")]
    [InlineData("411523＊＊＊＊＊＊＊＊051x", SearchKind.IdMasked, "411523", "051X")]
    [InlineData("411523*0515", SearchKind.IdMasked, "411523", "0515")]
    [InlineData("138****1234", SearchKind.PhoneMasked, "138", "1234")]
    public void The_masked_form_as_lists_show_it_is_a_prefix_and_a_suffix(string typed, SearchKind kind, string prefix, string suffix) =>
        Assert.Equal(new SearchText(kind, suffix, prefix), SearchText.Parse(typed));

    [Theory]
    [InlineData("1")]
    [InlineData("123")]
    [InlineData("12345")]
    [InlineData("1234567890123")]
    [InlineData("41152319900101051")]
    [InlineData("411523********")]
    [InlineData("41152********0515")]
    [InlineData("411523****12**0515")]
    [InlineData("****")]
    [InlineData("12X4")]
    public void Digits_in_no_known_form_are_unrecognised_not_guessed(string typed) =>
        Assert.Equal(SearchKind.Unrecognised, SearchText.Parse(typed).Kind);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Nothing_typed_is_no_search(string? typed) => Assert.Equal(SearchText.Empty, SearchText.Parse(typed));

    [Theory]
    [InlineData("0515", true)]
    [InlineData("220515", true)]
    [InlineData("411523********0515", true)]
    [InlineData("41152319900101051X", true)]
    [InlineData("王", false)]
    [InlineData("13800001234", false)]
    [InlineData("138****1234", false)]
    public void A_search_by_id_number_whole_or_in_part_is_marked_for_the_audit(string typed, bool byId) =>
        Assert.Equal(byId, SearchText.Parse(typed).IsByIdNumber);
}
