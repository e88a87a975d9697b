using EqualCare.Web.Domain;
using EqualCare.Web.Domain.Cases;

namespace EqualCare.UnitTests.Domain.Cases;

public class FamilyPlanningAgeTests
{
    [Theory]
    [InlineData("1976-03-15", "2026-03-14", null)]           // the day before her 50th birthday: still 49
    [InlineData("1976-03-15", "2026-03-15", "2026-03-15")]   // 50 today: aged out today
    [InlineData("1970-01-01", "2026-03-15", "2020-01-01")]
    [InlineData("1990-05-17", "2026-03-15", null)]
    [InlineData("2015-01-01", "2026-03-15", null)]           // too young is not "aged out"
    [InlineData("1976-02-29", "2026-02-28", "2026-02-28")]   // leap-day birth: the same rule as CaseRules.AgeOn
    public void A_woman_leaves_the_band_on_her_fiftieth_birthday(string birth, string today, string? agedOut)
    {
        var result = FamilyPlanningAge.AgedOutOn(Sex.Female, D(birth), D(today));
        Assert.Equal(agedOut is null ? null : D(agedOut), result);
        Assert.Equal(agedOut is not null, FamilyPlanningAge.HasAgedOut(Sex.Female, D(birth), D(today)));
    }

    [Fact]
    public void Men_are_never_flagged() =>
        Assert.Null(FamilyPlanningAge.AgedOutOn(Sex.Male, new DateOnly(1950, 1, 1), new DateOnly(2026, 3, 15)));

    [Fact]
    public void The_flag_agrees_with_the_childbearing_age_of_the_case_rules()
    {
        var today = new DateOnly(2026, 3, 15);
        for (var birth = new DateOnly(1970, 1, 1); birth < new DateOnly(1980, 1, 1); birth = birth.AddDays(1))
            if (CaseRules.AgeOn(birth, today) >= CaseRules.ChildbearingAgeFrom)
                Assert.Equal(!CaseRules.IsChildbearingAge(birth, today), FamilyPlanningAge.HasAgedOut(Sex.Female, birth, today));
    }

    static DateOnly D(string text) => DateOnly.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
}
