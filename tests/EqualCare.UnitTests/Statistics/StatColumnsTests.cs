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

    // Figures are typed in natural units (例, 人, 元), never in 万: typing 2 cases stores 2, and "0.0012" (万例) is refused.
    // Until this rule, 万 columns were typed in 万 ("0.0012" → 12, "3" → 30 000), which made a worker who typed 2 cases store 20 000.
    [Theory]
    [InlineData("2", 2L)]
    [InlineData("12", 12L)]
    [InlineData(" 30000 ", 30_000L)]
    [InlineData("", 0L)]
    [InlineData("0.0012", null)]
    [InlineData("12.5", null)]
    [InlineData("-1", null)]
    [InlineData("1,5", null)]
    [InlineData("abc", null)]
    [InlineData("1000000000001", null)]
    public void Typed_figures_are_read_in_natural_units_and_anything_else_is_refused(string text, long? stored) =>
        Assert.Equal(stored, StatUnits.ParseNatural(text));

    [Theory]
    [InlineData(StatUnit.TenThousandCases, 2, "例", "0.0002")]
    [InlineData(StatUnit.TenThousandYuan, 4000, "元", "0.4000")]
    [InlineData(StatUnit.Persons, 2, "人", "2")]
    public void The_screen_shows_the_natural_unit_and_the_print_the_seed_unit(StatUnit unit, long stored, string natural, string printed) =>
        Assert.Equal((natural, "2", printed), (StatUnits.BaseChinese(unit), StatUnits.FormatNatural(2), StatUnits.Format(unit, stored)));

    // 春节: 2016-02-08 (the seed's year), 2024-02-10, 2025-01-29.
    [Theory]
    [InlineData(2016, "2016-02-08")]
    [InlineData(2024, "2024-02-10")]
    [InlineData(2025, "2025-01-29")]
    public void Spring_festival_is_the_first_day_of_the_chinese_year(int year, string day) =>
        Assert.Equal(DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture), SpringFestival.Day(year));

    [Theory]
    [InlineData("2016-01-15", "2016-03-01", true)]    // the seed's campaign, reported by 3月1日
    [InlineData("2025-01-20", "2025-02-28", true)]
    [InlineData("2024-12-01", "2025-01-31", true)]
    [InlineData("2025-01-01", "2025-01-28", false)]   // ends before 春节 (29 January)
    [InlineData("2025-01-01", "2025-03-31", false)]   // a quarter containing 春节
    [InlineData("2024-11-30", "2025-02-28", false)]   // starts before 12月1日
    [InlineData("2025-07-01", "2025-07-31", false)]
    public void A_period_is_the_spring_festival_campaign_when_it_contains_spring_festival_within_december_to_march_first(string start,
        string end, bool campaign)
    {
        var (from, to) = (DateOnly.Parse(start, System.Globalization.CultureInfo.InvariantCulture), DateOnly.Parse(end, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(campaign, SpringFestival.IsCampaign(from, to));
        Assert.Equal(campaign ? "春节期间开展流动人口关怀关爱活动有关情况统计表" : "开展流动人口关怀关爱活动有关情况统计表", SpringFestival.FormTitle(from, to));
    }
}
