using EqualCare.Web.Domain.Plans;

namespace EqualCare.UnitTests.Plans;

/// <summary>The allocation table's arithmetic, on rows of seed 004 附件 2 and 3.</summary>
public sealed class PlanTableTests
{
    static PlanMeasure Measure(long id, int position, string? baseline = null, int? stated = null) => new()
    {
        Id = id, Position = position, Label = "m" + id, Unit = "人", Kind = PlanMeasureKind.Entered, BaselineLabel = baseline, StatedTotal = stated,
    };

    static PlanAllocation Alloc(long measure, string org, int position, int target, int? baseline = null) => new()
    {
        MeasureId = measure, OrgCode = org, Position = position, Target = target, Baseline = baseline,
    };

    [Fact]
    public void Rows_keep_the_allocation_order_and_baseline_plus_target_is_the_goal()
    {
        // 附件 2: 祥和 2039 + 356 = 2395, 中原 349 + 190 = 539.
        var table = PlanTable.Build([Measure(1, 1, "2月17日管理人数")],
            [Alloc(1, "410103007002", 2, 190, 349), Alloc(1, "410103007001", 1, 356, 2039)], new Dictionary<(long, string), int>());
        Assert.Equal(["410103007001", "410103007002"], table.Rows.Select(r => r.OrgCode));
        Assert.Equal([2395, 539], table.Rows.Select(r => r.Cells[0].Goal!.Value));
        Assert.Equal((2388, 546, 2934), (table.Totals[0].Baseline!.Value, table.Totals[0].Target, table.Totals[0].Goal!.Value));
    }

    [Fact]
    public void A_stated_total_the_rows_do_not_reach_leaves_the_difference_unallocated_and_percent_is_of_the_stated_total()
    {
        // A stated total the rows do not reach (e.g. a 办事处 row of 21 上环 with only 19 allocated so far).
        var allocations = Enumerable.Range(1, 9).Select(i => Alloc(1, $"41010300700{i}", i, 2)).Append(Alloc(1, "410103007011", 10, 1)).ToList();
        var progress = new Dictionary<(long, string), int> { [(1, "410103007001")] = 3, [(1, "410103007002")] = 4 };
        var table = PlanTable.Build([Measure(1, 1, stated: 21), Measure(2, 2)], allocations, progress);
        var total = table.Totals[0];
        Assert.Equal((19, 21, 2, 7), (total.Target, total.Stated!.Value, total.Unallocated!.Value, total.Progress));
        Assert.Equal(33.3m, total.Percent);
        Assert.Equal(150.0m, table.Rows[0].Cells[0].Percent);
        Assert.Null(table.Totals[1].Unallocated);
        Assert.Equal(21, table.Stated);
    }

    [Fact]
    public void A_community_without_a_number_for_a_measure_has_an_empty_cell_and_no_percent()
    {
        var table = PlanTable.Build([Measure(1, 1), Measure(2, 2)], [Alloc(1, "410103007001", 1, 0)], new Dictionary<(long, string), int>());
        Assert.Null(table.Rows[0].Cells[1].Target);
        Assert.Null(table.Rows[0].Cells[0].Percent);
        Assert.Equal(0, table.Target);
    }
}

public sealed class SnapshotDaysTests
{
    [Theory]
    [InlineData("2012-03-05", true)]
    [InlineData("2012-03-15", true)]
    [InlineData("2012-03-25", true)]
    [InlineData("2012-03-06", false)]
    [InlineData("2012-03-31", false)]
    public void The_default_days_are_the_seeds_5th_15th_and_25th(string day, bool expected) =>
        Assert.Equal(expected, SnapshotDays.Default.IsSnapshotDay(DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void A_day_the_month_lacks_falls_on_its_last_day()
    {
        var days = SnapshotDays.Parse("10, 31");
        Assert.Equal([10, 31], days.Days);
        Assert.True(days.IsSnapshotDay(new DateOnly(2012, 2, 29)));
        Assert.False(days.IsSnapshotDay(new DateOnly(2012, 2, 28)));
        Assert.True(days.IsSnapshotDay(new DateOnly(2013, 2, 28)));
        Assert.True(days.IsSnapshotDay(new DateOnly(2012, 1, 31)));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("32")]
    [InlineData("5,x")]
    public void Days_outside_1_to_31_or_not_numbers_are_refused(string text) =>
        Assert.ThrowsAny<Exception>(() => SnapshotDays.Parse(text));

    [Fact]
    public void No_setting_means_the_default() => Assert.Equal([5, 15, 25], SnapshotDays.Parse(null).Days);
}
