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
public sealed class WorklistQuery(EqualCareDb db, DueKeeper keeper, DueUnits units, TimeProvider clock)
{
    /// <summary>Arrivals within this many days with an incomplete case are listed as "new, not registered in full".</summary>
    public const int NewArrivalDays = 90;

    /// <summary>A paper 婚育证明 expiring within this many days is listed for renewal.</summary>
    public const int CertificateExpiryDays = 30;

    public async Task<Worklist> ForAsync(CurrentUser user, OrgCode? org, CancellationToken ct)
    {
        var today = clock.Today();
        var unit = org is { } o && user.Org.Contains(o.Value) ? o : user.Org;
        var persons = Listed(db.Persons.InScopeOf(user).WithinOrg(p => p.CommunityCode, unit));

        // The items are kept (DueKeeper): read them, after computing the persons whose items are not kept for today.
        if (user.CanReadPersons) await units.EnsureAsync(unit, today, ct);
        else await keeper.KeepStaleAsync(persons, today, ct);
        var items = await KeptWorklist.ItemsAsync(db, persons, unit, today, ct);
        var quarter = Quarter.Containing(today);
        var absentees = await db.AbsentInAsync(persons, quarter, ct);
        var named = items.Select(i => WithCatchUpMark(i, quarter, absentees)).ToList();
        var ordered = InListOrder(named);
        return new Worklist(unit.Value, today, WorklistCounts.Of(ordered, today), ordered);
    }

    /// <summary>The persons a to-do list lists: active inflow cases, not merged into another.</summary>
    public static IQueryable<Person> Listed(IQueryable<Person> persons) =>
        persons.Where(p => p.Status == CaseStatus.Active && p.FlowDirection == FlowDirection.Inflow && p.MergedIntoId == null);

    /// <summary>
    /// The items of a computed person, in her list's order, without the 补检 mark (it depends on the check-up days and is
    /// put on when the list is read): her due items, the 婚育证明 about to expire and the incomplete new arrival.
    /// </summary>
    public static IEnumerable<(WorkItem Item, string Source)> ItemsOf(CaseDue due, DateOnly today)
    {
        var (p, list, certificate) = due;
        var age = CaseRules.AgeOn(p.BirthDate, today);
        var idNumber = Masking.IdNumber(p.IdNumber);
        var phone = Masking.Phone(p.Phone);
        foreach (var d in list.Due)
            yield return (new WorkItem(p.Id, p.Name, idNumber, phone, p.Sex, age, p.CommunityCode,
                WorkGroups.Of(d.Kind), d.Kind, d.ItemKey, d.Name, d.Due, d.WindowStart, d.WindowEnd, d.Overdue, d.Plan), d.Source);
        if (certificate is { Form: not null and not CertificateForm.Electronic, ValidUntil: { } validUntil }
            && validUntil >= today && validUntil <= today.AddDays(CertificateExpiryDays))
            yield return (new WorkItem(p.Id, p.Name, idNumber, phone, p.Sex, age, p.CommunityCode, WorkGroup.Certificate, null,
                "expiring", "婚育证明即将到期", validUntil, today, validUntil, OverdueRule.IsOverdue(validUntil, validUntil, today)),
                CertificateSource);
        var oldest = today.AddYears(-(CaseRules.ChildbearingAgeTo + 1));
        var youngest = today.AddYears(-CaseRules.ChildbearingAgeFrom);
        if (p.ArrivalDate >= today.AddDays(-NewArrivalDays) && NewArrivalGaps(p, oldest, youngest) is { Length: > 0 } missing)
            yield return (new WorkItem(p.Id, p.Name, idNumber, phone, p.Sex, age, p.CommunityCode, WorkGroup.NewArrival, null,
                "incomplete", "新到未完善：" + missing, p.ArrivalDate.AddDays(30), p.ArrivalDate, p.ArrivalDate.AddDays(30),
                OverdueRule.IsOverdue(p.ArrivalDate.AddDays(30), p.ArrivalDate.AddDays(30), today)), NewArrivalSource);
    }

    /// <summary>The source kept for the items that no schedule produces: the 婚育证明's validity and the case's completeness.</summary>
    public const string CertificateSource = "婚育证明有效期", NewArrivalSource = "个案完整性";

    /// <summary>A 康检 of this quarter missed at a check-up day reads "…（补检）" on the list: she was called and did not come.</summary>
    public static WorkItem WithCatchUpMark(WorkItem item, Quarter quarter, HashSet<long> absentees) =>
        item.Kind == CareKind.WomensCheckup && quarter.Contains(item.WindowStart) && absentees.Contains(item.PersonId)
            ? item with { ItemName = item.ItemName + CheckupAbsentees.CatchUpMark } : item;

    /// <summary>
    /// Overdue first, then by due date, then by person; a person's items of the same day stay in the order her due list
    /// gave them. One array sort with the insertion index as the last key (stable, like OrderBy, at a fraction of its
    /// cost for a district's 300,000 items).
    /// </summary>
    public static List<WorkItem> InListOrder(List<WorkItem> items)
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
