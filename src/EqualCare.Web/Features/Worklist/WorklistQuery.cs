using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using EqualCare.Web.Domain.Cases;
using EqualCare.Web.Domain.Schedules;
using EqualCare.Web.Features.Checkups;
using EqualCare.Web.Features.Services;
using EqualCare.Web.Web;
using Microsoft.EntityFrameworkCore;

namespace EqualCare.Web.Features.Worklist;

public sealed record Worklist(string OrgCode, DateOnly Today, WorklistCounts Counts, IReadOnlyList<WorkItem> Items);

/// <summary>
/// The to-do list (待办) of an org unit: every active inflow person's due and overdue items from the schedules, the
/// certificates about to expire, and new arrivals whose case is not complete. Overdue first, then by due date.
/// </summary>
public sealed class WorklistQuery(EqualCareDb db, DueCalculator calculator, TimeProvider clock)
{
    /// <summary>Arrivals within this many days with an incomplete case are listed as "new, not registered in full".</summary>
    public const int NewArrivalDays = 90;

    /// <summary>A paper 婚育证明 expiring within this many days is listed for renewal.</summary>
    public const int CertificateExpiryDays = 30;

    public async Task<Worklist> ForAsync(CurrentUser user, OrgCode? org, CancellationToken ct)
    {
        var today = clock.Today();
        var unit = org is { } o && user.Org.Contains(o.Value) ? o : user.Org;
        var persons = db.Persons.InScopeOf(user).WithinOrg(p => p.CommunityCode, unit)
            .Where(p => p.Status == CaseStatus.Active && p.FlowDirection == FlowDirection.Inflow && p.MergedIntoId == null);

        // Every part of the list comes from one read of the persons (DueCalculator): the due items, the certificate about to
        // expire and the incomplete new arrival.
        var items = new List<WorkItem>();
        var quarter = Quarter.Containing(today);
        var absentees = await db.AbsentInAsync(persons, quarter, ct);
        var certificateUntil = today.AddDays(CertificateExpiryDays);
        var arrivedSince = today.AddDays(-NewArrivalDays);
        var oldest = today.AddYears(-(CaseRules.ChildbearingAgeTo + 1));
        var youngest = today.AddYears(-CaseRules.ChildbearingAgeFrom);
        foreach (var (p, list, certificate) in await calculator.CasesAsync(persons, today, ct))
        {
            var age = CaseRules.AgeOn(p.BirthDate, today);
            var idNumber = Masking.IdNumber(p.IdNumber);
            var phone = Masking.Phone(p.Phone);
            foreach (var d in list.Due)
                items.Add(new WorkItem(p.Id, p.Name, idNumber, phone, p.Sex, age, p.CommunityCode,
                    WorkGroups.Of(d.Kind), d.Kind, d.ItemKey, CatchUpName(d, p.Id, quarter, absentees), d.Due, d.WindowStart, d.WindowEnd, d.Overdue, d.Plan));
            if (certificate is { Form: not null and not CertificateForm.Electronic, ValidUntil: { } validUntil }
                && validUntil >= today && validUntil <= certificateUntil)
                items.Add(new WorkItem(p.Id, p.Name, idNumber, phone, p.Sex, age, p.CommunityCode, WorkGroup.Certificate, null,
                    "expiring", "婚育证明即将到期", validUntil, today, validUntil, OverdueRule.IsOverdue(validUntil, validUntil, today)));
            if (p.ArrivalDate >= arrivedSince && NewArrivalGaps(p, oldest, youngest) is { Length: > 0 } missing)
                items.Add(new WorkItem(p.Id, p.Name, idNumber, phone, p.Sex, age, p.CommunityCode, WorkGroup.NewArrival, null,
                    "incomplete", "新到未完善：" + missing, p.ArrivalDate.AddDays(30), p.ArrivalDate, p.ArrivalDate.AddDays(30),
                    OverdueRule.IsOverdue(p.ArrivalDate.AddDays(30), p.ArrivalDate.AddDays(30), today)));
        }
        var ordered = InListOrder(items);
        return new Worklist(unit.Value, today, WorklistCounts.Of(ordered, today), ordered);
    }

    /// <summary>
    /// Overdue first, then by due date, then by person; a person's items of the same day stay in the order her due list
    /// gave them. One array sort with the insertion index as the last key (stable, like OrderBy, at a fraction of its
    /// cost for a district's 300,000 items).
    /// </summary>
    static List<WorkItem> InListOrder(List<WorkItem> items)
    {
        var keyed = new (WorkItem Item, int Index)[items.Count];
        for (var i = 0; i < keyed.Length; i++) keyed[i] = (items[i], i);
        Array.Sort(keyed, static (a, b) =>
        {
            var c = b.Item.Overdue.CompareTo(a.Item.Overdue);
            if (c == 0) c = a.Item.Due.CompareTo(b.Item.Due);
            if (c == 0) c = a.Item.PersonId.CompareTo(b.Item.PersonId);
            return c != 0 ? c : a.Index.CompareTo(b.Index);
        });
        var ordered = new List<WorkItem>(keyed.Length);
        foreach (var (item, _) in keyed) ordered.Add(item);
        return ordered;
    }

    /// <summary>A 康检 of this quarter missed at a check-up day reads "…（补检）" on the list: she was called and did not come.</summary>
    static string CatchUpName(DueItem item, long personId, Quarter quarter, HashSet<long> absentees) =>
        item.Kind == CareKind.WomensCheckup && quarter.Contains(item.WindowStart) && absentees.Contains(personId)
            ? item.Name + CheckupAbsentees.CatchUpMark : item.Name;


    /// <summary>What a new arrival's case still lacks, joined for the list; empty when it is complete.</summary>
    static string NewArrivalGaps(CaseFacts p, DateOnly oldest, DateOnly youngest)
    {
        var contraception = p.Sex == Sex.Female && p.ContraceptionMethod == null && p.BirthDate > oldest && p.BirthDate <= youngest
                            && CaseRules.IsMarried(p.MaritalStatus);
        return string.Join("、", Missing(p.IdState is IdState.Invalid or IdState.Placeholder, p.AddressMissing, p.Phone == null, contraception));
    }

    static IEnumerable<string> Missing(bool id, bool address, bool phone, bool contraception)
    {
        if (id) yield return "身份证号";
        if (address) yield return "现居住地址";
        if (phone) yield return "联系电话";
        if (contraception) yield return "避孕措施";
    }
}
