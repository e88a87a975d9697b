using EqualCare.Web.Domain;
using EqualCare.Web.Domain.Schedules;
using EqualCare.Web.Features.Worklist;

namespace EqualCare.UnitTests.Worklist;

public class PersonRowsTests
{
    static readonly DateOnly Today = new(2026, 5, 15);

    static WorkItem Item(long person, string name, DateOnly due, bool overdue) =>
        new(person, "人" + person, "410103********0001", null, Sex.Female, 30, "410103007001", WorkGroup.Checkup, CareKind.WomensCheckup,
            null, name, due, due, due, overdue);

    [Fact]
    public void Rows_are_ordered_by_their_most_urgent_item_overdue_first_then_the_earliest_due_then_the_person()
    {
        var items = new[]
        {
            Item(1, "甲1", Today.AddDays(3), false),
            Item(2, "乙1", Today.AddDays(40), false),
            Item(2, "乙2", Today.AddDays(-100), true),
            Item(3, "丙1", Today.AddDays(3), false),
            Item(4, "丁1", Today.AddDays(-5), true),
            Item(1, "甲2", Today.AddDays(1), false),
        };
        var rows = PersonRows.Of(items);
        Assert.Equal([2L, 4L, 1L, 3L], rows.Select(r => r.PersonId));
        Assert.Equal(["乙2", "乙1"], rows[0].Items.Select(i => i.ItemName));
        Assert.Equal(["甲2", "甲1"], rows[2].Items.Select(i => i.ItemName));
        Assert.Equal((true, Today.AddDays(-100)), (rows[0].Overdue, rows[0].FirstDue));
        Assert.Equal((false, Today.AddDays(1)), (rows[2].Overdue, rows[2].FirstDue));
        Assert.Equal(items.Length, rows.Sum(r => r.Items.Count));
    }

    [Fact]
    public void A_person_s_items_of_the_same_urgency_and_day_keep_the_list_s_order()
    {
        var rows = PersonRows.Of([Item(7, "一", Today, false), Item(7, "二", Today, false), Item(7, "三", Today, false)]);
        Assert.Equal(["一", "二", "三"], Assert.Single(rows).Items.Select(i => i.ItemName));
    }

    [Fact]
    public void The_page_counts_persons_and_items_of_the_filtered_list_but_keeps_the_whole_list_s_counts()
    {
        var items = Enumerable.Range(1, 120).Select(p => Item(p, "康检", Today.AddDays(p % 3 == 0 ? -1 : 10), p % 3 == 0)).ToList();
        var list = new EqualCare.Web.Features.Worklist.Worklist("410103007001", Today, WorklistCounts.Of(items, Today), items);
        var page = WorkerWorklist.Page(new WorkerView(list, "祥和社区", false, 0), null, "overdue", null, 1, 50);
        Assert.Equal((40, 40, 1, 120, 40), (page.Persons, page.Items, page.PageCount, page.Counts.All, page.Counts.Overdue));
        var all = WorkerWorklist.Page(new WorkerView(list, "祥和社区", false, 0), null, "all", null, 9, 50);
        Assert.Equal((120, 3, 3, 20), (all.Persons, all.PageCount, all.Page, all.Rows.Count));
    }
}

public class BuildingTests
{
    [Theory]
    [InlineData("大学路12号院3号楼2单元1203", "大学路12号院3号楼")]
    [InlineData("大学路祥和小区3号楼", "大学路祥和小区3号楼")]
    [InlineData("陇海路8号院A座1205", "陇海路8号院A座")]
    [InlineData("长江路锦华苑5栋2单元301", "长江路锦华苑5栋")]
    [InlineData("  政通路7号院12幢101 ", "政通路7号院12幢")]
    [InlineData("金座花园3号楼1单元502", "金座花园3号楼")]
    [InlineData("金座花园B座502", "金座花园B座")]
    [InlineData("文化路幸福里二栋", "文化路幸福里二栋")]
    [InlineData("京广路工地临时宿舍", null)]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void The_building_is_the_address_up_to_its_building_word(string? address, string? building) =>
        Assert.Equal(building, Building.Of(address));
}

public class UnitNamesTests
{
    [Theory]
    [InlineData("祥和社区居民委员会", "祥和社区")]
    [InlineData("中原社区居委会", "中原社区")]
    [InlineData("东关居民委员会", "东关社区")]
    [InlineData("前营村村民委员会", "前营村")]
    [InlineData("后营村民委员会", "后营村")]
    [InlineData("大王村委会", "大王村")]
    [InlineData("大学路街道", "大学路街道")]
    [InlineData("二七区", "二七区")]
    public void A_committee_is_called_by_its_community_or_village(string registered, string spoken) =>
        Assert.Equal(spoken, UnitNames.Spoken(registered));
}
