using System.Collections.ObjectModel;
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
    CaseStatus Status = CaseStatus.Active,
    DateOnly? ArrivedInCommunity = null)
{
    /// <summary>
    /// The day the person came to her current community, from which its office is responsible for her (issue: nothing on
    /// her list is dated before it): the latest move into that community when there is one (<see cref="ArrivedInCommunity"/>),
    /// else the case's arrival. <see cref="ArrivalDate"/> itself still counts the local rules' months of residence, which a
    /// move within the area does not restart.
    /// </summary>
    public DateOnly Arrival => ArrivedInCommunity is { } moved && moved > ArrivalDate ? moved : ArrivalDate;

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
/// tells apart items of one kind that share a window (the vaccine and dose of an immunisation item). <see cref="Plan"/>
/// is set on the one catch-up item of a child (<see cref="CatchUpPlan"/>): the doses it stands for and the day of each.
/// </summary>
public sealed record DueItem(
    CareKind Kind, string Name, DateOnly Due, DateOnly WindowStart, DateOnly WindowEnd, bool Overdue, string Source, string? ItemKey = null,
    DosePlan? Plan = null);

/// <summary>
/// One dose of a catch-up plan: vaccine code, dose number, the name the lists print, the day it is planned for, the
/// edition of the programme it falls under (the one in force on the day it fell due) and the day it fell due.
/// </summary>
public sealed record PlannedDose(string Vaccine, int Dose, string Name, DateOnly Planned, string Source, DateOnly Due);

/// <summary>
/// The doses of a catch-up plan in planned order. Two plans are equal when they hold the same doses on the same days, so an
/// item computed again (or kept and read back) equals the one computed before.
/// </summary>
public sealed class DosePlan(IList<PlannedDose> doses) : ReadOnlyCollection<PlannedDose>(doses), IEquatable<DosePlan>
{
    public bool Equals(DosePlan? other) => other is not null && this.SequenceEqual(other);

    public override bool Equals(object? obj) => Equals(obj as DosePlan);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var dose in this) hash.Add(dose);
        return hash.ToHashCode();
    }
}

/// <summary>Something the person would be due for, and the reason she is not.</summary>
public sealed record ExemptItem(
    CareKind Kind, string Name, ExemptionReason Reason, DateOnly WindowStart, DateOnly WindowEnd, string Source, string? ItemKey = null);

/// <summary>
/// What the person is due for (<see cref="Due"/>), what she is exempt from, and <see cref="BeforeArrival"/>: what fell due
/// before she came to the community and was not done there (the registration place's or the previous community's duty,
/// issue point 1), shown as history and never counted as this office's overdue work.
/// </summary>
public sealed record DueList(IReadOnlyList<DueItem> Due, IReadOnlyList<ExemptItem> Exempt)
{
    public static readonly DueList Empty = new([], []);

    public IReadOnlyList<DueItem> BeforeArrival { get; init; } = [];
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

    /// <summary>
    /// The days an office has for what it took over undone on the person's arrival (an item whose window had started, a
    /// dose that had fallen due): such an item runs from the arrival to at least this many days after it. 30 days: the
    /// time a woman has to bring her 婚育证明 after arriving (《流动人口计划生育工作条例》 Art. 8), and the time the to-do
    /// list gives a new arrival to complete her case.
    /// </summary>
    public int ArrivalAllowanceDays { get; init; } = DefaultArrivalAllowanceDays;

    public const int DefaultArrivalAllowanceDays = 30;

    public static DueSettings ForLocalRules(IReadOnlyList<LocalRule> rules, int lookAheadDays = 0) =>
        new(VisitSchedules.All, rules, lookAheadDays);

    /// <summary>The visit schedules, the local rules and the national immunisation programme: what an office works by.</summary>
    public static DueSettings ForOffice(IReadOnlyList<LocalRule> rules, int lookAheadDays, ImmunisationOptions? products = null) =>
        new(VisitSchedules.All, rules, lookAheadDays, NipSchedules.All, products);
}
