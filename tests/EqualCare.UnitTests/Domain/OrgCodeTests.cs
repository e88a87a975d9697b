using EqualCare.Web.Domain;

namespace EqualCare.UnitTests.Domain;

public class OrgCodeTests
{
    [Theory]
    [InlineData("41", 1, "41")]
    [InlineData("4101", 2, "4101")]
    [InlineData("410103", 3, "410103")]
    [InlineData("410103007", 4, "410103007")]
    [InlineData("410103007001", 5, "410103007001")]
    [InlineData("410103007000", 4, "410103007")]
    [InlineData("410100000000", 2, "4101")]
    public void The_level_and_prefix_follow_the_significant_digits(string code, int level, string prefix)
    {
        var parsed = OrgCode.Parse(code);
        Assert.Equal(level, parsed.Level);
        Assert.Equal(prefix, parsed.Prefix);
        Assert.Equal(12, parsed.Value.Length);
    }

    [Fact]
    public void A_street_scope_is_the_range_of_its_communities()
    {
        var daxuelu = OrgCode.Parse("410103007");
        Assert.Equal(("410103007000", "410103007999"), daxuelu.Range);
        Assert.True(daxuelu.Contains("410103007001"));
        Assert.True(daxuelu.Contains("410103007012"));
        Assert.False(daxuelu.Contains("410103008001"));
        Assert.False(daxuelu.Contains("410105010001"));
    }

    [Fact]
    public void A_community_scope_holds_only_itself()
    {
        var xianghe = OrgCode.Parse("410103007001");
        Assert.True(xianghe.Contains("410103007001"));
        Assert.False(xianghe.Contains("410103007002"));
    }

    [Fact]
    public void Parents_climb_the_levels()
    {
        Assert.Equal("410103007000", OrgCode.Parse("410103007001").Parent?.Value);
        Assert.Equal("410103000000", OrgCode.Parse("410103007").Parent?.Value);
        Assert.Equal("410100000000", OrgCode.Parse("410103").Parent?.Value);
        Assert.Equal("410000000000", OrgCode.Parse("4101").Parent?.Value);
        Assert.Null(OrgCode.Parse("41").Parent);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("4")]
    [InlineData("41010")]
    [InlineData("4101030070011")]
    [InlineData("41010300700x")]
    [InlineData("' OR 1=1 --")]
    public void Anything_but_2_4_6_9_or_12_digits_is_not_a_code(string? text) => Assert.False(OrgCode.TryParse(text, out _));
}
