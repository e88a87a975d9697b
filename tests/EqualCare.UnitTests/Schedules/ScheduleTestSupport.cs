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
}
