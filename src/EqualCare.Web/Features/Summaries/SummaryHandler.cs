using System.Globalization;
using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using EqualCare.Web.Domain.Attachments;
using EqualCare.Web.Domain.Summaries;
using EqualCare.Web.Features.Attachments;
using EqualCare.Web.Web;
using Microsoft.EntityFrameworkCore;

namespace EqualCare.Web.Features.Summaries;

/// <summary>
/// Activity summaries due on a date (issue 18 point 2; seed 000 三(二), seed 002 二, seed 004 4). An office above (a street or
/// a district) asks units below it; each unit writes its text, attaches files and submits; the office sees who submitted on
/// time, who late and who not at all, and can return a summary for rework. Every step is a new row (who, when).
/// Who sees what: the asking office and the offices above it see every unit's summary; a unit sees its own and those of
/// units inside it; anyone else, and the system administrator, finds nothing (404).
/// </summary>
public sealed class SummaryHandler(EqualCareDb db, AuditLog audit, TimeProvider clock, AttachmentStore attachments)
{
    const int MaxTitle = 200;
    const int MaxBody = 20_000;
    const int MaxReason = 500;

    public static bool CanAsk(CurrentUser user) => user.Role is Roles.Street or Roles.District && user.Org.Level is >= 2 and <= 4;

    public async Task<Result<long>> CreateAsync(CurrentUser user, SummaryRequestInput input, CancellationToken ct)
    {
        if (!CanAsk(user)) return Error.Forbidden("summary.forbidden.ask");
        var problems = new List<Error>();
        var title = input.Title?.Trim() ?? "";
        if (title.Length == 0) problems.Add(Error.Validation("summary.title.required", "Title"));
        else if (title.Length > MaxTitle) problems.Add(Error.Validation("summary.title.long", "Title"));
        if (input.PeriodStart is null || input.PeriodEnd is null) problems.Add(Error.Validation("summary.period.required", "PeriodStart"));
        else if (input.PeriodStart > input.PeriodEnd) problems.Add(Error.Validation("summary.period.order", "PeriodEnd"));
        if (input.DueOn is not { } due) problems.Add(Error.Validation("summary.due.required", "DueOn"));
        else if (due < clock.Today()) problems.Add(Error.Validation("summary.due.past", "DueOn"));
        var codes = (input.UnitCodes ?? []).Where(c => !string.IsNullOrWhiteSpace(c)).Select(c => c.Trim()).Distinct().ToList();
        if (codes.Count == 0) problems.Add(Error.Validation("summary.units.required", "UnitCodes"));
        else if (codes.Any(c => c == user.Org.Value || !user.Org.Contains(c))) problems.Add(Error.Validation("summary.units.outside", "UnitCodes"));
        else if (await db.OrgUnits.CountAsync(o => codes.Contains(o.Code), ct) != codes.Count)
            problems.Add(Error.Validation("summary.units.outside", "UnitCodes"));
        if (problems.Count > 0) return Error.Invalid(problems);

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var request = new SummaryRequest
        {
            OrgCode = user.Org.Value, Title = title, PeriodStart = input.PeriodStart!.Value, PeriodEnd = input.PeriodEnd!.Value,
            DueOn = input.DueOn!.Value, Note = Clean(input.Note), CreatedAt = clock.UtcNow(), CreatedBy = user.UserName,
        };
        db.Set<SummaryRequest>().Add(request);
        await db.SaveChangesAsync(ct);
        db.Set<SummaryRequestUnit>().AddRange(codes.Select(c => new SummaryRequestUnit { RequestId = request.Id, UnitCode = c }));
        audit.Add(AuditLog.Actions.Create, "summary-request", Id(request.Id), detail: $"due={request.DueOn:yyyy-MM-dd}; units={codes.Count}",
            userName: user.UserName);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return request.Id;
    }

    /// <summary>The requests the user's unit set or is asked, with the counts an office needs: submitted, late, overdue.</summary>
    public async Task<IReadOnlyList<SummaryRequestRow>> ListAsync(CurrentUser user, CancellationToken ct)
    {
        if (user.Role == Roles.SystemAdmin) return [];
        var own = user.Org.Value;
        var setInScope = db.Set<SummaryRequest>().WithinOrg(r => r.OrgCode, user.Org).Select(r => r.Id);
        var asked = db.Set<SummaryRequestUnit>().Where(u => u.UnitCode == own).Select(u => u.RequestId);
        var requests = await db.Set<SummaryRequest>().AsNoTracking()
            .Where(r => setInScope.Contains(r.Id) || asked.Contains(r.Id))
            .OrderByDescending(r => r.DueOn).ThenByDescending(r => r.Id).Take(200).ToListAsync(ct);
        var ids = requests.Select(r => r.Id).ToList();
        var units = await db.Set<SummaryRequestUnit>().AsNoTracking().Where(u => ids.Contains(u.RequestId)).ToListAsync(ct);
        var events = await db.Set<SummaryEvent>().AsNoTracking().Where(e => ids.Contains(e.RequestId)).OrderBy(e => e.Seq).ToListAsync(ct);
        var names = await NamesAsync(requests.Select(r => r.OrgCode), ct);
        var now = clock.UtcNow();
        var rows = new List<SummaryRequestRow>();
        foreach (var r in requests)
        {
            var setter = user.Org.Contains(r.OrgCode);
            var statuses = units.Where(u => u.RequestId == r.Id && (setter || u.UnitCode == own))
                .ToDictionary(u => u.UnitCode, u => SummaryDeadline.Of(r.DueOn, events.Where(e => e.RequestId == r.Id && e.UnitCode == u.UnitCode).ToList(), now));
            rows.Add(new SummaryRequestRow(r.Id, r.Title, r.OrgCode, names.GetValueOrDefault(r.OrgCode, r.OrgCode), r.DueOn,
                statuses.Count, statuses.Values.Count(s => s.FirstSubmittedAt is not null), statuses.Values.Count(s => s is { Late: true, FirstSubmittedAt: not null }),
                statuses.Values.Count(s => s.State == SummaryState.Overdue), statuses.GetValueOrDefault(own)));
        }
        await audit.RecordAsync(AuditLog.Actions.List, "summary-request", null, detail: $"rows={rows.Count}", ct: ct);
        return rows;
    }

    /// <summary>A request with the state of each unit the user may see.</summary>
    public async Task<Result<SummaryRequestView>> GetAsync(CurrentUser user, long id, CancellationToken ct)
    {
        var found = await FindAsync(user, id, ct);
        if (!found.IsSuccess) return found.Error;
        var (request, visible) = found.Value;
        var events = await db.Set<SummaryEvent>().AsNoTracking().Where(e => e.RequestId == id && visible.Contains(e.UnitCode))
            .OrderBy(e => e.Seq).ToListAsync(ct);
        var files = await db.Set<SummaryAttachment>().AsNoTracking().Where(a => a.RequestId == id && visible.Contains(a.UnitCode))
            .GroupBy(a => a.UnitCode).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        var names = await NamesAsync(visible.Append(request.OrgCode), ct);
        var now = clock.UtcNow();
        var rows = visible.Order(StringComparer.Ordinal).Select(code =>
        {
            var steps = events.Where(e => e.UnitCode == code).ToList();
            var last = steps.LastOrDefault(s => s.Action == SummaryAction.Submitted);
            return new SummaryUnitRow(code, names.GetValueOrDefault(code, code), SummaryDeadline.Of(request.DueOn, steps, now), last?.ByUser,
                files.GetValueOrDefault(code));
        }).ToList();
        await audit.RecordAsync(AuditLog.Actions.View, "summary-request", Id(id), ct: ct);
        return new SummaryRequestView(request, names.GetValueOrDefault(request.OrgCode, request.OrgCode), user.Org.Contains(request.OrgCode), rows);
    }

    /// <summary>One unit's summary: its text as last submitted, its files, its history, and what the user may do.</summary>
    public async Task<Result<SummaryUnitView>> GetUnitAsync(CurrentUser user, long id, string unitCode, CancellationToken ct)
    {
        var found = await FindAsync(user, id, ct);
        if (!found.IsSuccess) return found.Error;
        var (request, visible) = found.Value;
        if (!visible.Contains(unitCode)) return Error.NotFound("summary.notFound");
        var steps = await StepsAsync(id, unitCode, ct);
        var links = await db.Set<SummaryAttachment>().AsNoTracking().Where(a => a.RequestId == id && a.UnitCode == unitCode)
            .OrderBy(a => a.Id).ToListAsync(ct);
        var rows = await attachments.RowsAsync(links.Select(l => l.AttachmentId), ct);
        var files = links.Select(l => rows[l.AttachmentId])
            .Select((a, i) => new SummaryAttachmentLine(a.Id, a.FileName, a.Kind, a.SizeBytes, links[i].AddedAt, links[i].AddedBy)).ToList();
        var history = steps.Select(s => s.Action == SummaryAction.Submitted
                ? new SummaryHistoryLine(s.At, s.ByUser, "submitted", null)
                : new SummaryHistoryLine(s.At, s.ByUser, "returned", s.Reason))
            .Concat(files.Select(f => new SummaryHistoryLine(f.AddedAt, f.AddedBy, "attached", f.FileName)))
            .OrderBy(h => h.At).ToList();
        var names = await NamesAsync([unitCode, request.OrgCode], ct);
        var status = SummaryDeadline.Of(request.DueOn, steps, clock.UtcNow());
        var open = steps.Count == 0 || steps[^1].Action == SummaryAction.Returned;
        await audit.RecordAsync(AuditLog.Actions.View, "summary", $"{id}/{unitCode}", ct: ct);
        return new SummaryUnitView(request, names.GetValueOrDefault(request.OrgCode, request.OrgCode), unitCode, names.GetValueOrDefault(unitCode, unitCode),
            status, steps.LastOrDefault(s => s.Action == SummaryAction.Submitted)?.Body,
            steps.Count > 0 && steps[^1].Action == SummaryAction.Returned ? steps[^1].Reason : null, files, history,
            CanWrite(user, unitCode) && open, CanReturn(user, request) && !open);
    }

    /// <summary>Keeps a file and links it to the unit's summary while the summary is open (not submitted, or returned).</summary>
    public async Task<Result<long>> AttachAsync(CurrentUser user, long id, string unitCode, Stream content, string? fileName, CancellationToken ct)
    {
        var open = await OpenForWriteAsync(user, id, unitCode, ct);
        if (!open.IsSuccess) return open.Error;
        var stored = await attachments.StoreAsync(user, content, fileName, ct);
        if (!stored.IsSuccess) return stored.Error;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        db.Set<SummaryAttachment>().Add(new SummaryAttachment
        {
            RequestId = id, UnitCode = unitCode, AttachmentId = stored.Value.Id, AddedAt = clock.UtcNow(), AddedBy = user.UserName,
        });
        audit.Add(AuditLog.Actions.Create, "summary-attachment", Id(stored.Value.Id),
            detail: $"summary={id}/{unitCode}; kind={stored.Value.Kind}; bytes={stored.Value.SizeBytes}", userName: user.UserName);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return stored.Value.Id;
    }

    public async Task<Result<SummaryStatus>> SubmitAsync(CurrentUser user, long id, string unitCode, string? body, CancellationToken ct)
    {
        var open = await OpenForWriteAsync(user, id, unitCode, ct);
        if (!open.IsSuccess) return open.Error;
        var text = body?.Trim() ?? "";
        if (text.Length == 0) return Error.Validation("summary.body.required", "Body");
        if (text.Length > MaxBody) return Error.Validation("summary.body.long", "Body");
        var (request, steps) = open.Value;
        var step = new SummaryEvent
        {
            RequestId = id, UnitCode = unitCode, Seq = steps.Count + 1, Action = SummaryAction.Submitted, Body = text, At = clock.UtcNow(),
            ByUser = user.UserName,
        };
        var saved = await AppendAsync(step, user, ct);
        if (!saved.IsSuccess) return saved.Error;
        return SummaryDeadline.Of(request.DueOn, [.. steps, step], clock.UtcNow());
    }

    public async Task<Result<SummaryStatus>> ReturnAsync(CurrentUser user, long id, string unitCode, string? reason, CancellationToken ct)
    {
        var found = await FindAsync(user, id, ct);
        if (!found.IsSuccess) return found.Error;
        var (request, visible) = found.Value;
        if (!visible.Contains(unitCode)) return Error.NotFound("summary.notFound");
        if (!CanReturn(user, request)) return Error.Forbidden("summary.forbidden.return");
        var steps = await StepsAsync(id, unitCode, ct);
        if (steps.Count == 0 || steps[^1].Action != SummaryAction.Submitted) return Error.Conflict("summary.notSubmitted");
        var text = reason?.Trim() ?? "";
        if (text.Length == 0) return Error.Validation("summary.reason.required", "Reason");
        if (text.Length > MaxReason) return Error.Validation("summary.reason.long", "Reason");
        var step = new SummaryEvent
        {
            RequestId = id, UnitCode = unitCode, Seq = steps.Count + 1, Action = SummaryAction.Returned, Reason = text, At = clock.UtcNow(),
            ByUser = user.UserName,
        };
        var saved = await AppendAsync(step, user, ct);
        if (!saved.IsSuccess) return saved.Error;
        return SummaryDeadline.Of(request.DueOn, [.. steps, step], clock.UtcNow());
    }

    /// <summary>Only the unit itself writes its summary: its own users, whatever office sits above.</summary>
    static bool CanWrite(CurrentUser user, string unitCode) => user.Role != Roles.SystemAdmin && user.Org.Value == unitCode;

    /// <summary>Only the office that asked returns a summary.</summary>
    static bool CanReturn(CurrentUser user, SummaryRequest request) => CanAsk(user) && user.Org.Value == request.OrgCode;

    async Task<Result<(SummaryRequest Request, List<SummaryEvent> Steps)>> OpenForWriteAsync(CurrentUser user, long id, string unitCode,
        CancellationToken ct)
    {
        var found = await FindAsync(user, id, ct);
        if (!found.IsSuccess) return found.Error;
        if (!found.Value.Visible.Contains(unitCode)) return Error.NotFound("summary.notFound");
        if (!CanWrite(user, unitCode)) return Error.Forbidden("summary.forbidden.write");
        var steps = await StepsAsync(id, unitCode, ct);
        if (steps.Count > 0 && steps[^1].Action == SummaryAction.Submitted) return Error.Conflict("summary.alreadySubmitted");
        return (found.Value.Request, steps);
    }

    async Task<Result<bool>> AppendAsync(SummaryEvent step, CurrentUser user, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.Set<SummaryEvent>().Add(step);
        audit.Add(AuditLog.Actions.Update, "summary", $"{step.RequestId}/{step.UnitCode}", detail: $"action={step.Action}; seq={step.Seq}",
            userName: user.UserName);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (UniqueKey.IsViolation(e))
        {
            // Another step of the same summary was taken a moment ago: the unique (request, unit, seq) key kept that one.
            db.ChangeTracker.Clear();
            return Error.Conflict("summary.changed");
        }
        await tx.CommitAsync(ct);
        return true;
    }

    /// <summary>The request and the units of it the user may see; none: 404.</summary>
    async Task<Result<(SummaryRequest Request, HashSet<string> Visible)>> FindAsync(CurrentUser user, long id, CancellationToken ct)
    {
        if (user.Role == Roles.SystemAdmin) return Error.NotFound("summary.notFound");
        var request = await db.Set<SummaryRequest>().AsNoTracking().SingleOrDefaultAsync(r => r.Id == id, ct);
        if (request is null) return Error.NotFound("summary.notFound");
        var units = await db.Set<SummaryRequestUnit>().AsNoTracking().Where(u => u.RequestId == id).Select(u => u.UnitCode).ToListAsync(ct);
        var setter = user.Org.Contains(request.OrgCode);
        var visible = units.Where(u => setter || user.Org.Contains(u)).ToHashSet(StringComparer.Ordinal);
        return visible.Count == 0 ? Error.NotFound("summary.notFound") : (request, visible);
    }

    Task<List<SummaryEvent>> StepsAsync(long id, string unitCode, CancellationToken ct) =>
        db.Set<SummaryEvent>().AsNoTracking().Where(e => e.RequestId == id && e.UnitCode == unitCode).OrderBy(e => e.Seq).ToListAsync(ct);

    /// <summary>The units below the user's that may be asked: its direct children.</summary>
    public async Task<IReadOnlyList<(string Code, string Name)>> ChildUnitsAsync(CurrentUser user, CancellationToken ct) =>
        (await db.OrgUnits.AsNoTracking().Where(o => o.ParentCode == user.Org.Value).OrderBy(o => o.Code)
            .Select(o => new { o.Code, o.Name }).ToListAsync(ct)).Select(o => (o.Code, o.Name)).ToList();

    async Task<Dictionary<string, string>> NamesAsync(IEnumerable<string> codes, CancellationToken ct)
    {
        var wanted = codes.Distinct().ToList();
        return await db.OrgUnits.AsNoTracking().Where(o => wanted.Contains(o.Code)).ToDictionaryAsync(o => o.Code, o => o.Name, ct);
    }

    static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);
}
