using System.Globalization;
using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using EqualCare.Web.Domain.Hotline;
using EqualCare.Web.Domain.IdNumbers;
using EqualCare.Web.Web;
using Microsoft.EntityFrameworkCore;

namespace EqualCare.Web.Features.Hotline;

/// <param name="Community">The community the contact counts for; an office above a community names it (the caller's
/// community), a community office counts for itself.</param>
/// <param name="PersonIdNumber">The caller's ID number when she is a person of the office's area: links the contact to her case.</param>
public sealed record ContactInput(DateOnly? Date, TimeOnly? Time, string? Channel, long? LineId, string? Topic, string? Question,
    string? Answer, string? Referral, DateOnly? FollowUpOn, string? Community, string? PersonIdNumber);

public sealed record ContactItem(long Id, string OfficeCode, string CommunityCode, string CommunityName, string? LineName,
    ContactChannel Channel, DateTime ContactedAtBeijing, HotlineTopic Topic, string? Question, string Answer, string? Referral,
    DateOnly? FollowUpOn, long? PersonId, string? PersonName, string RecordedBy, DateTime? FollowedUpAtBeijing, string? FollowedUpBy,
    string? FollowUpNote)
{
    public bool FollowUpOpen => FollowUpOn is not null && FollowedUpAtBeijing is null;
}

/// <summary>
/// The log of hotline calls and consultation-room visits (seed 000 二(二)三). A contact is written once, with its audit row;
/// a follow-up, when one is due, is closed once with what was done. A contact linked to a person of the office's area is
/// also audited as a write about her. The log's contacts count on column 3 of the statistics form
/// (<see cref="HotlineTopics.CountsAsHealthConsultation"/>, docs/rules.md §10.2).
/// </summary>
public sealed class HotlineLog(EqualCareDb db, AuditLog audit, TimeProvider clock)
{
    public const int MaxAnswer = 1000;
    public const int MaxText = 300;

    public async Task<Result<long>> RecordAsync(CurrentUser user, ContactInput input, CancellationToken ct)
    {
        if (!HotlineLines.MayKeep(user)) return Error.Forbidden("hotline.forbidden");
        if (input.Date is not { } date) return Error.Validation("hotline.contact.date.required", "Date");
        var time = input.Time ?? TimeOnly.MinValue;
        var at = TimeZoneInfo.ConvertTimeToUtc(date.ToDateTime(time), ChinaClock.Shanghai);
        if (at > clock.UtcNow().AddMinutes(5)) return Error.Validation("hotline.contact.date.future", "Date");
        if (date < clock.Today().AddYears(-1)) return Error.Validation("hotline.contact.date.old", "Date");
        if (!EnumNames.TryParse<ContactChannel>(input.Channel, out var channel)) return Error.Validation("hotline.contact.channel.bad", "Channel");
        if (!EnumNames.TryParse<HotlineTopic>(input.Topic, out var topic)) return Error.Validation("hotline.contact.topic.bad", "Topic");
        if (string.IsNullOrWhiteSpace(input.Answer)) return Error.Validation("hotline.contact.answer.required", "Answer");
        if (input.Answer.Trim().Length > MaxAnswer) return Error.Validation("hotline.contact.answer.long", "Answer");
        if (input.Question?.Trim().Length > MaxText || input.Referral?.Trim().Length > MaxText)
            return Error.Validation("hotline.contact.text.long", "Question");
        if (input.FollowUpOn is { } follow && (follow < date || follow > date.AddDays(366)))
            return Error.Validation("hotline.contact.followUp.bad", "FollowUpOn");

        var office = user.Org.Value;
        if (input.LineId is { } lineId
            && !await db.Set<HotlineLine>().AnyAsync(l => l.Id == lineId && l.OfficeCode == office && l.RetiredAt == null, ct))
            return Error.Validation("hotline.contact.line.bad", "LineId");

        Person? person = null;
        if (!string.IsNullOrWhiteSpace(input.PersonIdNumber))
        {
            var number = IdNumberValidator.Normalize(input.PersonIdNumber);
            // Only a person of the office's own area: an ID number outside it is answered like an unknown one.
            person = await db.Persons.AsNoTracking().InScopeOf(user).Where(p => p.IdNumber == number && p.MergedIntoId == null)
                .OrderBy(p => p.Id).FirstOrDefaultAsync(ct);
            if (person is null) return Error.Validation("hotline.contact.person.notFound", "PersonIdNumber");
        }

        string community;
        if (user.Org.Level == 5) community = office;
        else if (person is not null) community = person.CommunityCode;
        else
        {
            if (!OrgCode.TryParse(input.Community, out var code) || code.Level != 5 || !user.Org.Contains(code.Value)
                || !await db.OrgUnits.AnyAsync(o => o.Code == code.Value, ct))
                return Error.Validation("hotline.contact.community.required", "Community");
            community = code.Value;
        }

        var contact = new HotlineContact
        {
            OfficeCode = office, CommunityCode = community, LineId = input.LineId, Channel = channel, ContactedAt = at, ContactedOn = date,
            Topic = topic, Question = Clean(input.Question), Answer = input.Answer.Trim(), Referral = Clean(input.Referral),
            FollowUpOn = input.FollowUpOn, PersonId = person?.Id, RecordedAt = clock.UtcNow(), RecordedBy = user.UserName,
        };
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.Set<HotlineContact>().Add(contact);
        await db.SaveChangesAsync(ct);
        audit.Add(AuditLog.Actions.Create, "hotline_contact", Id(contact.Id),
            detail: $"office={office} community={community} topic={topic} channel={channel}", userName: user.UserName);
        // A contact about a person is a record about her: her own audit trail shows it.
        if (person is not null)
            audit.Add(AuditLog.Actions.Create, "person", Id(person.Id), detail: $"hotline_contact={contact.Id}", userName: user.UserName);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return contact.Id;
    }

    /// <summary>The contacts of the user's area (its own office's and those of the offices below) in a period, newest first. Audited as a list.</summary>
    public async Task<IReadOnlyList<ContactItem>> ListAsync(CurrentUser user, DateOnly from, DateOnly to, CancellationToken ct)
    {
        if (!HotlineLines.MayKeep(user)) return [];
        var rows = await Query(user).Where(c => c.ContactedOn >= from && c.ContactedOn <= to)
            .OrderByDescending(c => c.ContactedAt).ThenByDescending(c => c.Id).Take(500).ToListAsync(ct);
        var items = await ItemsAsync(user, rows, ct);
        await audit.RecordListAsync(user, "hotline_contact", user.Org.Value, $"from={from:yyyy-MM-dd} to={to:yyyy-MM-dd}", items.Count, ct);
        return items;
    }

    /// <summary>
    /// The follow-ups not yet done of the user's area that are due by <paramref name="until"/> (overdue ones first): the office's
    /// hotline page shows them above the log.
    /// </summary>
    public async Task<IReadOnlyList<ContactItem>> FollowUpsDueAsync(CurrentUser user, DateOnly until, CancellationToken ct)
    {
        if (!HotlineLines.MayKeep(user)) return [];
        var rows = await Query(user).Where(c => c.FollowUpOn != null && c.FollowUpOn <= until && c.FollowedUpAt == null)
            .OrderBy(c => c.FollowUpOn).ThenBy(c => c.Id).Take(200).ToListAsync(ct);
        return await ItemsAsync(user, rows, ct);
    }

    /// <summary>Closes a follow-up with what was done: once, by the office that logged the contact.</summary>
    public async Task<Result<long>> CloseFollowUpAsync(CurrentUser user, long id, string? note, CancellationToken ct)
    {
        if (!HotlineLines.MayKeep(user)) return Error.NotFound("hotline.contact.notFound");
        var office = user.Org.Value;
        var contact = await Query(user).AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, ct);
        if (contact is null) return Error.NotFound("hotline.contact.notFound");
        if (contact.OfficeCode != office) return Error.Forbidden("hotline.followUp.notOwn");
        if (contact.FollowUpOn is null) return Error.Conflict("hotline.followUp.none");
        if (string.IsNullOrWhiteSpace(note)) return Error.Validation("hotline.followUp.note.required", "Note");
        if (note.Trim().Length > MaxText) return Error.Validation("hotline.contact.text.long", "Note");
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // One atomic UPDATE: two users closing the same follow-up at once leave one closure.
        var changed = await db.Set<HotlineContact>().Where(c => c.Id == id && c.FollowedUpAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.FollowedUpAt, clock.UtcNow()).SetProperty(c => c.FollowedUpBy, user.UserName)
                .SetProperty(c => c.FollowUpNote, note.Trim()), ct);
        if (changed == 0) return Error.Conflict("hotline.followUp.done");
        audit.Add(AuditLog.Actions.Update, "hotline_contact", Id(id), detail: "follow-up done", userName: user.UserName);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return id;
    }

    /// <summary>The communities an office above may count a contact for: those of its area, by code.</summary>
    public async Task<IReadOnlyList<(string Code, string Name)>> CommunitiesAsync(CurrentUser user, CancellationToken ct)
    {
        if (!HotlineLines.MayKeep(user) || user.Org.Level == 5) return [];
        var rows = await db.OrgUnits.AsNoTracking().WithinOrg(o => o.Code, user.Org).Where(o => o.Level == 5)
            .OrderBy(o => o.Code).Take(2000).Select(o => new { o.Code, o.Name }).ToListAsync(ct);
        return rows.Select(r => (r.Code, r.Name)).ToList();
    }

    IQueryable<HotlineContact> Query(CurrentUser user) => db.Set<HotlineContact>().AsNoTracking().WithinOrg(c => c.OfficeCode, user.Org);

    /// <summary>The rows as shown; a linked person's name only while she is in the user's scope (she may have moved away since).</summary>
    async Task<IReadOnlyList<ContactItem>> ItemsAsync(CurrentUser user, List<HotlineContact> rows, CancellationToken ct)
    {
        var communities = rows.Select(r => r.CommunityCode).Distinct().ToList();
        var names = await db.OrgUnits.AsNoTracking().Where(o => communities.Contains(o.Code)).ToDictionaryAsync(o => o.Code, o => o.Name, ct);
        var lineIds = rows.Where(r => r.LineId != null).Select(r => r.LineId!.Value).Distinct().ToList();
        var lines = await db.Set<HotlineLine>().AsNoTracking().Where(l => lineIds.Contains(l.Id)).ToDictionaryAsync(l => l.Id, l => l.Name, ct);
        var personIds = rows.Where(r => r.PersonId != null).Select(r => r.PersonId!.Value).Distinct().ToList();
        var persons = await db.Persons.AsNoTracking().InScopeOf(user).Where(p => personIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Name, ct);
        return rows.Select(r => new ContactItem(r.Id, r.OfficeCode, r.CommunityCode, names.GetValueOrDefault(r.CommunityCode, r.CommunityCode),
            r.LineId is { } l ? lines.GetValueOrDefault(l) : null, r.Channel, ChinaClock.ToBeijing(r.ContactedAt), r.Topic, r.Question, r.Answer,
            r.Referral, r.FollowUpOn, r.PersonId, r.PersonId is { } p ? persons.GetValueOrDefault(p) : null, r.RecordedBy,
            r.FollowedUpAt is { } f ? ChinaClock.ToBeijing(f) : null, r.FollowedUpBy, r.FollowUpNote)).ToList();
    }

    static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);
}
