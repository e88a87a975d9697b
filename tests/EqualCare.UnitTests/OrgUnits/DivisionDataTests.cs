using EqualCare.Web.Features.OrgUnits;

namespace EqualCare.UnitTests.OrgUnits;

public class DivisionDataTests
{
    [Fact]
    public void The_shipped_data_lists_the_communities_of_daxuelu_street_named_in_the_seed_documents()
    {
        var children = DivisionData.Read("41").Where(u => u.ParentCode == "410103007000").ToDictionary(u => u.Code, u => u.Name);

        Assert.Equal("祥和社区居民委员会", children["410103007001"]);
        Assert.StartsWith("中原", children["410103007002"], StringComparison.Ordinal);
        Assert.StartsWith("新华", children["410103007003"], StringComparison.Ordinal);
        Assert.StartsWith("嵩山", children["410103007007"], StringComparison.Ordinal);
        Assert.StartsWith("桃源", children["410103007008"], StringComparison.Ordinal);
        Assert.StartsWith("郑大", children["410103007009"], StringComparison.Ordinal);
        Assert.StartsWith("金桥", children["410103007010"], StringComparison.Ordinal);
        Assert.StartsWith("长城", children["410103007011"], StringComparison.Ordinal);
        Assert.StartsWith("康桥华城", children["410103007012"], StringComparison.Ordinal);
        Assert.Equal(9, children.Count);
    }

    [Fact]
    public void Every_level_of_henan_is_loaded_with_its_parent()
    {
        var units = DivisionData.Read("41").ToList();
        Assert.Equal("河南省", units.Single(u => u.Code == "410000000000").Name);
        Assert.Equal("东风路街道", units.Single(u => u.Code == "410105010000").Name);
        Assert.Equal("410105000000", units.Single(u => u.Code == "410105010000").ParentCode);
        Assert.All(units, u => Assert.StartsWith("41", u.Code, StringComparison.Ordinal));
        Assert.Equal(5, units.Select(u => u.Level).Distinct().Count());
    }

    [Theory]
    [InlineData("110101001001,\"多福巷社区居委会\",110101001,11", "110101001001", "多福巷社区居委会")]
    [InlineData("1101,市辖区,11", "1101", "市辖区")]
    [InlineData("9,\"a, \"\"b\"\"\",x", "9", "a, \"b\"")]
    public void Names_are_read_quoted_or_bare(string line, string code, string name) =>
        Assert.Equal((code, name), DivisionData.CodeAndName(line));
}
