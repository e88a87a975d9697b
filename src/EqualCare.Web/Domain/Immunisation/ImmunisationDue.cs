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

    /// <summary>
    /// With every edition of the programme: each dose is scheduled by the edition in force on the day it falls due, not
    /// on the day the list is computed (see <see cref="SeriesForChild"/>). The earliest edition stands for the years
    /// before it (the 2016 程序 had the same 百白破/白破 ages as the 2021 one).
    /// </summary>
    public static IReadOnlyList<DoseDue> For(
        DateOnly birthDate, IReadOnlyCollection<GivenDose> given, DateOnly today, IEnumerable<ImmunisationSchedule> editions,
        int lookAheadDays = 0, ImmunisationOptions? options = null)
    {
        ImmunisationSchedule[] ordered = [.. editions.OrderBy(e => e.EffectiveFrom)];
        return ordered.Length == 0 ? [] : Due(birthDate, given, today, ordered, lookAheadDays, options);
    }

    /// <summary>
    /// Doses not given whose due day is on or before <paramref name="today"/> + <paramref name="lookAheadDays"/>, by due
    /// day. A dose's earliest day is the latest of: its least age; the previous dose of the series (given, or else planned
    /// for its due day but not before today) plus the least interval; for an injected live vaccine, the last one given on
    /// another day plus 28 days. Nothing is listed for a child of 18 or more.
    /// </summary>
    public static IReadOnlyList<DoseDue> For(
        DateOnly birthDate, IReadOnlyCollection<GivenDose> given, DateOnly today, ImmunisationSchedule schedule,
        int lookAheadDays = 0, ImmunisationOptions? options = null) =>
        Due(birthDate, given, today, [schedule], today.AddDays(lookAheadDays), options, withDropped: false);

    /// <summary>
    /// Every dose of the programme the child has not had, however far ahead, planned as <see cref="For(DateOnly, IReadOnlyCollection{GivenDose}, DateOnly, IEnumerable{ImmunisationSchedule}, int, ImmunisationOptions?)"/>
    /// plans them (each from the previous one's planned day, not before today), and also the doses no longer given because
    /// the child is past their age (<see cref="DoseDue.NoLongerGiven"/>): what a catch-up plan is made of.
    /// </summary>
    public static IReadOnlyList<DoseDue> Remaining(
        DateOnly birthDate, IReadOnlyCollection<GivenDose> given, DateOnly today, IEnumerable<ImmunisationSchedule> editions,
        ImmunisationOptions? options = null)
    {
        ImmunisationSchedule[] ordered = [.. editions.OrderBy(e => e.EffectiveFrom)];
        return ordered.Length == 0 ? [] : Due(birthDate, given, today, ordered, DateOnly.MaxValue, options, withDropped: true);
    }

    private static IReadOnlyList<DoseDue> Due(
        DateOnly birthDate, IReadOnlyCollection<GivenDose> given, DateOnly today, ImmunisationSchedule[] editions,
        int lookAheadDays, ImmunisationOptions? options) =>
        Due(birthDate, given, today, editions, today.AddDays(lookAheadDays), options, withDropped: false);

    private static IReadOnlyList<DoseDue> Due(
        DateOnly birthDate, IReadOnlyCollection<GivenDose> given, DateOnly today, ImmunisationSchedule[] editions,
        DateOnly horizon, ImmunisationOptions? options, bool withDropped)
    {
        if (today < birthDate || today >= NipSchedules.ProgrammeEndAge.From(birthDate)) return [];
        options ??= ImmunisationOptions.Default;
        var tables = editions.Select(e => ForThisChild(e.Doses, options, given)).ToArray();
        var lastLive = LastLiveInjectable(tables[^1], given);

        var due = new List<(DoseDue Item, int Order)>();
        var order = 0;
        // Series in the order of the latest table (the 2025 edition keeps 百白破 where it was), then any only older ones had.
        var givenDates = editions.Length == 1 ? null : given.GroupBy(g => g.Vaccine, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(x => x.Date).Order().ToList(), StringComparer.Ordinal);
        foreach (var series in Enumerable.Reverse(tables).SelectMany(t => t.Select(d => d.Series)).Distinct())
        {
            var rows = SeriesForChild(series, editions, tables, birthDate, givenDates);
            if (rows.Count > 0)
            {
                var slots = CatchUpRules.For([.. rows.Select(r => r.Dose)], birthDate, today, given);
                var place = order;
                due.AddRange(Plan(slots, rows, editions[0], birthDate, today, lastLive)
                    .Where(d => d.Due <= horizon && (withDropped || !d.NoLongerGiven)).Select(d => (d, place)));
            }
            order++;
        }
        return [.. due.OrderBy(d => d.Item.Due).ThenBy(d => d.Order).ThenBy(d => d.Item.Dose).Select(d => d.Item)];
    }

    /// <summary>A row of the table and the edition it comes from.</summary>
    private sealed record EditionRow(VaccineDose Dose, ImmunisationSchedule Edition);

    /// <summary>
    /// The rows of one series for this child, each dose taken from the edition in force on the day it falls due. Rule (the
    /// 2024 百白破 notice puts the new 程序 in force from 2025-01-01 for doses given from then on and does not reschedule
    /// doses already due): walking the series in order, a dose falls due on its table day under the rows chosen so far, or
    /// later when the least interval from the previous dose (given, or else due) pushes it. If that day is on or after the
    /// start of a later edition, this dose and every later one of the series come from that edition, and are never due
    /// before the day it came into force; the least intervals from the doses before still hold (<see cref="Plan"/>). The
    /// day a dose falls due does not depend on the day the list is computed, so a child's list does not change at New
    /// Year. Example (born 2024-09-10): 百白破 1 fell due at 3 months on 2024-12-10 (2021); 2 at 4 months on 2025-01-10
    /// and 3 at 6 months (2025); the 6-year dose is 百白破 5, not 白破.
    /// </summary>
    private static List<EditionRow> SeriesForChild(
        string series, ImmunisationSchedule[] editions, List<VaccineDose>[] tables, DateOnly birth, Dictionary<string, List<DateOnly>>? given)
    {
        var rows = tables[0].Where(d => d.Series == series).Select(d => new EditionRow(d, editions[0])).ToList();
        for (var e = 1; e < editions.Length; e++)
        {
            // Rows the editions share are switched too, so that each dose names the edition it was due under.
            var later = tables[e].Where(d => d.Series == series).ToList();
            var start = editions[e].EffectiveFrom;
            var switchAt = FallDue(rows, editions[0], birth, given).FindIndex(day => day >= start);
            if (switchAt < 0) switchAt = rows.Count;
            rows = [.. rows.Take(switchAt), .. later.Skip(switchAt).Select(d => new EditionRow(d, editions[e]))];
        }
        return rows;
    }

    /// <summary>The day each dose of the series falls due: its table day or the least interval after the previous dose.</summary>
    private static List<DateOnly> FallDue(
        List<EditionRow> rows, ImmunisationSchedule earliest, DateOnly birth, Dictionary<string, List<DateOnly>>? given)
    {
        var days = new List<DateOnly>(rows.Count);
        var taken = new Dictionary<string, int>(StringComparer.Ordinal);
        DateOnly? previous = null, first = null;
        foreach (var (dose, edition) in rows)
        {
            var day = Later(dose.RecommendedAge.From(birth), dose.MinimumAge.From(birth));
            if (!ReferenceEquals(edition, earliest)) day = Later(day, edition.EffectiveFrom);
            if (previous is { } p) day = Later(day, dose.MinimumInterval.From(p));
            if (first is { } f && dose.MinimumIntervalFromFirst is { } fromFirst) day = Later(day, fromFirst.From(f));
            days.Add(day);
            // The n-th row of a vaccine takes the n-th date it was given, as the catch-up matching does.
            var n = taken.GetValueOrDefault(dose.Vaccine);
            taken[dose.Vaccine] = n + 1;
            var at = given is not null && given.TryGetValue(dose.Vaccine, out var dates) && n < dates.Count ? dates[n] : day;
            previous = at;
            first ??= at;
        }
        return days;
    }

    private static IEnumerable<DoseDue> Plan(
        IReadOnlyList<SeriesSlot> slots, List<EditionRow> rows, ImmunisationSchedule earliestEdition, DateOnly birth, DateOnly today, DateOnly? lastLive)
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
            var edition = EditionOf(dose, rows);
            // A dose of a later edition is not due before that edition came into force (its table day is then that day).
            var inForce = ReferenceEquals(edition, earliestEdition) ? DateOnly.MinValue : edition.EffectiveFrom;
            var earliest = Later(dose.MinimumAge.From(birth), inForce);
            if (previous is { } p) earliest = Later(earliest, dose.MinimumInterval.From(p));
            if (first is { } f && dose.MinimumIntervalFromFirst is { } fromFirst) earliest = Later(earliest, fromFirst.From(f));
            // A live vaccine given today leaves the choice of giving this one today too; otherwise wait the 28 days.
            if (dose.LiveInjectable && lastLive is { } live && live != today) earliest = Later(earliest, live.AddDays(LiveInjectableGapDays));

            var tableDay = Later(dose.RecommendedAge.From(birth), inForce);
            var dueDay = Later(tableDay, earliest);
            var planned = Later(dueDay, today);
            var common = new DoseDue(
                dose.Vaccine, dose.Dose, dose.Name, dueDay, earliest,
                Overdue: OverdueRule.IsOverdue(dueDay, Later(dose.CompleteBefore.From(birth).AddDays(-1), earliest), today),
                CatchUp: substitute || planned > tableDay,
                CatchUpRules.PreconditionFor(dose, birth, planned))
            {
                Edition = edition, Series = dose.Series, TableDay = tableDay, Planned = planned, LiveInjectable = dose.LiveInjectable,
            };
            // Past the age the dose is given at all (说明: BCG from 4 years, everything from 18): listed only to be noted.
            if (planned >= dose.NotGivenFrom.From(birth))
            {
                yield return common with { Overdue = false, NoLongerGiven = true };
                continue;
            }
            yield return common;
            previous = planned;
            first ??= planned;
        }
    }

    /// <summary>
    /// The edition a slot's dose comes from: its row's; a dose the 补种 rules put in (白破 for 百白破, A群C群 for A群) takes
    /// the edition of the row it stands for, else that of the series' last row, whose ages those rules count from.
    /// </summary>
    private static ImmunisationSchedule EditionOf(VaccineDose dose, List<EditionRow> rows)
    {
        foreach (var row in rows) if (ReferenceEquals(row.Dose, dose)) return row.Edition;
        foreach (var row in rows) if (row.Dose.Vaccine == dose.Vaccine && row.Dose.Dose == dose.Dose) return row.Edition;
        return rows[^1].Edition;
    }

    /// <summary>The table without the product the child does not get where there is a live and an inactivated one.</summary>
    private static List<VaccineDose> ForThisChild(IReadOnlyList<VaccineDose> doses, ImmunisationOptions options, IReadOnlyCollection<GivenDose> given)
    {
        var products = doses.Where(d => d.Choice is not null).Select(d => d.Choice!).Distinct()
            .ToDictionary(c => c, c => options.ProductFor(c, doses, given));
        return [.. doses.Where(d => d.Choice is null || products[d.Choice] == d.Vaccine)];
    }

    private static DateOnly? LastLiveInjectable(List<VaccineDose> doses, IReadOnlyCollection<GivenDose> given)
    {
        var live = doses.Where(d => d.LiveInjectable).Select(d => d.Vaccine).ToHashSet();
        return given.Where(g => live.Contains(g.Vaccine)).Select(g => (DateOnly?)g.Date).Max();
    }

    private static DateOnly Later(DateOnly a, DateOnly b) => a > b ? a : b;
}
