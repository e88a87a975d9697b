using EqualCare.Web.Domain.Schedules;

namespace EqualCare.UnitTests.Schedules;

internal static class ScheduleTestSupport
{
    public static DateOnly D(string isoDate) => DateOnly.ParseExact(isoDate, "yyyy-MM-dd");

    public static DueSettings Seed001 { get; } = DueSettings.ForLocalRules(LocalRuleTables.Seed001);
    public static DueSettings Seed004 { get; } = DueSettings.ForLocalRules(LocalRuleTables.Seed004);
    public static DueSettings VisitsOnly { get; } = DueSettings.ForLocalRules([]);

    public static DueList DueOn(PersonFacts person, string today, DueSettings? settings = null, params RecordedService[] services) =>
        CareDue.For(person, services, D(today), settings ?? Seed001);

    public static IReadOnlyList<DueItem> Of(this DueList list, CareKind kind) => [.. list.Due.Where(d => d.Kind == kind)];
    public static IReadOnlyList<ExemptItem> ExemptOf(this DueList list, CareKind kind) => [.. list.Exempt.Where(d => d.Kind == kind)];

    /// <summary>The item that stands for a dose: its own ("vaccine-dose"), or the catch-up plan that lists it (issue 13 point 2).</summary>
    public static DueItem ItemFor(this DueList list, string vaccine, int dose) => Assert.Single(list.Due, d =>
        d.ItemKey == $"{vaccine}-{dose}" || d.Plan?.Any(p => p.Vaccine == vaccine && p.Dose == dose) == true);

    /// <summary>The child's one catch-up plan, if she has one.</summary>
    public static DueItem? CatchUp(this DueList list) => list.Due.SingleOrDefault(d => d.ItemKey == "catch-up");
}
