using EqualCare.Web.Domain;
using EqualCare.Web.Domain.Schedules;
using static EqualCare.UnitTests.Schedules.ScheduleTestSupport;

namespace EqualCare.UnitTests.Schedules;

/// <summary>0–6岁儿童健康管理 (docs/rules.md §3.3) for a child born on 2025-03-10: one row per contact.</summary>
public class ChildVisitScheduleTests
{
    private static readonly DateOnly Birth = D("2025-03-10");
    private static readonly PersonFacts Child = new(Sex.Male, Birth, ArrivalDate: Birth);

    public static TheoryData<CareKind, string, string, string> Table => new()
    {
        // contact                          due           window from   window to
        { CareKind.NewbornHomeVisit,   "2025-03-17", "2025-03-10", "2025-03-17" }, // within 1 week
        { CareKind.ChildVisit1Month,   "2025-04-07", "2025-04-07", "2025-04-09" }, // 满月, day 28–30
        { CareKind.ChildVisit3Months,  "2025-06-10", "2025-06-10", "2025-09-09" },
        { CareKind.ChildVisit6Months,  "2025-09-10", "2025-09-10", "2025-11-09" },
        { CareKind.ChildVisit8Months,  "2025-11-10", "2025-11-10", "2026-03-09" },
        { CareKind.ChildVisit12Months, "2026-03-10", "2026-03-10", "2026-09-09" },
        { CareKind.ChildVisit18Months, "2026-09-10", "2026-09-10", "2027-03-09" },
        { CareKind.ChildVisit24Months, "2027-03-10", "2027-03-10", "2027-09-09" },
        { CareKind.ChildVisit30Months, "2027-09-10", "2027-09-10", "2028-03-09" },
        { CareKind.ChildVisit36Months, "2028-03-10", "2028-03-10", "2029-03-09" },
        { CareKind.ChildVisit4Years,   "2029-03-10", "2029-03-10", "2030-03-09" },
        { CareKind.ChildVisit5Years,   "2030-03-10", "2030-03-10", "2031-03-09" },
        { CareKind.ChildVisit6Years,   "2031-03-10", "2031-03-10", "2032-03-09" },
    };

    [Theory, MemberData(nameof(Table))]
    public void Each_contact_is_listed_from_its_first_day_with_the_tables_dates(CareKind kind, string due, string from, string to)
    {
        var item = Assert.Single(DueOn(Child, from, VisitsOnly).Of(kind));

        Assert.Equal((D(due), D(from), D(to), false), (item.Due, item.WindowStart, item.WindowEnd, item.Overdue));
    }

    [Theory, MemberData(nameof(Table))]
    public void Each_contact_is_overdue_the_day_after_its_window(CareKind kind, string due, string from, string to)
    {
        _ = (due, from);
        var items = DueOn(Child, D(to).AddDays(1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), VisitsOnly).Of(kind);

        // The day after the 6-year window the child is 7 and out of child health management.
        if (kind == CareKind.ChildVisit6Years) Assert.Empty(items);
        else Assert.True(Assert.Single(items).Overdue);
    }

    [Fact]
    public void The_table_has_the_thirteen_contacts_of_the_standard_in_order() =>
        Assert.Equal(Table.Select(row => (CareKind)row[0]), VisitSchedules.Child.Contacts.Select(c => c.Kind));

    [Fact]
    public void A_recorded_visit_removes_its_item_even_when_given_a_few_days_early()
    {
        var list = DueOn(Child, "2025-06-12", VisitsOnly, new RecordedService(CareKind.ChildVisit3Months, D("2025-06-05")));

        Assert.Empty(list.Due);
    }

    [Fact]
    public void Of_the_visits_already_missed_only_the_latest_is_listed()
    {
        var list = DueOn(Child, "2025-06-12", VisitsOnly);

        Assert.Equal([CareKind.ChildVisit1Month, CareKind.ChildVisit3Months], list.Due.Select(d => d.Kind));
        Assert.True(list.Of(CareKind.ChildVisit1Month).Single().Overdue);
    }

    [Fact]
    public void A_missed_visit_is_no_longer_listed_once_a_later_one_is_recorded()
    {
        var list = DueOn(Child, "2025-09-15", VisitsOnly, new RecordedService(CareKind.ChildVisit6Months, D("2025-09-12")));

        Assert.Empty(list.Due);
    }

    [Fact]
    public void Visits_whose_window_closed_before_the_child_arrived_were_another_offices_to_do()
    {
        var arrivedAtFour = Child with { ArrivalDate = D("2029-04-01") };

        Assert.Equal([CareKind.ChildVisit4Years], DueOn(arrivedAtFour, "2029-04-02", VisitsOnly).Due.Select(d => d.Kind));
    }

    [Fact]
    public void A_child_of_seven_has_no_visits() =>
        Assert.Empty(DueOn(Child, "2032-03-10", VisitsOnly).Due);

    [Fact]
    public void Look_ahead_lists_a_contact_before_its_window_opens()
    {
        var settings = VisitsOnly with { LookAheadDays = 31 };
        var born = new RecordedService(CareKind.NewbornHomeVisit, D("2025-03-12"));
        var month = new RecordedService(CareKind.ChildVisit1Month, D("2025-04-08"));

        Assert.Empty(DueOn(Child, "2025-05-09", VisitsOnly, born, month).Due);
        Assert.Equal([CareKind.ChildVisit3Months], DueOn(Child, "2025-05-10", settings, born, month).Due.Select(d => d.Kind));
    }

    [Fact]
    public void Before_the_first_edition_there_is_nothing_to_list() =>
        Assert.Empty(DueOn(Child with { BirthDate = D("2016-03-10"), ArrivalDate = D("2016-03-10") }, "2016-06-10", VisitsOnly).Due);

    [Fact]
    public void A_later_edition_applies_from_its_effective_date()
    {
        var later = VisitSchedules.Child with
        {
            EffectiveFrom = D("2030-01-01"),
            Contacts = [.. VisitSchedules.Child.Contacts.Where(c => c.Kind != CareKind.ChildVisit5Years)],
        };
        var settings = new DueSettings([VisitSchedules.Child, later], []);
        var asOf2029 = CareDue.For(Child, [], D("2029-03-10"), settings);
        var asOf2030 = CareDue.For(Child, [new RecordedService(CareKind.ChildVisit4Years, D("2029-03-11"))], D("2030-03-10"), settings);

        Assert.Contains(asOf2029.Due, d => d.Kind == CareKind.ChildVisit4Years);
        Assert.Empty(asOf2030.Due);
    }
}
