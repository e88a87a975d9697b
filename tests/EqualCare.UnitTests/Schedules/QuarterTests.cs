using EqualCare.Web.Domain.Schedules;
using static EqualCare.UnitTests.Schedules.ScheduleTestSupport;

namespace EqualCare.UnitTests.Schedules;

public class QuarterTests
{
    [Theory]
    //          day           quarter   first day     last day      previous
    [InlineData("2025-01-01", "2025Q1", "2025-01-01", "2025-03-31", "2024Q4")]
    [InlineData("2025-03-31", "2025Q1", "2025-01-01", "2025-03-31", "2024Q4")]
    [InlineData("2025-05-15", "2025Q2", "2025-04-01", "2025-06-30", "2025Q1")]
    [InlineData("2024-08-31", "2024Q3", "2024-07-01", "2024-09-30", "2024Q2")]
    [InlineData("2024-12-31", "2024Q4", "2024-10-01", "2024-12-31", "2024Q3")]
    public void Calendar_quarters(string day, string name, string first, string last, string previous)
    {
        var quarter = Quarter.Containing(D(day));

        Assert.Equal((name, D(first), D(last), previous), (quarter.ToString(), quarter.Start, quarter.End, quarter.Previous.ToString()));
    }
}
