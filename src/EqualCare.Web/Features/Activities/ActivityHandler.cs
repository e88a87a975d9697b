using System.Globalization;
using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using EqualCare.Web.Domain.Statistics;
using EqualCare.Web.Features.Attachments;
using EqualCare.Web.Web;
using Microsoft.EntityFrameworkCore;

namespace EqualCare.Web.Features.Activities;

/// <summary>
/// An activity as a form or the API sends it: kind by name (Publicity, FreeClinic, Visit, LeftBehindCare, RightsService,
/// Other), quantities in base units (persons, copies, yuan …) keyed by the form's column codes.
/// A correction names the entry it replaces and says why. SiteId names the community's fixed publicity site it was held at.
/// </summary>
public sealed record ActivityRequest(
    DateOnly? Date, string? Place, string? Kind, string? Note, IReadOnlyDictionary<string, long?>? Quantities,
    long? CorrectsEntryId = null, string? Reason = null, long? SiteId = null);

/// <summary>A photo or document of an entry: its id opens it at /Attachments/{id}.</summary>
public sealed record ActivityPhoto(long Id, string FileName);

public sealed record ActivityItem(
    long Id, string OrgCode, DateOnly Date, string Place, string Kind, string? Note, IReadOnlyDictionary<string, long> Quantities,
    long? CorrectsEntryId, string? CorrectionReason, long? CorrectedById, DateTime RecordedAt, string RecordedBy,
    long? SiteId = null, string? SiteName = null, IReadOnlyList<ActivityPhoto>? Photos = null);

/// <summary>
/// The care-activity log of a community. Append-only: a wrong entry is replaced by a correction entry that names it, and
/// only entries not replaced count on the statistics form. Reads are scoped to the user's subtree.
/// </summary>
public sealed class ActivityHandler(EqualCareDb db, AuditLog audit, TimeProvider clock, AttachmentStore attachments)
{
    const int MaxPlace = 200;
    const int MaxNote = 2000;
    const long MaxAmount = 100_000_000;

    public async Task<IReadOnlyList<ActivityItem>> ListAsync(CurrentUser user, DateOnly from, DateOnly to, CancellationToken ct)
    {
        var entries = await db.Set<ActivityEntry>().AsNoTracking().WithinOrg(e => e.OrgCode, user.Org)
            .Where(e => e.ActivityDate >= from && e.ActivityDate <= to)
            .OrderByDescending(e => e.ActivityDate).ThenByDescending(e => e.Id).ToListAsync(ct);
        var ids = entries.Select(e => e.Id).ToList();
        var quantities = await db.Set<ActivityQuantity>().AsNoTracking().Where(q => ids.Contains(q.EntryId)).ToListAsync(ct);
        var correctedBy = await db.Set<ActivityEntry>().AsNoTracking()
            .Where(c => c.CorrectsEntryId != null && ids.Contains(c.CorrectsEntryId.Value))
            .Select(c => new { c.Id, Target = c.CorrectsEntryId!.Value }).ToListAsync(ct);
        var byEntry = quantities.ToLookup(q => q.EntryId);
        var replaced = correctedBy.ToDictionary(c => c.Target, c => c.Id);
        var siteIds = entries.Where(e => e.SiteId is not null).Select(e => e.SiteId!.Value).Distinct().ToList();
        var sites = await db.Set<PublicitySite>().AsNoTracking().Where(s => siteIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => s.Name, ct);
        var links = await db.Set<ActivityAttachment>().AsNoTracking().Where(a => ids.Contains(a.EntryId)).OrderBy(a => a.Id).ToListAsync(ct);
        var files = await attachments.RowsAsync(links.Select(l => l.AttachmentId), ct);
        var photos = links.ToLookup(l => l.EntryId, l => new ActivityPhoto(l.AttachmentId, files[l.AttachmentId].FileName));
        return entries.Select(e => ToItem(e, byEntry[e.Id], replaced.TryGetValue(e.Id, out var by) ? by : null,
            e.SiteId is { } site ? sites.GetValueOrDefault(site) : null, photos[e.Id].ToList())).ToList();
    }

    /// <summary>
    /// Adds a photo (or document, recording) to an entry of the user's own community: checked and kept by the attachments
    /// store, linked and audited in one transaction. Entries are append-only; their photos are added, never removed.
    /// </summary>
    public async Task<Result<long>> AttachAsync(CurrentUser user, long entryId, Stream content, string? fileName, CancellationToken ct)
    {
        if (user.Role != Roles.Community || user.Org.Level != 5) return Error.Forbidden("activity.forbidden");
        if (!await db.Set<ActivityEntry>().AnyAsync(e => e.Id == entryId && e.OrgCode == user.Org.Value, ct)) return Error.NotFound("activity.notFound");
        var stored = await attachments.StoreAsync(user, content, fileName, ct);
        if (!stored.IsSuccess) return stored.Error;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        db.Set<ActivityAttachment>().Add(new ActivityAttachment
        {
            EntryId = entryId, AttachmentId = stored.Value.Id, AddedAt = clock.UtcNow(), AddedBy = user.UserName,
        });
        audit.Add(AuditLog.Actions.Create, "activity-attachment", Id(stored.Value.Id),
            detail: $"activity={entryId}; kind={stored.Value.Kind}; bytes={stored.Value.SizeBytes}", userName: user.UserName);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return stored.Value.Id;
    }

    public async Task<Result<ActivityItem>> RecordAsync(CurrentUser user, ActivityRequest request, CancellationToken ct)
    {
        if (user.Role != Roles.Community || user.Org.Level != 5) return Error.Forbidden("activity.forbidden");
        var checkedInput = Check(request, clock.Today());
        if (!checkedInput.IsSuccess) return checkedInput.Error;
        var (kind, quantities) = checkedInput.Value;

        ActivityEntry? target = null;
        if (request.CorrectsEntryId is { } targetId)
        {
            target = await db.Set<ActivityEntry>().AsNoTracking().Where(e => e.Id == targetId && e.OrgCode == user.Org.Value).SingleOrDefaultAsync(ct);
            if (target is null) return Error.NotFound("activity.notFound");
            if (string.IsNullOrWhiteSpace(request.Reason)) return Error.Validation("activity.reason.required", "Reason");
            if (await db.Set<ActivityEntry>().AnyAsync(e => e.CorrectsEntryId == targetId, ct)) return Error.Conflict("activity.alreadyCorrected");
        }
        else if (quantities.All(q => q.Value == 0))
        {
            return Error.Validation("activity.quantities.required", "Quantities");
        }
        string? siteName = null;
        if (request.SiteId is { } siteId)
        {
            // Only a site of the user's own community: another's is as if it did not exist.
            siteName = await db.Set<PublicitySite>().AsNoTracking().Where(s => s.Id == siteId && s.OrgCode == user.Org.Value).Select(s => s.Name)
                .SingleOrDefaultAsync(ct);
            if (siteName is null) return Error.Validation("activity.site.unknown", "SiteId");
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var entry = new ActivityEntry
        {
            OrgCode = user.Org.Value, ActivityDate = request.Date!.Value, Place = request.Place!.Trim(), Kind = kind, Note = Clean(request.Note),
            SiteId = request.SiteId,
            CorrectsEntryId = target?.Id, CorrectionReason = target is null ? null : request.Reason!.Trim(), RecordedAt = clock.UtcNow(),
            RecordedBy = user.UserName,
        };
        db.Set<ActivityEntry>().Add(entry);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (target is not null && UniqueKey.IsViolation(e))
        {
            // Corrected a moment ago by another request: the unique key on corrects_entry_id kept that correction.
            db.ChangeTracker.Clear();
            return Error.Conflict("activity.alreadyCorrected");
        }
        var rows = quantities.Where(q => q.Value > 0 || target is not null)
            .Select(q => new ActivityQuantity { EntryId = entry.Id, ColumnCode = q.Key, Amount = q.Value }).ToList();
        db.Set<ActivityQuantity>().AddRange(rows);
        audit.Add(target is null ? AuditLog.Actions.Create : AuditLog.Actions.Update, "activity", Id(entry.Id),
            detail: target is null ? $"kind={kind}" : $"corrects={target.Id}", userName: user.UserName);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return ToItem(entry, rows, null, siteName, []);
    }

    /// <summary>The checks of an entry: a real date not in the future, a place, a known kind, known quantities within bounds.</summary>
    public static Result<(ActivityKind Kind, Dictionary<string, long> Quantities)> Check(ActivityRequest r, DateOnly today)
    {
        if (r.Date is not { } date) return Error.Validation("activity.date.required", "Date");
        if (date > today) return Error.Validation("activity.date.future", "Date");
        if (string.IsNullOrWhiteSpace(r.Place)) return Error.Validation("activity.place.required", "Place");
        if (r.Place.Trim().Length > MaxPlace) return Error.Validation("activity.place.long", "Place");
        if (r.Note?.Trim().Length > MaxNote) return Error.Validation("activity.note.long", "Note");
        if (!EnumNames.TryParse<ActivityKind>(r.Kind, out var kind)) return Error.Validation("activity.kind.bad", "Kind");
        var quantities = StatColumns.ActivityQuantities.ToDictionary(c => c.Code, _ => 0L);
        foreach (var (code, amount) in r.Quantities ?? new Dictionary<string, long?>())
        {
            if (!quantities.ContainsKey(code)) return Error.Validation("activity.quantity.unknown", "Quantities");
            if (amount is < 0 or > MaxAmount) return Error.Validation("activity.quantity.bad", code);
            quantities[code] = amount ?? 0;
        }
        return (kind, quantities);
    }

    /// <summary>
    /// The sums of the entries of one office in a period, by column code, leaving out entries a correction replaced:
    /// one grouped query.
    /// </summary>
    public async Task<Dictionary<string, long>> SumsAsync(string orgCode, DateOnly from, DateOnly to, CancellationToken ct)
    {
        var entries = db.Set<ActivityEntry>();
        var counted = entries.Where(e => e.OrgCode == orgCode && e.ActivityDate >= from && e.ActivityDate <= to)
            .Where(e => !entries.Any(c => c.CorrectsEntryId == e.Id));
        var sums = await db.Set<ActivityQuantity>().Where(q => counted.Any(e => e.Id == q.EntryId))
            .GroupBy(q => q.ColumnCode).Select(g => new { Code = g.Key, Sum = g.Sum(q => q.Amount) }).ToListAsync(ct);
        return sums.ToDictionary(s => s.Code, s => s.Sum);
    }

    static ActivityItem ToItem(ActivityEntry e, IEnumerable<ActivityQuantity> quantities, long? correctedBy, string? siteName,
        IReadOnlyList<ActivityPhoto> photos) => new(
        e.Id, e.OrgCode, e.ActivityDate, e.Place, e.Kind.ToString(), e.Note, quantities.ToDictionary(q => q.ColumnCode, q => q.Amount),
        e.CorrectsEntryId, e.CorrectionReason, correctedBy, e.RecordedAt, e.RecordedBy, e.SiteId, siteName, photos);

    static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);
}
