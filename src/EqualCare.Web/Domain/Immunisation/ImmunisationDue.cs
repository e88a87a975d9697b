using EqualCare.Web.Domain.Schedules;

namespace EqualCare.Web.Domain.Immunisation;

/// <summary>
/// The NIP doses a child is due for on a given day, as a pure function of the birth date, the doses on the card and the
/// day. Catch-up (查漏补种, 说明 二(一)): only missing doses are completed, never a restarted series, in series order.
/// </summary>
public static class ImmunisationDue
{
    /// <summary>说明 二(二)3: two injected live vaccines not given the same day are at least 28 days apart.</summary>
    public const int LiveInjectableGapDays = 28;

    /// <summary>With the edition in force on <paramref name="today"/>: a child is vaccinated under the current programme.</summary>
    public static IReadOnlyList<DoseDue> For(
        DateOnly birthDate, IReadOnlyCollection<GivenDose> given, DateOnly today, IEnumerable<ImmunisationSchedule> editions,
        int lookAheadDays = 0, ImmunisationOptions? options = null) =>
        ImmunisationSchedule.InForce(editions, today) is { } schedule
            ? For(birthDate, given, today, schedule, lookAheadDays, options)
            : [];

    /// <summary>
    /// Doses not given whose due day is on or before <paramref name="today"/> + <paramref name="lookAheadDays"/>, by due
    /// day. A dose's earliest day is the latest of: its least age; the previous dose of the series (given, or else planned
    /// for its due day but not before today) plus the least interval; for an injected live vaccine, the last one given on
    /// another day plus 28 days. Nothing is listed for a child of 18 or more.
    /// </summary>
    public static IReadOnlyList<DoseDue> For(
        DateOnly birthDate, IReadOnlyCollection<GivenDose> given, DateOnly today, ImmunisationSchedule schedule,
        int lookAheadDays = 0, ImmunisationOptions? options = null)
    {
        if (today < birthDate || today >= NipSchedules.ProgrammeEndAge.From(birthDate)) return [];
        var doses = ForThisChild(schedule.Doses, options ?? ImmunisationOptions.Default, given);
        var lastLive = LastLiveInjectable(schedule.Doses, given);
        var horizon = today.AddDays(lookAheadDays);

        var due = new List<(DoseDue Item, int Order)>();
        foreach (var series in doses.GroupBy(d => d.Series))
        {
            var first = series.First();
            var order = doses.FindIndex(d => ReferenceEquals(d, first));
            var slots = CatchUpRules.For([.. series], birthDate, today, given);
            due.AddRange(Plan(slots, birthDate, today, lastLive).Where(d => d.Due <= horizon).Select(d => (d, order)));
        }
        return [.. due.OrderBy(d => d.Item.Due).ThenBy(d => d.Order).ThenBy(d => d.Item.Dose).Select(d => d.Item)];
    }

    private static IEnumerable<DoseDue> Plan(IReadOnlyList<SeriesSlot> slots, DateOnly birth, DateOnly today, DateOnly? lastLive)
    {
        DateOnly? previous = null, first = null;
        foreach (var (dose, givenOn, substitute) in slots)
        {
            if (givenOn is { } date)
            {
                previous = date;
                first ??= date;
                continue;
            }
            var earliest = dose.MinimumAge.From(birth);
            if (previous is { } p) earliest = Later(earliest, dose.MinimumInterval.From(p));
            if (first is { } f && dose.MinimumIntervalFromFirst is { } fromFirst) earliest = Later(earliest, fromFirst.From(f));
            // A live vaccine given today leaves the choice of giving this one today too; otherwise wait the 28 days.
            if (dose.LiveInjectable && lastLive is { } live && live != today) earliest = Later(earliest, live.AddDays(LiveInjectableGapDays));

            var tableDay = dose.RecommendedAge.From(birth);
            var dueDay = Later(tableDay, earliest);
            var planned = Later(dueDay, today);
            if (planned >= dose.NotGivenFrom.From(birth)) continue;

            yield return new DoseDue(
                dose.Vaccine, dose.Dose, dose.Name, dueDay, earliest,
                Overdue: today >= dose.CompleteBefore.From(birth),
                CatchUp: substitute || planned > tableDay,
                CatchUpRules.PreconditionFor(dose, birth, planned));
            previous = planned;
            first ??= planned;
        }
    }

    /// <summary>The table without the product the child does not get where there is a live and an inactivated one.</summary>
    private static List<VaccineDose> ForThisChild(IReadOnlyList<VaccineDose> doses, ImmunisationOptions options, IReadOnlyCollection<GivenDose> given)
    {
        var products = doses.Where(d => d.Choice is not null).Select(d => d.Choice!).Distinct()
            .ToDictionary(c => c, c => options.ProductFor(c, doses, given));
        return [.. doses.Where(d => d.Choice is null || products[d.Choice] == d.Vaccine)];
    }

    private static DateOnly? LastLiveInjectable(IReadOnlyList<VaccineDose> doses, IReadOnlyCollection<GivenDose> given)
    {
        var live = doses.Where(d => d.LiveInjectable).Select(d => d.Vaccine).ToHashSet();
        return given.Where(g => live.Contains(g.Vaccine)).Select(g => (DateOnly?)g.Date).Max();
    }

    private static DateOnly Later(DateOnly a, DateOnly b) => a > b ? a : b;
}
