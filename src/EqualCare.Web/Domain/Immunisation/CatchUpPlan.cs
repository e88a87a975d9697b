using System.Globalization;
using EqualCare.Web.Domain.Schedules;

namespace EqualCare.Web.Domain.Immunisation;

/// <summary>
/// Issue point 2, catch-up as one plan: a child who has missed doses gets one item "补种" listing each dose to give and
/// the day planned for it under the 2021 说明's catch-up rules, instead of one overdue row per dose. A dose is missed when
/// its window ended before today (<see cref="OverdueRule"/>) or it fell due (its table day) before the child came to the
/// community. The plan holds the missed doses and the later doses of the same series that the catch-up pushes off their
/// table day (they follow the missed ones by the least intervals, 说明 二(一) "只需补种未完成的剂次"); the other doses stay
/// items of their own. The days are those <see cref="ImmunisationDue"/> plans from today (never before arrival: an
/// arrival cannot be in the future), each dose from the previous one of its series plus the least interval; an injected
/// live vaccine is given the same day as another one or 28 days after it (说明 二(二)3); a dose the child is too old for
/// (BCG from 4 years, 说明 三(二)3) is left out and named in a note.
/// </summary>
public sealed record CatchUpPlan(
    string Name, DateOnly Due, DateOnly WindowStart, DateOnly WindowEnd, string Source, DosePlan Doses)
{
    /// <summary>The item key of the plan on the due list (one per child; a worker's decision on it names this key).</summary>
    public const string ItemKey = "catch-up";

    private HashSet<DoseDue> Covered { get; init; } = new(ReferenceEqualityComparer.Instance);

    /// <summary>Whether the dose is one of the plan's (and so not an item of its own).</summary>
    public bool Covers(DoseDue dose) => Covered.Contains(dose);

    /// <summary>
    /// The plan from the child's remaining doses (<see cref="ImmunisationDue.Remaining"/>), or null when she has missed
    /// none. When it is 逾期: the 说明 二(一) asks missed doses to be caught up "尽早" (as soon as possible), so the plan
    /// is due from its most urgent missed dose: its window is that dose's own (from its earliest day to the day before the
    /// age it should be complete by, 说明 一(二)2) for a dose missed while the child lived here, and for a dose she brought
    /// undone from the day she came to at least <paramref name="allowanceDays"/> after (issue point 1). The plan is 逾期
    /// when the first of these windows to end has ended before today: for a dose missed here that is at once, for a
    /// dose brought undone when the office has not given it within the allowance.
    /// </summary>
    public static CatchUpPlan? For(
        IReadOnlyList<DoseDue> remaining, Func<DoseDue, DateOnly> windowEnd, DateOnly arrival, DateOnly today, int allowanceDays)
    {
        List<DoseDue> missed = [.. remaining.Where(d => !d.NoLongerGiven
            && (d.TableDay < arrival || (d.Due < today && OverdueRule.IsOverdue(d.Due, windowEnd(d), today))))];
        if (missed.Count == 0) return null;

        var series = missed.Select(d => d.Series).ToHashSet(StringComparer.Ordinal);
        var inPlan = new HashSet<DoseDue>(missed, ReferenceEqualityComparer.Instance);
        List<DoseDue> doses = [.. remaining.Where(d => !d.NoLongerGiven && (inPlan.Contains(d) || (series.Contains(d.Series) && d.CatchUp)))];
        var days = LiveGapKept(doses);

        DateOnly? due = null, start = null, end = null;
        var allowed = arrival.AddDays(allowanceDays);
        foreach (var d in missed)
        {
            var (dueDay, from, to) = (d.Due, d.Earliest, windowEnd(d));
            if (from < arrival || dueDay < arrival) (dueDay, from, to) = (Later(dueDay, arrival), arrival, Later(to, allowed));
            due = due is { } a && a < dueDay ? a : dueDay;
            start = start is { } b && b < from ? b : from;
            end = end is { } c && c < to ? c : to;
        }

        var planned = doses.Select((d, i) => (Dose: d, Day: days[i], Order: i)).OrderBy(x => x.Day).ThenBy(x => x.Order)
            .Select(x => new PlannedDose(x.Dose.Vaccine, x.Dose.Dose, NameOf(x.Dose), x.Day, x.Dose.Edition.Name, x.Dose.Due)).ToList();
        var plan = new DosePlan(planned);
        var dropped = remaining.Where(d => d.NoLongerGiven).Select(d => d.Name).Distinct().ToList();
        var name = "补种：" + string.Join("、", planned.Select(p => $"{p.Name} {DayText(p.Planned, today)}"))
                   + (dropped.Count == 0 ? "" : "；已过补种年龄不再补种：" + string.Join("、", dropped));
        return new CatchUpPlan(name, due!.Value, start!.Value, end!.Value, missed[0].Edition.Name, plan)
        {
            Covered = new HashSet<DoseDue>(doses, ReferenceEqualityComparer.Instance),
        };
    }

    /// <summary>
    /// The doses that fell due before the child came (<paramref name="arrival"/>) and were not given there, and are still
    /// not given: what the registration place (or the previous community) should have done, as the programme stood the
    /// day before she came. Shown as history, never as this office's overdue work.
    /// </summary>
    public static IReadOnlyList<DoseDue> DueBeforeArrival(
        DateOnly birth, IReadOnlyCollection<GivenDose> given, DateOnly arrival, IEnumerable<ImmunisationSchedule> editions,
        ImmunisationOptions? options)
    {
        var eve = arrival.AddDays(-1);
        if (eve < birth) return [];
        var before = given.Where(g => g.Date < arrival).ToList();
        var due = ImmunisationDue.For(birth, before, eve, editions, 0, options);
        return [.. due.Where(d => given.Count(g => g.Vaccine == d.Vaccine) < d.Dose)];
    }

    /// <summary>
    /// The planned days with 说明 二(二)3 kept between the plan's own injected live vaccines: one planned within 28 days
    /// after another on a different day moves to 28 days after it, and the later doses of its series move with it so
    /// their least intervals still hold.
    /// </summary>
    private static DateOnly[] LiveGapKept(List<DoseDue> doses)
    {
        var days = doses.Select(d => d.Planned).ToArray();
        for (var round = 0; round < doses.Count * doses.Count; round++)
        {
            var moved = false;
            var order = Enumerable.Range(0, doses.Count).OrderBy(i => days[i]).ThenBy(i => i).ToList();
            DateOnly? lastLive = null;
            foreach (var i in order)
            {
                if (!doses[i].LiveInjectable) continue;
                if (lastLive is { } live && days[i] != live && days[i] < live.AddDays(ImmunisationDue.LiveInjectableGapDays))
                {
                    var to = live.AddDays(ImmunisationDue.LiveInjectableGapDays);
                    var shift = to.DayNumber - days[i].DayNumber;
                    var from = days[i];
                    for (var j = 0; j < doses.Count; j++)
                        if (j != i && doses[j].Series == doses[i].Series && days[j] > from) days[j] = days[j].AddDays(shift);
                    days[i] = to;
                    moved = true;
                    break;
                }
                lastLive = days[i];
            }
            if (!moved) break;
        }
        return days;
    }

    private static string NameOf(DoseDue dose) => dose.Precondition is { } first ? $"{dose.Name}（{first}）" : dose.Name;

    /// <summary>"6月1日" within the current year, "2027年6月1日" beyond it.</summary>
    private static string DayText(DateOnly day, DateOnly today) => day.Year == today.Year
        ? day.ToString("M月d日", CultureInfo.InvariantCulture)
        : day.ToString("yyyy年M月d日", CultureInfo.InvariantCulture);

    private static DateOnly Later(DateOnly a, DateOnly b) => a > b ? a : b;
}
