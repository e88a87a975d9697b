using EqualCare.Web.Domain.Services;

namespace EqualCare.UnitTests.Domain;

/// <summary>当日参检率 as the offices write it: percent to one decimal, then came/due in full-width brackets.</summary>
public class CheckupAttendanceRateTests
{
    [Theory]
    [InlineData(2, 3, "66.7%（2/3）")]
    [InlineData(1, 3, "33.3%（1/3）")]
    [InlineData(3, 3, "100.0%（3/3）")]
    [InlineData(0, 4, "0.0%（0/4）")]
    [InlineData(1, 8, "12.5%（1/8）")]   // half away from zero: 12.5 stays 12.5
    [InlineData(1, 16, "6.3%（1/16）")]  // 6.25 rounds up, not to even
    [InlineData(0, 0, "—（0/0）")]       // nobody due: no rate rather than a made-up 0% or 100%
    public void Reads_like_the_report(int came, int due, string expected) =>
        Assert.Equal(expected, new CheckupAttendanceRate(came, due).ToString());

    [Theory]
    [InlineData(AbsenceReason.Pregnant, "现孕")]
    [InlineData(AbsenceReason.Divorced, "离婚")]
    [InlineData(AbsenceReason.Widowed, "丧偶")]
    [InlineData(AbsenceReason.Other, "其他")]
    public void Absence_reasons_use_the_seeds_words(AbsenceReason reason, string chinese) => Assert.Equal(chinese, reason.Chinese());

    [Fact]
    public void Every_absence_reason_has_a_chinese_name() =>
        Assert.All(Enum.GetValues<AbsenceReason>(), r => Assert.False(string.IsNullOrWhiteSpace(r.Chinese())));
}
