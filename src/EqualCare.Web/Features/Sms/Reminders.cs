using System.Globalization;
using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using EqualCare.Web.Domain.Cases;
using EqualCare.Web.Domain.Schedules;
using EqualCare.Web.Features.Services;
using EqualCare.Web.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace EqualCare.Web.Features.Sms;

/// <summary>
/// Queues SMS reminders: for every active migrant with a phone, one message per due item falling due within
/// ReminderDaysBefore days (today included), keyed by person, item and due date. The key is unique in the table and
/// the insert skips a key that is there, so running the queue again (or twice at once) never queues a reminder twice.
/// Persons without a phone are not queued: the to-do list already flags their missing phone (新到未完善).
/// </summary>
public sealed class Reminders(EqualCareDb db, DueCalculator calculator, IOptions<CareOptions> options, AuditLog audit, TimeProvider clock)
{
    /// <summary>
    /// The items of one person that a reminder is due for today: not overdue, falling due within the given days. The items
    /// come from the due lists of today and of the last reminder day, as one item may be on both.
    /// </summary>
    public static IEnumerable<DueItem> ToRemind(IEnumerable<DueItem> due, DateOnly today, int daysBefore) =>
        due.Where(d => !d.Overdue && d.Due >= today && d.Due <= today.AddDays(daysBefore)).DistinctBy(d => (d.Kind, d.ItemKey, d.Due));

    public static string DedupeKey(long personId, DueItem item) =>
        string.Create(CultureInfo.InvariantCulture, $"{personId}|{item.Kind}|{item.ItemKey}|{item.Due:yyyy-MM-dd}");

    /// <param name="unit">The org unit whose persons are reminded; null for every unit (the daily run).</param>
    /// <returns>How many messages were newly queued.</returns>
    public async Task<int> QueueAsync(OrgCode? unit, DateOnly today, CancellationToken ct)
    {
        // The daily run goes community by community: the due lists of the whole register at once would hold every
        // person of a city in memory twice.
        var communities = await Reminded(unit).Select(p => p.CommunityCode).Distinct().OrderBy(c => c).ToListAsync(ct);
        var queued = 0;
        foreach (var community in communities)
            queued += await QueueCommunityAsync(Reminded(unit).Where(p => p.CommunityCode == community), today, ct);
        return queued;
    }

    /// <summary>Active inflow cases with a phone, within the unit (every unit when null).</summary>
    IQueryable<Person> Reminded(OrgCode? unit)
    {
        var persons = db.Persons.Where(p => p.Status == CaseStatus.Active && p.FlowDirection == FlowDirection.Inflow
                                             && p.MergedIntoId == null && p.Phone != null && p.Phone != "");
        return unit is { } u ? persons.WithinOrg(p => p.CommunityCode, u) : persons;
    }

    async Task<int> QueueCommunityAsync(IQueryable<Person> persons, DateOnly today, CancellationToken ct)
    {
        var daysBefore = Math.Max(0, options.Value.ReminderDaysBefore);
        var dueToday = await calculator.ForAsync(persons, today, ct);
        // The due list of a day shows a quarter's 康检 only once the quarter has begun, so the items falling due before the
        // last reminder day are read from that day's list too.
        var dueAhead = (await calculator.ForAsync(persons, today.AddDays(daysBefore), ct)).ToLookup(p => p.PersonId);
        var reminders = dueToday.SelectMany(p => ToRemind(p.List.Due.Concat(dueAhead[p.PersonId].SelectMany(a => a.List.Due)), today, daysBefore)
            .Select(item => (Person: p, Item: item))).ToList();
        if (reminders.Count == 0) return 0;

        var codes = reminders.Select(r => r.Person.CommunityCode).Distinct().ToList();
        var offices = await db.OrgUnits.AsNoTracking().Where(o => codes.Contains(o.Code)).ToDictionaryAsync(o => o.Code, o => o.Name, ct);
        var now = clock.UtcNow();
        var queued = 0;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        foreach (var (person, item) in reminders)
        {
            var body = SmsText.Reminder(offices.GetValueOrDefault(person.CommunityCode, person.CommunityCode), person.Name, item.Name, item.Due);
            var key = DedupeKey(person.PersonId, item);
            // Both providers know ON CONFLICT … DO NOTHING; the unique index on dedupe_key is what makes "never twice" hold.
            queued += await db.Database.ExecuteSqlAsync(
                $"""
                INSERT INTO sms_messages (person_id, community_code, dedupe_key, body, due_date, queued_at)
                VALUES ({person.PersonId}, {person.CommunityCode}, {key}, {body}, {item.Due}, {now})
                ON CONFLICT (dedupe_key) DO NOTHING
                """, ct);
        }
        // The audit row of what was queued commits with it (by whoever ran the queue; "system" for the daily run).
        if (queued > 0)
        {
            audit.Add(AuditLog.Actions.Create, "sms", string.Join(',', codes), detail: $"queued={queued}");
            await db.SaveChangesAsync(ct);
        }
        await transaction.CommitAsync(ct);
        return queued;
    }
}
