using EqualCare.Web.Domain.Cases;
using EqualCare.Web.Domain.Immunisation;

namespace EqualCare.Web.Domain.Schedules;

/// <summary>
/// What one person is due for on a given day, from the visit schedules and the local rules, as a pure function of her
/// facts, her recorded services and the day. Items are judged on the ages and statuses of that day.
/// </summary>
public static class CareDue
{
    public static DueList For(PersonFacts person, IReadOnlyCollection<RecordedService> services, DateOnly today, DueSettings settings)
    {
        if (person.Status == CaseStatus.Deceased) return DueList.Empty;
        var candidates = new List<Candidate>();
        var horizon = today.AddDays(settings.LookAheadDays);

        var picked = settings.PickedFor == today;
        var schedules = picked
            ? settings.Schedules
            : settings.Schedules.GroupBy(s => s.Anchor).Select(g => ContactSchedule.InForce(g, today)).OfType<ContactSchedule>();
        var arrival = person.Arrival;
        var history = new List<DueItem>();
        foreach (var edition in schedules)
        {
            if (AnchorDate(person, edition.Anchor, today) is { } anchor)
                candidates.AddRange(ScheduleCandidates(edition, anchor, arrival, services, today, horizon, history));
        }
        foreach (var rule in picked ? settings.LocalRules : LocalRule.InForce(settings.LocalRules, today))
            candidates.AddRange(RuleCandidates(rule, person, services, today, horizon));
        // The programme lists nothing before birth or from 18 (ImmunisationDue.For); most persons are adults. Every edition
        // is passed, not the one in force today: each dose follows the edition in force on the day it falls due.
        if (settings.Immunisation is { Count: > 0 } editions && today >= person.BirthDate && today < NipSchedules.ProgrammeEndAge.From(person.BirthDate))
            candidates.AddRange(DoseCandidates(editions, person, services, today, settings, history));

        var due = new List<DueItem>();
        var exempt = new List<ExemptItem>();
        foreach (var candidate in candidates)
        {
            // A local rule counts the months of residence from the case's arrival, so after a move within the area one of
            // its items may have ended before the move: the previous community's, shown as history. A quarter's 康检 is
            // then gone, as a missed visit is; a record or screening never made is still to make, from the move on.
            if (candidate.WindowEnd < arrival)
            {
                history.Add(new DueItem(candidate.Kind, candidate.Name, candidate.Due, candidate.WindowStart, candidate.WindowEnd, false,
                    candidate.Source, candidate.ItemKey));
                if (candidate.Rule is not { Recurrence: Recurrence.Once or Recurrence.EveryInterval }) continue;
            }
            var c = FromArrival(candidate, arrival, settings.ArrivalAllowanceDays);
            if (ExemptionFor(c, person, today) is { } reason)
                exempt.Add(new ExemptItem(c.Kind, c.Name, reason, c.WindowStart, c.WindowEnd, c.Source, c.ItemKey));
            else
                due.Add(new DueItem(c.Kind, c.Name, c.Due, c.WindowStart, c.WindowEnd, OverdueRule.IsOverdue(c.Due, c.WindowEnd, today),
                    c.Source, c.ItemKey, c.Plan));
        }
        return new DueList(
            [.. due.OrderBy(d => d.Due).ThenBy(d => d.Kind)],
            [.. exempt.OrderBy(e => e.WindowStart).ThenBy(e => e.Kind)])
        {
            BeforeArrival = [.. history.OrderBy(h => h.Due).ThenBy(h => h.Kind)],
        };
    }

    /// <summary>
    /// Issue point 1, nothing dated before the office was responsible: an item whose window started before the person
    /// came to the community starts on the day she came (the residence office's duty begins then), and ends no sooner than
    /// <see cref="DueSettings.ArrivalAllowanceDays"/> later, so what she brought undone is not overdue on her first day.
    /// Items whose window had ended before she came are history (<see cref="DueList.BeforeArrival"/>), never produced here.
    /// </summary>
    private static Candidate FromArrival(Candidate c, DateOnly arrival, int allowanceDays)
    {
        if (c.WindowStart >= arrival && c.Due >= arrival) return c;
        var end = arrival.AddDays(allowanceDays);
        return c with { Due = Later(c.Due, arrival), WindowStart = arrival, WindowEnd = Later(c.WindowEnd, end) };
    }

    /// <summary>An item before exemptions; <see cref="Rule"/> is null for the national visit schedules.</summary>
    private sealed record Candidate(
        CareKind Kind, string Name, DateOnly Due, DateOnly WindowStart, DateOnly WindowEnd, string Source, LocalRule? Rule,
        string? ItemKey = null, DosePlan? Plan = null);

    /// <summary>
    /// The NIP doses: the doses the child has missed as one catch-up plan (<see cref="CatchUpPlan"/>), the others due or
    /// within the look-ahead one item per dose keyed "vaccine-dose", and what fell due before she came as history. A dose's
    /// window runs from its earliest day to the day before the age the 说明 asks it done by, or to its earliest day when that
    /// is later: a dose past that age that can only be given next month is due then, not overdue (<see cref="OverdueRule"/>).
    /// </summary>
    private static IEnumerable<Candidate> DoseCandidates(
        IReadOnlyList<ImmunisationSchedule> editions, PersonFacts person, IReadOnlyCollection<RecordedService> services, DateOnly today,
        DueSettings settings, List<DueItem> history)
    {
        var given = services.Where(s => s.Kind == CareKind.Immunisation && s.Vaccine is not null && s.Dose is not null)
            .Select(s => new GivenDose(s.Vaccine!, s.Dose!.Value, s.Date)).ToList();
        var arrival = person.Arrival;
        var birth = person.BirthDate;
        var remaining = ImmunisationDue.Remaining(birth, given, today, editions, settings.Products);
        // Only a dose still not given can be history, and one that fell due before the arrival is still among the remaining
        // ones: most children have none, and are spared the second pass over the programme.
        if (arrival > birth && remaining.Any(d => d.TableDay < arrival))
        {
            foreach (var dose in CatchUpPlan.DueBeforeArrival(birth, given, arrival, editions, settings.Products))
                history.Add(new DueItem(CareKind.Immunisation, dose.Name, dose.Due, dose.Earliest, DoseWindowEnd(dose, birth), false,
                    dose.Edition.Name, $"{dose.Vaccine}-{dose.Dose}"));
        }

        var horizon = today.AddDays(settings.LookAheadDays);
        var plan = CatchUpPlan.For(remaining, d => DoseWindowEnd(d, birth), arrival, today, settings.ArrivalAllowanceDays);
        if (plan is not null)
            yield return new Candidate(CareKind.Immunisation, plan.Name, plan.Due, plan.WindowStart, plan.WindowEnd, plan.Source, null,
                CatchUpPlan.ItemKey, plan.Doses);
        foreach (var dose in remaining)
        {
            if (dose.NoLongerGiven || dose.Due > horizon || plan?.Covers(dose) == true) continue;
            var name = dose.Precondition is { } first ? $"{dose.Name}（{first}）" : dose.Name;
            yield return new Candidate(CareKind.Immunisation, name, dose.Due, dose.Earliest, DoseWindowEnd(dose, birth),
                dose.Edition.Name, null, $"{dose.Vaccine}-{dose.Dose}");
        }
    }

    /// <summary>
    /// The last day of a dose's window: the day before the age the 说明 asks it done by (一(二)2), or its earliest day when
    /// that is later. A catch-up dose beyond the table's rows (a 2nd or 3rd DT past the DTaP age) has no age limit of its own.
    /// </summary>
    private static DateOnly DoseWindowEnd(DoseDue dose, DateOnly birth)
    {
        var row = dose.Edition.Doses.FirstOrDefault(d => d.Vaccine == dose.Vaccine && d.Dose == dose.Dose);
        var end = row is null ? dose.Due : row.CompleteBefore.From(birth).AddDays(-1);
        return end < dose.Earliest ? dose.Earliest : end;
    }

    /// <summary>The day a schedule counts from, or null when it does not apply to the person today.</summary>
    private static DateOnly? AnchorDate(PersonFacts person, ScheduleAnchor anchor, DateOnly today) => anchor switch
    {
        ScheduleAnchor.BirthDate => person.BirthDate,
        ScheduleAnchor.LastMenstrualPeriod => person.Sex == Sex.Female && person.IsPregnantOn(today) ? person.PregnancyLmp : null,
        ScheduleAnchor.Delivery => person.Sex == Sex.Female ? person.DeliveryDate : null,
        _ => null,
    };

    /// <summary>
    /// The contacts whose window has started (or starts within the look-ahead) and that have no record since the anchor.
    /// Of the contacts already missed only the latest is listed, and only while no later contact is recorded: a missed
    /// visit cannot be caught up, the next one looks at the person as she is now. Contacts whose window closed before the
    /// person arrived were another office's to do: they go to <paramref name="history"/>.
    /// </summary>
    private static IEnumerable<Candidate> ScheduleCandidates(
        ContactSchedule schedule, DateOnly anchor, DateOnly arrival, IReadOnlyCollection<RecordedService> services,
        DateOnly today, DateOnly horizon, List<DueItem> history)
    {
        if (today >= schedule.ListedUntil.From(anchor)) yield break;
        var recorded = services.Where(s => s.Date >= anchor).Select(s => s.Kind).ToHashSet();
        var lastRecorded = schedule.Contacts.Select((c, i) => (c, i)).Where(x => recorded.Contains(x.c.Kind))
            .Select(x => x.i).DefaultIfEmpty(-1).Max();
        Candidate? latestMissed = null;
        for (var i = lastRecorded + 1; i < schedule.Contacts.Count; i++)
        {
            var contact = schedule.Contacts[i];
            if (recorded.Contains(contact.Kind)) continue;
            var start = contact.WindowStart.From(anchor);
            var end = contact.WindowEnd.From(anchor);
            if (start > horizon) continue;
            if (end < arrival)
            {
                history.Add(new DueItem(contact.Kind, contact.Name, contact.Due.From(anchor), start, end, false, schedule.Source));
                continue;
            }
            var candidate = new Candidate(contact.Kind, contact.Name, contact.Due.From(anchor), start, end, schedule.Source, null);
            if (today > end) latestMissed = candidate;
            else yield return candidate;
        }
        if (latestMissed is not null) yield return latestMissed;
    }

    private static IEnumerable<Candidate> RuleCandidates(
        LocalRule rule, PersonFacts person, IReadOnlyCollection<RecordedService> services, DateOnly today, DateOnly horizon)
    {
        if (!InAudience(rule, person, today)) yield break;
        var name = RuleNames.Chinese(rule.Kind);
        // The rule starts counting from arrival, or from the day the person reached the rule's lower age if later.
        var eligibleFrom = Later(person.ArrivalDate, person.BirthDate.AddYears(rule.MinAge)).AddMonths(rule.ResidenceMonths);
        var records = services.Where(s => s.Kind == rule.Kind).Select(s => s.Date).ToList();

        switch (rule.Recurrence)
        {
            case Recurrence.Once:
                if (records.Count > 0 || eligibleFrom > horizon) yield break;
                yield return new Candidate(rule.Kind, name, eligibleFrom, eligibleFrom, eligibleFrom.AddDays(rule.AllowedDays), rule.Source, rule);
                break;

            case Recurrence.EveryQuarter:
                // The quarter just ended (overdue if missed) and the current one; older quarters are past catching up.
                var current = Quarter.Containing(today);
                foreach (var quarter in new[] { current.Previous, current })
                {
                    if (quarter.End < eligibleFrom || records.Any(quarter.Contains)) continue;
                    var start = Later(quarter.Start, eligibleFrom);
                    yield return new Candidate(rule.Kind, $"{name} {quarter}", start, start, quarter.End, rule.Source, rule);
                }
                break;

            case Recurrence.EveryInterval:
                var next = records.Count == 0 ? eligibleFrom : Later(eligibleFrom, records.Max().AddMonths(rule.IntervalMonths));
                if (next > horizon) yield break;
                yield return new Candidate(rule.Kind, name, next, next, next.AddDays(rule.AllowedDays), rule.Source, rule);
                break;
        }
    }

    /// <summary>
    /// Whether the rule is for this person today. Divorced and widowed women stay in a married-women rule that exempts
    /// them, so the lists can show why they are absent (seed 004 四(三)1); otherwise they are simply not in it.
    /// </summary>
    private static bool InAudience(LocalRule rule, PersonFacts person, DateOnly today)
    {
        var age = CaseRules.AgeOn(person.BirthDate, today);
        if (age < rule.MinAge || age > rule.MaxAge) return false;
        return rule.Audience switch
        {
            RuleAudience.Everyone or RuleAudience.Children => true,
            RuleAudience.Women => person.Sex == Sex.Female,
            RuleAudience.MarriedWomen => person.Sex == Sex.Female && (CaseRules.IsMarried(person.MaritalStatus)
                || (person.MaritalStatus == MaritalStatus.Divorced && rule.Exempts(ExemptionReason.Divorced))
                || (person.MaritalStatus == MaritalStatus.Widowed && rule.Exempts(ExemptionReason.Widowed))),
            _ => false,
        };
    }

    /// <summary>
    /// The first reason that exempts the person from the item. Leaving the area ends every visit schedule; the other reasons
    /// count only where the local rule lists them. Pregnancy counts if she was pregnant on any day of the window so far.
    /// </summary>
    private static ExemptionReason? ExemptionFor(Candidate c, PersonFacts person, DateOnly today)
    {
        if (person.HasLeftArea && (c.Rule is null || c.Rule.Exempts(ExemptionReason.LeftArea))) return ExemptionReason.LeftArea;
        if (c.Rule is not { } rule) return null;
        if (person.MaritalStatus == MaritalStatus.Divorced && rule.Exempts(ExemptionReason.Divorced)) return ExemptionReason.Divorced;
        if (person.MaritalStatus == MaritalStatus.Widowed && rule.Exempts(ExemptionReason.Widowed)) return ExemptionReason.Widowed;
        if (rule.Exempts(ExemptionReason.Pregnant) && c.WindowStart <= today
            && person.WasPregnantDuring(c.WindowStart, Earlier(c.WindowEnd, today))) return ExemptionReason.Pregnant;
        if (rule.Exempts(ExemptionReason.Sterilised) && person.IsSterilised) return ExemptionReason.Sterilised;
        return null;
    }

    private static DateOnly Later(DateOnly a, DateOnly b) => a > b ? a : b;
    private static DateOnly Earlier(DateOnly a, DateOnly b) => a < b ? a : b;
}
