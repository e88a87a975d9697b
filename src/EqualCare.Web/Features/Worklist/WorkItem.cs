using EqualCare.Web.Domain;
using EqualCare.Web.Domain.Schedules;

namespace EqualCare.Web.Features.Worklist;

/// <summary>The groups of the to-do list (issue: new arrivals, pregnancies not booked, children missing doses …).</summary>
public enum WorkGroup : short
{
    Checkup = 1,
    Gynaecology = 2,
    HealthRecord = 3,
    Immunisation = 4,
    ChildVisit = 5,
    Maternal = 6,
    Certificate = 7,
    NewArrival = 8,
}

/// <summary>One line of the to-do list: a person and one thing to do for her. ID and phone are masked.</summary>
public sealed record WorkItem(
    long PersonId, string Name, string IdNumberMasked, string? PhoneMasked, Sex Sex, int Age, string CommunityCode, WorkGroup Group,
    CareKind? Kind, string? ItemKey, string ItemName, DateOnly Due, DateOnly WindowStart, DateOnly WindowEnd, bool Overdue)
{
    public bool DueWithin(DateOnly today, int days) => !Overdue && Due <= today.AddDays(days);

    /// <summary>Pregnancy not booked: the antenatal booking item (建册) is listed.</summary>
    public bool IsPregnancyNotBooked => Kind == CareKind.AntenatalBooking;
}

public sealed record WorklistCounts(
    int All, int Overdue, int DueThisWeek, int DueThisMonth, int NewArrivals, int PregnanciesNotBooked, int ChildrenMissingDoses,
    int Certificates, int HealthRecords, int Checkups)
{
    public static WorklistCounts Of(IReadOnlyCollection<WorkItem> items, DateOnly today) => new(
        items.Count,
        items.Count(i => i.Overdue),
        items.Count(i => i.DueWithin(today, 7)),
        items.Count(i => i.DueWithin(today, 31)),
        items.Count(i => i.Group == WorkGroup.NewArrival),
        items.Count(i => i.IsPregnancyNotBooked),
        items.Where(i => i.Group == WorkGroup.Immunisation && i.Overdue).Select(i => i.PersonId).Distinct().Count(),
        items.Count(i => i.Group == WorkGroup.Certificate),
        items.Count(i => i.Group == WorkGroup.HealthRecord),
        items.Count(i => i.Group == WorkGroup.Checkup));
}

public static class WorkGroups
{
    public static WorkGroup Of(CareKind kind) => kind switch
    {
        CareKind.WomensCheckup => WorkGroup.Checkup,
        CareKind.GynaecologicalScreening => WorkGroup.Gynaecology,
        CareKind.HealthRecord => WorkGroup.HealthRecord,
        CareKind.Immunisation or CareKind.ImmunisationFile => WorkGroup.Immunisation,
        CareKind.MarriageCertificate => WorkGroup.Certificate,
        >= CareKind.NewbornHomeVisit and <= CareKind.ChildVisit6Years => WorkGroup.ChildVisit,
        _ => WorkGroup.Maternal,
    };
}
