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

/// <summary>
/// One line of the to-do list: a person and one thing to do for her. ID and phone are masked. <see cref="Plan"/>: the
/// doses and planned days of a child's catch-up item (<see cref="DueItem.Plan"/>).
/// </summary>
public sealed record WorkItem(
    long PersonId, string Name, string IdNumberMasked, string? PhoneMasked, Sex Sex, int Age, string CommunityCode, WorkGroup Group,
    CareKind? Kind, string? ItemKey, string ItemName, DateOnly Due, DateOnly WindowStart, DateOnly WindowEnd, bool Overdue,
    DosePlan? Plan = null)
{
    public bool DueWithin(DateOnly today, int days) => !Overdue && Due <= today.AddDays(days);

    /// <summary>Pregnancy not booked: the antenatal booking item (建册) is listed.</summary>
    public bool IsPregnancyNotBooked => Kind == CareKind.AntenatalBooking;
}

public sealed record WorklistCounts(
    int All, int Overdue, int DueThisWeek, int DueThisMonth, int NewArrivals, int PregnanciesNotBooked, int ChildrenMissingDoses,
    int Certificates, int HealthRecords, int Checkups)
{
    /// <summary>All the counts in one pass over the items (a district's list has some 300,000).</summary>
    public static WorklistCounts Of(IReadOnlyCollection<WorkItem> items, DateOnly today)
    {
        int overdue = 0, week = 0, month = 0, arrivals = 0, pregnancies = 0, certificates = 0, records = 0, checkups = 0;
        var childrenMissingDoses = new HashSet<long>();
        var weekEnd = today.AddDays(7);
        var monthEnd = today.AddDays(31);
        foreach (var i in items)
        {
            if (i.Overdue) overdue++;
            else
            {
                if (i.Due <= weekEnd) week++;
                if (i.Due <= monthEnd) month++;
            }
            if (i.IsPregnancyNotBooked) pregnancies++;
            switch (i.Group)
            {
                case WorkGroup.NewArrival: arrivals++; break;
                case WorkGroup.Certificate: certificates++; break;
                case WorkGroup.HealthRecord: records++; break;
                case WorkGroup.Checkup: checkups++; break;
                case WorkGroup.Immunisation when i.Overdue: childrenMissingDoses.Add(i.PersonId); break;
            }
        }
        return new(items.Count, overdue, week, month, arrivals, pregnancies, childrenMissingDoses.Count, certificates, records, checkups);
    }
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
