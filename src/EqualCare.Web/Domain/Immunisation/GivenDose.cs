namespace EqualCare.Web.Domain.Immunisation;

/// <summary>A dose recorded on the child's certificate or card: vaccine code (<see cref="VaccineCodes"/>), dose number, date.</summary>
public sealed record GivenDose(string Vaccine, int Dose, DateOnly Date);

/// <summary>
/// A dose the child is due for. <see cref="Earliest"/> is the first day it may be given under the minimum age and intervals;
/// <see cref="Due"/> is the table's day, or <see cref="Earliest"/> when that is later. <see cref="Overdue"/>: the child has
/// reached the age before which the 说明 asks the dose to be complete and the dose could be given before today
/// (<see cref="Schedules.OverdueRule"/>). <see cref="CatchUp"/>: it will not be given at its
/// table age (that age has passed, an interval pushed it, or it replaces another vaccine), so the 补种 rules apply.
/// <see cref="Precondition"/> names a check needed before giving it (BCG after 3 months: a negative PPD).
/// </summary>
public sealed record DoseDue(
    string Vaccine, int Dose, string Name, DateOnly Due, DateOnly Earliest, bool Overdue, bool CatchUp, string? Precondition = null)
{
    /// <summary>The edition that set this dose: the one in force on the day it fell due.</summary>
    public required ImmunisationSchedule Edition { get; init; }

    /// <summary>The series the dose belongs to (<see cref="VaccineDose.Series"/>): its intervals count from that series' doses.</summary>
    public string Series { get; init; } = "";

    /// <summary>The day the table puts the dose at (its recommended age, not before its edition came into force).</summary>
    public DateOnly TableDay { get; init; }

    /// <summary>The day the plan gives it: <see cref="Due"/>, or today when that has passed; the next dose of the series counts from it.</summary>
    public DateOnly Planned { get; init; }

    /// <summary>An injected live vaccine (说明 二(二)3: 28 days from another one not given the same day).</summary>
    public bool LiveInjectable { get; init; }

    /// <summary>The child is past the age from which the dose is neither given nor caught up (BCG from 4 years).</summary>
    public bool NoLongerGiven { get; init; }
}
