using System.Globalization;
using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using EqualCare.Web.Domain.Cases;
using EqualCare.Web.Domain.Schedules;
using EqualCare.Web.Features.Services;
using EqualCare.Web.Features.Worklist;
using EqualCare.Web.Web;
using Microsoft.EntityFrameworkCore;

namespace EqualCare.Web.Features.Notices;

/// <summary>What a list of notices is for: persons of a unit (or the ids given, e.g. a check-up day's women) and their items.</summary>
public sealed record NoticeRequest(
    string? Community = null, string? Kind = null, string? Group = null, string? View = null, string? Name = null, string? Ids = null,
    string? Key = null, DateOnly? Day = null, string? Place = null);

public sealed record NoticeItem(CareKind Kind, string Name, DateOnly Due, DateOnly WindowStart, DateOnly WindowEnd, bool Overdue);

/// <summary>
/// One printed notice (通知单): the ID masked, the items due, and when and where to come when that is known; the community's
/// address, phone and office hours as the office keeps them (null when not set).
/// </summary>
public sealed record Notice(
    long PersonId, string Name, string IdNumberMasked, string OfficeName, WorkGroup Group, IReadOnlyList<NoticeItem> Items, DateOnly? Day,
    string? Place, string? OfficeAddress = null, string? OfficePhone = null, string? OfficeHours = null);

public sealed record NoticeSet(DateOnly Today, IReadOnlyList<Notice> Notices);

/// <summary>
/// Builds notices from the due engine, scoped like the cases (a person or unit outside scope is "not found"). Every notice
/// printed is a view of that person's data and is audited as such.
/// </summary>
public sealed class NoticeHandler(EqualCareDb db, DueCalculator calculator, AuditLog audit, TimeProvider clock)
{
    /// <summary>One print run; more is a filter to narrow, not a stack of paper to print by mistake.</summary>
    public const int MaxNotices = 500;

    public const int MaxPlaceLength = 100;

    public async Task<Result<NoticeSet>> ForPersonAsync(CurrentUser user, long personId, string? item, string? key, DateOnly? day,
        string? place, CancellationToken ct)
    {
        if (!EnumNames.TryParseOptional<CareKind>(item, out var kind)) return Error.Validation("notice.kind.bad", "Item");
        if (place?.Trim().Length > MaxPlaceLength) return Error.Validation("notice.place.long", "Place");
        var today = clock.Today();
        var found = await calculator.ForAsync(db.Persons.InScopeOf(user).Where(p => p.Id == personId), today, ct);
        if (found.Count == 0)
        {
            await audit.RecordAsync(AuditLog.Actions.View, "person", Id(personId), AuditOutcome.Refused, "notice: not found or outside scope", ct: ct);
            return Error.NotFound("person.notFound");
        }
        var keyText = string.IsNullOrWhiteSpace(key) ? null : key.Trim();
        var items = found[0].List.Due.Where(d => (kind is null || d.Kind == kind) && (keyText is null || d.ItemKey == keyText)).ToList();
        if (items.Count == 0) return Error.Validation("notice.item.notDue", "Item");
        return await BuildAsync([(found[0], items)], kind, today, day, place, ct);
    }

    public async Task<Result<NoticeSet>> ForListAsync(CurrentUser user, NoticeRequest request, CancellationToken ct)
    {
        if (!user.CanReadPersons) return Error.NotFound("notice.org.notFound");
        var unit = user.Org;
        if (!string.IsNullOrWhiteSpace(request.Community))
        {
            if (!OrgCode.TryParse(request.Community, out unit)) return Error.Validation("notice.org.bad", "Community");
            if (!user.Org.Contains(unit.Value))
            {
                await audit.RecordAsync(AuditLog.Actions.View, "notice", unit.Value, AuditOutcome.Refused, "notices: outside scope", ct: ct);
                return Error.NotFound("notice.org.notFound");
            }
        }
        if (!EnumNames.TryParseOptional<CareKind>(request.Kind, out var kind)) return Error.Validation("notice.kind.bad", "Kind");
        if (!EnumNames.TryParseOptional<WorkGroup>(request.Group, out var group)) return Error.Validation("notice.group.bad", "Group");
        if (request.View is not (null or "" or "all" or "overdue" or "week" or "month")) return Error.Validation("notice.view.bad", "View");
        if (request.Place?.Trim().Length > MaxPlaceLength) return Error.Validation("notice.place.long", "Place");
        if (!TryParseIds(request.Ids, out var ids)) return Error.Validation("notice.ids.bad", "Ids");

        var today = clock.Today();
        var persons = db.Persons.InScopeOf(user).WithinOrg(p => p.CommunityCode, unit)
            .Where(p => p.Status == CaseStatus.Active && p.FlowDirection == FlowDirection.Inflow && p.MergedIntoId == null);
        if (ids.Count > 0) persons = persons.Where(p => ids.Contains(p.Id));
        var name = request.Name?.Trim();
        if (!string.IsNullOrEmpty(name)) persons = persons.Where(p => p.Name.Contains(name));
        var due = await calculator.ForAsync(persons, today, ct);
        if (ids.Count > 0 && due.Count < ids.Count)
        {
            var missing = ids.Except(due.Select(p => p.PersonId)).First();
            await audit.RecordAsync(AuditLog.Actions.View, "person", Id(missing), AuditOutcome.Refused, "notice: not found or outside scope", ct: ct);
            return Error.NotFound("person.notFound");
        }
        var chosen = due.Select(p => (Person: p, Items: p.List.Due.Where(d => (kind is null || d.Kind == kind)
                && (group is null || WorkGroups.Of(d.Kind) == group) && InView(d, request.View, today)).ToList()))
            .Where(x => x.Items.Count > 0).ToList();
        if (chosen.Count > MaxNotices) return Error.Validation("notice.tooMany", "Kind");
        return await BuildAsync(chosen, kind, today, request.Day, request.Place, ct);
    }

    async Task<NoticeSet> BuildAsync(List<(PersonDue Person, List<DueItem> Items)> chosen, CareKind? kind, DateOnly today,
        DateOnly? day, string? place, CancellationToken ct)
    {
        var codes = chosen.Select(c => c.Person.CommunityCode).Distinct().ToList();
        var offices = await db.OrgUnits.AsNoTracking().Where(o => codes.Contains(o.Code)).ToDictionaryAsync(o => o.Code, ct);
        // A 康检 notice names the community's next check-up day (seed 004 四(三)1) when one is planned.
        var checkupDays = kind == CareKind.WomensCheckup && day is null
            ? (await db.CheckupDays.AsNoTracking().Where(d => codes.Contains(d.CommunityCode) && d.Day >= today).ToListAsync(ct))
                .GroupBy(d => d.CommunityCode).ToDictionary(g => g.Key, g => g.OrderBy(d => d.Day).First())
            : [];
        var givenPlace = string.IsNullOrWhiteSpace(place) ? null : place.Trim();
        var notices = new List<Notice>(chosen.Count);
        foreach (var (p, items) in chosen)
        {
            var planned = checkupDays.GetValueOrDefault(p.CommunityCode);
            var first = items.OrderBy(i => i.Due).First();
            var office = offices.GetValueOrDefault(p.CommunityCode);
            notices.Add(new Notice(p.PersonId, p.Name, Masking.IdNumber(p.IdNumber), office?.Name ?? p.CommunityCode,
                WorkGroups.Of(first.Kind), [.. items.Select(i => new NoticeItem(i.Kind, i.Name, i.Due, i.WindowStart, i.WindowEnd, i.Overdue))],
                day ?? planned?.Day, givenPlace ?? planned?.Place, office?.Address, office?.Phone, office?.OfficeHours));
            audit.Add(AuditLog.Actions.View, "person", Id(p.PersonId), detail: $"notice printed kind={kind?.ToString() ?? "all"}");
        }
        await db.SaveChangesAsync(ct);
        return new NoticeSet(today, notices);
    }

    static bool InView(DueItem item, string? view, DateOnly today) => view switch
    {
        "overdue" => item.Overdue,
        "week" => !item.Overdue && item.Due <= today.AddDays(7),
        "month" => !item.Overdue && item.Due <= today.AddDays(31),
        _ => true,
    };

    /// <summary>Comma-separated person ids ("12,15,40"); empty means every person of the unit.</summary>
    public static bool TryParseIds(string? text, out List<long> ids)
    {
        ids = [];
        if (string.IsNullOrWhiteSpace(text)) return true;
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!long.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var id) || id <= 0) return false;
            if (!ids.Contains(id)) ids.Add(id);
        }
        return ids.Count is > 0 and <= MaxNotices;
    }

    static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);
}
