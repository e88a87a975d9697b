using EqualCare.Web.Domain.Cases;
using EqualCare.Web.Domain.Immunisation;

namespace EqualCare.Web.Domain.Schedules;

/// <summary>
/// What the schedules need to know about one person. The pregnancy fields describe the latest pregnancy, as on the case;
/// an outcome dated before the LMP belongs to an earlier one.
/// </summary>
public sealed record PersonFacts(
    Sex Sex,
    DateOnly BirthDate,
    DateOnly ArrivalDate,
    MaritalStatus MaritalStatus = MaritalStatus.Unknown,
    ContraceptionMethod? Contraception = null,
    DateOnly? PregnancyLmp = null,
    PregnancyOutcome? PregnancyOutcome = null,
    DateOnly? PregnancyOutcomeDate = null,
    CaseStatus Status = CaseStatus.Active)
{
    /// <summary>A pregnancy with no outcome is taken as stale data 44 weeks after the LMP.</summary>
    public const int StalePregnancyDays = 44 * 7;

    private bool OutcomeBelongsToPregnancy => PregnancyLmp is { } lmp && PregnancyOutcomeDate is { } end && end >= lmp;

    /// <summary>The days she is (or was) pregnant with the latest pregnancy, both ends inclusive; null when there is none.</summary>
    public (DateOnly From, DateOnly To)? Pregnancy => PregnancyLmp is not { } lmp ? null
        : (lmp, OutcomeBelongsToPregnancy ? PregnancyOutcomeDate!.Value.AddDays(-1) : lmp.AddDays(StalePregnancyDays - 1));

    public bool IsPregnantOn(DateOnly day) => Pregnancy is { } p && day >= p.From && day <= p.To;

    public bool WasPregnantDuring(DateOnly from, DateOnly to) => Pregnancy is { } p && p.From <= to && p.To >= from;

    /// <summary>The delivery (live birth or stillbirth) that ended the latest pregnancy; abortions have no postpartum visits.</summary>
    public DateOnly? DeliveryDate => PregnancyOutcome is Cases.PregnancyOutcome.LiveBirth or Cases.PregnancyOutcome.Stillbirth
        ? PregnancyOutcomeDate : null;

    public bool IsSterilised => Contraception is ContraceptionMethod.FemaleSterilisation or ContraceptionMethod.MaleSterilisation;

    public bool HasLeftArea => Status is CaseStatus.Departed or CaseStatus.ReturnedHome or CaseStatus.Withdrawn;
}

/// <summary>
/// A service already recorded for the person: which contact or rule it fulfils and when it was given; for an
/// immunisation also the vaccine and dose.
/// </summary>
public sealed record RecordedService(CareKind Kind, DateOnly Date, string? Vaccine = null, int? Dose = null);

/// <summary>
/// Something the person is due for. Overdue: today is past <see cref="WindowEnd"/> with no record. <see cref="ItemKey"/>
/// tells apart items of one kind that share a window (the vaccine and dose of an immunisation item).
/// </summary>
public sealed record DueItem(
    CareKind Kind, string Name, DateOnly Due, DateOnly WindowStart, DateOnly WindowEnd, bool Overdue, string Source, string? ItemKey = null);

/// <summary>Something the person would be due for, and the reason she is not.</summary>
public sealed record ExemptItem(
    CareKind Kind, string Name, ExemptionReason Reason, DateOnly WindowStart, DateOnly WindowEnd, string Source, string? ItemKey = null);

public sealed record DueList(IReadOnlyList<DueItem> Due, IReadOnlyList<ExemptItem> Exempt)
{
    public static readonly DueList Empty = new([], []);
}

/// <summary>
/// The tables to use: every edition of the visit schedules and the office's local rules; the version in force on "today"
/// is picked from each. The immunisation editions are all kept: each dose follows the one in force on the day it falls
/// due (<see cref="ImmunisationDue"/>). <see cref="LookAheadDays"/> also lists items whose window starts within that many days.
/// </summary>
public sealed record DueSettings(
    IReadOnlyList<ContactSchedule> Schedules, IReadOnlyList<LocalRule> LocalRules, int LookAheadDays = 0,
    IReadOnlyList<ImmunisationSchedule>? Immunisation = null, ImmunisationOptions? Products = null)
{
    /// <summary>
    /// The day the tables were already cut down to the editions in force (one each), by a caller that runs the schedules
    /// for many persons on the same day; <see cref="CareDue"/> then takes them as they are instead of picking again
    /// for every person (measured: a fifth of a district's schedule time).
    /// </summary>
    public DateOnly? PickedFor { get; init; }

    public static DueSettings ForLocalRules(IReadOnlyList<LocalRule> rules, int lookAheadDays = 0) =>
        new(VisitSchedules.All, rules, lookAheadDays);

    /// <summary>The visit schedules, the local rules and the national immunisation programme: what an office works by.</summary>
    public static DueSettings ForOffice(IReadOnlyList<LocalRule> rules, int lookAheadDays, ImmunisationOptions? products = null) =>
        new(VisitSchedules.All, rules, lookAheadDays, NipSchedules.All, products);
}
