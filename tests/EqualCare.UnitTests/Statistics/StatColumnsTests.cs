using EqualCare.Web.Domain.Statistics;

namespace EqualCare.UnitTests.Statistics;

/// <summary>The form of seed 002's 附件, column by column, with its units, and the unit arithmetic.</summary>
public class StatColumnsTests
{
    // The header row of 《春节期间开展流动人口关怀关爱活动有关情况统计表》 as printed in the seed, left to right.
    public static TheoryData<int, string, string> Seed002Columns => new()
    {
        { 1, "宣传服务", "万人" },
        { 2, "发放宣传资料", "万份" },
        { 3, "提供卫生计生政策咨询服务", "万人次" },
        { 4, "落实计划生育技术服务", "万例" },
        { 5, "发放避孕药具", "万人次" },
        { 6, "办理和补办相关证明材料", "万份" },
        { 7, "走访慰问流动人口", "万人" },
        { 8, "关心留守老人、妇女和儿童", "万人" },
        { 9, "解决困难办实事", "件" },
        { 10, "发放补助金和物品", "万元" },
        { 11, "落实计划生育奖励补助", "人" },
        { 12, "落实计划生育奖励补助", "万元" },
        { 13, "适龄儿童补种疫苗", "人次" },
        { 14, "实施传染病防控", "万例" },
        { 15, "采集完善信息", "人" },
        { 16, "备注", "" },
    };

    [Theory]
    [MemberData(nameof(Seed002Columns))]
    public void Each_column_has_the_seed_header_and_unit_in_its_place(int number, string header, string unit)
    {
        var column = StatColumns.All[number - 1];
        Assert.Equal((number, header, unit), (column.Number, column.Chinese, StatUnits.Chinese(column.Unit)));
    }

    [Fact]
    public void The_form_has_exactly_sixteen_columns_with_distinct_codes_and_only_remarks_is_text()
    {
        Assert.Equal(16, StatColumns.All.Count);
        Assert.Equal(16, StatColumns.All.Select(c => c.Code).Distinct().Count());
        Assert.Equal(["remarks"], StatColumns.All.Where(c => c.IsText).Select(c => c.Code));
        Assert.All(StatColumns.All.Where(c => c.Source == StatSource.Records), c => Assert.NotNull(c.Basis));
        Assert.Equal("宣传服务（万人）", StatColumns.All[0].ChineseHeader);
    }

    [Theory]
    [InlineData(StatUnit.TenThousandPersons, 12_345, "1.2345")]
    [InlineData(StatUnit.TenThousandPersons, 1, "0.0001")]
    [InlineData(StatUnit.TenThousandYuan, 2_500_000, "250.0000")]
    [InlineData(StatUnit.TenThousandCases, 0, "0.0000")]
    [InlineData(StatUnit.Items, 17, "17")]
    [InlineData(StatUnit.PersonTimes, 1_234_567, "1234567")]
    public void Figures_are_stored_in_base_units_and_shown_in_the_form_unit_to_the_single_unit(StatUnit unit, long stored, string shown) =>
        Assert.Equal(shown, StatUnits.Format(unit, stored));

    [Theory]
    [InlineData(StatUnit.TenThousandCases, "0.0012", 12L)]
    [InlineData(StatUnit.TenThousandCases, "3", 30_000L)]
    [InlineData(StatUnit.TenThousandCases, "", 0L)]
    [InlineData(StatUnit.TenThousandCases, "0.00001", null)]
    [InlineData(StatUnit.TenThousandCases, "-1", null)]
    [InlineData(StatUnit.TenThousandCases, "1,5", null)]
    [InlineData(StatUnit.TenThousandCases, "abc", null)]
    [InlineData(StatUnit.Persons, "12", 12L)]
    [InlineData(StatUnit.Persons, "12.5", null)]
    [InlineData(StatUnit.TenThousandCases, "999999999999", null)]
    public void Typed_figures_are_read_in_the_form_unit_and_anything_else_is_refused(StatUnit unit, string text, long? stored) =>
        Assert.Equal(stored, StatUnits.ParseFormUnit(unit, text));
}
