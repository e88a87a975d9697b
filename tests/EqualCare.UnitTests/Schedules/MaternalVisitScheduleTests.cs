using EqualCare.Web.Domain;
using EqualCare.Web.Domain.Cases;
using EqualCare.Web.Domain.Schedules;
using static EqualCare.UnitTests.Schedules.ScheduleTestSupport;

namespace EqualCare.UnitTests.Schedules;

/// <summary>孕产妇健康管理 (docs/rules.md §3.4): one row per visit, for an LMP of 2025-01-06 and a delivery on 2025-10-15.</summary>
public class MaternalVisitScheduleTests
{
    private static readonly PersonFacts Pregnant = new(
        Sex.Female, D("1995-04-02"), ArrivalDate: D("2024-06-01"), MaritalStatus.Married, PregnancyLmp: D("2025-01-06"));

    private static readonly PersonFacts Delivered = Pregnant with
    {
        PregnancyOutcome = PregnancyOutcome.LiveBirth, PregnancyOutcomeDate = D("2025-10-15"),
    };

    public static TheoryData<CareKind, string, string, string, string> Antenatal => new()
    {
        // visit                          weeks         due           window from   window to
        { CareKind.AntenatalBooking, "before 13",  "2025-04-06", "2025-01-06", "2025-04-06" }, // 建册, by 12+6
        { CareKind.AntenatalVisit2,  "16–20",      "2025-04-28", "2025-04-28", "2025-06-01" },
        { CareKind.AntenatalVisit3,  "21–24",      "2025-06-02", "2025-06-02", "2025-06-29" },
        { CareKind.AntenatalVisit4,  "28–36",      "2025-07-21", "2025-07-21", "2025-09-21" },
        { CareKind.AntenatalVisit5,  "37–40",      "2025-09-22", "2025-09-22", "2025-10-19" },
    };

    public static TheoryData<CareKind, string, string, string, string> Postpartum => new()
    {
        // visit                             days       due           window from   window to
        { CareKind.PostpartumVisit,      "3–7",    "2025-10-22", "2025-10-18", "2025-10-22" },
        { CareKind.Postpartum42DayCheck, "42–56",  "2025-11-26", "2025-11-26", "2025-12-10" }, // window ≈ project choice
    };

    [Theory, MemberData(nameof(Antenatal))]
    public void Each_antenatal_visit_has_the_tables_gestational_weeks(CareKind kind, string weeks, string due, string from, string to)
    {
        _ = weeks;
        var item = Assert.Single(DueOn(Pregnant, from, VisitsOnly).Of(kind));

        Assert.Equal((D(due), D(from), D(to), false), (item.Due, item.WindowStart, item.WindowEnd, item.Overdue));
    }

    [Theory, MemberData(nameof(Postpartum))]
    public void Each_postpartum_visit_counts_from_the_delivery(CareKind kind, string days, string due, string from, string to)
    {
        _ = days;
        var item = Assert.Single(DueOn(Delivered, from, VisitsOnly).Of(kind));

        Assert.Equal((D(due), D(from), D(to), false), (item.Due, item.WindowStart, item.WindowEnd, item.Overdue));
    }

    [Fact]
    public void Booking_is_overdue_from_week_13_without_a_record()
    {
        Assert.False(DueOn(Pregnant, "2025-04-06", VisitsOnly).Of(CareKind.AntenatalBooking).Single().Overdue);
        Assert.True(DueOn(Pregnant, "2025-04-07", VisitsOnly).Of(CareKind.AntenatalBooking).Single().Overdue);
    }

    [Fact]
    public void A_booking_recorded_for_an_earlier_pregnancy_does_not_count()
    {
        var earlier = new RecordedService(CareKind.AntenatalBooking, D("2022-03-01"));

        Assert.Single(DueOn(Pregnant, "2025-02-10", VisitsOnly, earlier).Of(CareKind.AntenatalBooking));
    }

    [Fact]
    public void Antenatal_visits_end_with_the_pregnancy_and_postpartum_ones_follow_a_delivery_only()
    {
        var afterBirth = DueOn(Delivered, "2025-10-18", VisitsOnly);
        var abortion = Delivered with { PregnancyOutcome = PregnancyOutcome.Abortion };

        Assert.DoesNotContain(afterBirth.Due, d => d.Kind is >= CareKind.AntenatalBooking and <= CareKind.AntenatalVisit5);
        Assert.Empty(DueOn(abortion, "2025-10-18", VisitsOnly).Due);
    }

    [Fact]
    public void A_pregnancy_without_outcome_is_stale_after_44_weeks() =>
        Assert.Empty(DueOn(Pregnant, "2025-11-10", VisitsOnly).Due);

    [Fact]
    public void Men_have_no_maternal_visits() =>
        Assert.Empty(DueOn(Pregnant with { Sex = Sex.Male }, "2025-02-10", VisitsOnly).Due);
}
