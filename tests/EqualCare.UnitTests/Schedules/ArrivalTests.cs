using EqualCare.Web.Domain;
using EqualCare.Web.Domain.Cases;
using EqualCare.Web.Domain.Schedules;
using static EqualCare.UnitTests.Schedules.ScheduleTestSupport;

namespace EqualCare.UnitTests.Schedules;

/// <summary>
/// Issue 13 point 1, nothing dated before the office was responsible: an item that had started when the person came to the
/// community starts on that day and ends no sooner than the arrival allowance after it; what had ended before is history
/// (<see cref="DueList.BeforeArrival"/>), never this office's overdue work.
/// </summary>
public class ArrivalTests
{
    private static readonly DueSettings Office = DueSettings.ForOffice(LocalRuleTables.Seed001, lookAheadDays: 31);

    /// <summary>
    /// The 满月 visit (28–30 days, 国家基本公共卫生服务规范) of a child born 2025-03-01 who came on day 29: it starts on
    /// the arrival, ends 30 days after it (not on day 30, the next day); the newborn visit (days 0–7) had ended: history.
    /// </summary>
    [Theory]
    [InlineData("2025-03-30", false)]
    [InlineData("2025-04-29", false)] // arrival + 30 days: the window's last day
    [InlineData("2025-04-30", true)]
    public void A_visit_whose_window_had_started_starts_on_the_arrival(string today, bool overdue)
    {
        var child = new PersonFacts(Sex.Female, D("2025-03-01"), ArrivalDate: D("2025-03-30"));
        var list = DueOn(child, today, VisitsOnly);
        var visit = Assert.Single(list.Of(CareKind.ChildVisit1Month));
        Assert.Equal((D("2025-03-30"), D("2025-03-30"), D("2025-04-29"), overdue), (visit.Due, visit.WindowStart, visit.WindowEnd, visit.Overdue));
        var history = Assert.Single(list.BeforeArrival, h => h.Kind == CareKind.NewbornHomeVisit);
        Assert.Equal((D("2025-03-08"), false), (history.WindowEnd, history.Overdue));
        Assert.DoesNotContain(list.Due, d => d.Kind == CareKind.NewbornHomeVisit);
    }

    /// <summary>A window that ends later than the allowance keeps its own end (only its start moves to the arrival).</summary>
    [Fact]
    public void A_long_window_keeps_its_end()
    {
        // Antenatal booking: from the LMP to 12 weeks 6 days. LMP 2025-01-06, arrived in week 3: the window starts on the
        // arrival and still ends (and falls due) 2025-04-06.
        var woman = new PersonFacts(Sex.Female, D("1995-01-01"), ArrivalDate: D("2025-01-27"), MaritalStatus.Married,
            PregnancyLmp: D("2025-01-06"));
        var booking = Assert.Single(DueOn(woman, "2025-02-01", VisitsOnly).Of(CareKind.AntenatalBooking));
        Assert.Equal((D("2025-04-06"), D("2025-01-27"), D("2025-04-06")), (booking.Due, booking.WindowStart, booking.WindowEnd));
    }

    /// <summary>
    /// The 16-year-old who arrived in 2021 with no dose on her card: the doses due before she came are history
    /// (HepB 1 fell due at birth in 2009), the office's work is one catch-up plan dated from her arrival, 逾期 30 days
    /// after it; BCG, given only before 4 years, is named as no longer given.
    /// </summary>
    [Fact]
    public void The_sixteen_year_old_from_2021_has_history_and_one_plan_dated_from_her_arrival()
    {
        var girl = new PersonFacts(Sex.Female, D("2010-03-01"), ArrivalDate: D("2021-05-01"));
        var list = DueOn(girl, "2026-12-03", Office);
        Assert.All(list.Due, d => Assert.True(d.Due >= D("2021-05-01") && d.WindowStart >= D("2021-05-01"), d.Name));
        var plan = Assert.Single(list.Of(CareKind.Immunisation));
        Assert.Equal(("catch-up", D("2021-05-01"), D("2021-05-31"), true), (plan.ItemKey, plan.Due, plan.WindowEnd, plan.Overdue));
        Assert.StartsWith("补种：乙肝疫苗 第1剂 12月3日", plan.Name);
        Assert.Contains("不再补种：卡介苗", plan.Name);
        var hepB1 = Assert.Single(list.BeforeArrival, h => h.ItemKey == "HepB-1");
        Assert.Equal(D("2010-03-01"), hepB1.Due);
        Assert.All(list.BeforeArrival, h => Assert.True(h.Due < D("2021-05-01") && !h.Overdue, h.Name));
    }

    /// <summary>A child born here (arrival on the birth day) has no history and her items keep their own dates.</summary>
    [Fact]
    public void A_child_born_here_has_no_history()
    {
        var child = new PersonFacts(Sex.Male, D("2025-03-01"), ArrivalDate: D("2025-03-01"));
        var list = DueOn(child, "2025-03-20", Office, new RecordedService(CareKind.Immunisation, D("2025-03-01"), "HepB", 1),
            new RecordedService(CareKind.Immunisation, D("2025-03-01"), "BCG", 1));
        Assert.Empty(list.BeforeArrival);
        Assert.Null(list.CatchUp());
        Assert.Equal(D("2025-03-29"), Assert.Single(list.Of(CareKind.ChildVisit1Month)).Due);
    }

    /// <summary>
    /// A move within the area (the latest movement into her present community) is her arrival for the schedules: the
    /// quarter that ended before it is the previous community's (history), the current one starts on the move; the
    /// local rules still count residence from the case's arrival, so she stays in the 康检 without six months' wait.
    /// </summary>
    [Fact]
    public void A_move_into_the_community_is_the_arrival_and_the_quarter_before_it_is_history()
    {
        var woman = new PersonFacts(Sex.Female, D("1990-05-20"), ArrivalDate: D("2020-01-10"), MaritalStatus.Married,
            ContraceptionMethod.Iud, ArrivedInCommunity: D("2025-05-15"));
        Assert.Equal(D("2025-05-15"), woman.Arrival);
        var list = DueOn(woman, "2025-05-20");
        var checkup = Assert.Single(list.Of(CareKind.WomensCheckup));
        Assert.Equal((D("2025-05-15"), D("2025-05-15"), D("2025-06-30"), false),
            (checkup.Due, checkup.WindowStart, checkup.WindowEnd, checkup.Overdue));
        Assert.Contains(list.BeforeArrival, h => h.Kind == CareKind.WomensCheckup && h.WindowEnd == D("2025-03-31"));
        Assert.All(list.Due, d => Assert.True(d.Due >= D("2025-05-15"), d.Name));
        // The health record, due six months after she came to the city and never made, is still to make: from the move.
        var record = Assert.Single(list.Of(CareKind.HealthRecord));
        Assert.Equal((D("2025-05-15"), D("2025-06-14"), false), (record.Due, record.WindowEnd, record.Overdue));
        Assert.Contains(list.BeforeArrival, h => h.Kind == CareKind.HealthRecord);

        // A move dated before the case's arrival (data entered out of order) does not move the arrival back.
        Assert.Equal(D("2020-01-10"), (woman with { ArrivedInCommunity = D("2019-01-01") }).Arrival);
    }

    /// <summary>No item of any producer is dated before the arrival, for persons of every kind and arrivals on many days.</summary>
    [Theory]
    [InlineData("1990-05-20", "F", "2025-02-14", "2025-03-01")]
    [InlineData("2024-11-30", "M", "2025-06-30", "2025-07-15")]
    [InlineData("2019-01-31", "F", "2025-12-31", "2026-01-01")]
    [InlineData("2012-07-01", "M", "2024-03-31", "2026-12-03")]
    public void Nothing_on_the_list_is_dated_before_the_arrival(string born, string sex, string arrived, string today)
    {
        var person = new PersonFacts(sex == "F" ? Sex.Female : Sex.Male, D(born), D(arrived), MaritalStatus.Married,
            PregnancyLmp: sex == "F" && D(born).Year < 2000 ? D(arrived).AddDays(-30) : null);
        var list = DueOn(person, today, Office);
        Assert.NotEmpty(list.Due);
        Assert.All(list.Due, d => Assert.True(d.Due >= D(arrived) && d.WindowStart >= D(arrived) && d.WindowEnd >= d.WindowStart, d.Name));
        Assert.All(list.BeforeArrival, h => Assert.True(h.WindowEnd < D(arrived) || h.Kind == CareKind.Immunisation, h.Name));
    }
}
