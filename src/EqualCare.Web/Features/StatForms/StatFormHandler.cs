using System.Globalization;
using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using EqualCare.Web.Domain.Statistics;
using EqualCare.Web.Web;
using Microsoft.EntityFrameworkCore;

namespace EqualCare.Web.Features.StatForms;

/// <summary>
/// The statistics form of seed 002 per office and period: opened (filled from its sources), edited where a figure has no
/// source, submitted, approved or returned one level up. Every refusal is a clear error that changes nothing; a form outside
/// the user's subtree is "not found"; an approved form is locked (here, and by a database trigger).
/// The figures add up at all times: an upper form lists every unit below it with its state, shows figures for the approved
/// units only, and its 合计 is the sum of those rows; a form whose upper form is submitted or approved cannot change until the
/// upper office reopens its own form (audited), so what an upper form summed stays what it shows; submitting an upper form
/// with units not approved needs a reason, printed as 未报单位.
/// </summary>
public sealed class StatFormHandler(EqualCareDb db, StatFormSources sources, AuditLog audit, TimeProvider clock)
{
    const int MaxText = 500;
    const int MaxPeriodDays = 366;

    public async Task<IReadOnlyList<StatFormSummary>> ListAsync(CurrentUser user, DateOnly start, DateOnly end, CancellationToken ct)
    {
        if (!user.CanReadPersons) return [];
        var forms = await db.Set<StatForm>().AsNoTracking().WithinOrg(f => f.OrgCode, user.Org)
            .Where(f => f.PeriodStart == start && f.PeriodEnd == end).OrderBy(f => f.Level).ThenBy(f => f.OrgCode).ToListAsync(ct);
        var names = await NamesAsync(forms.Select(f => f.OrgCode), ct);
        return forms.Select(f => new StatFormSummary(f.Id, f.OrgCode, names.GetValueOrDefault(f.OrgCode, f.OrgCode), f.Level, f.PeriodStart,
            f.PeriodEnd, f.State.ToString(), f.UpdatedAt)).ToList();
    }

    /// <summary>The user's own form for the period, created and filled from its sources if it does not exist yet.</summary>
    public async Task<Result<long>> OpenAsync(CurrentUser user, DateOnly? start, DateOnly? end, CancellationToken ct)
    {
        if (StatFormWorkflow.OwnerRole(user.Org.Level) != user.Role) return Error.Forbidden("statform.forbidden.open");
        if (start is not { } from) return Error.Validation("statform.period.required", "Start");
        if (end is not { } to) return Error.Validation("statform.period.required", "End");
        if (to < from || to.DayNumber - from.DayNumber >= MaxPeriodDays) return Error.Validation("statform.period.bad", "End");
        if (from > clock.Today()) return Error.Validation("statform.period.future", "Start");

        if (await ExistingAsync(user.Org.Value, from, to, ct) is { } id) return id;
        // A new form would appear under an upper form that is already submitted or approved: refused like any other change.
        if (StatFormWorkflow.UpperLocks(await UpperStateAsync(user.Org.Value, from, to, ct)))
            return Error.Conflict(StatFormWorkflow.UpperLocked);
        try
        {
            return await CreateAsync(user, from, to, ct);
        }
        catch (DbUpdateException)
        {
            // Opened twice at once (a double click): the unique index kept one form; answer that one.
            db.ChangeTracker.Clear();
            return await ExistingAsync(user.Org.Value, from, to, ct) is { } other ? other : throw new InvalidOperationException("statform not created");
        }
    }

    Task<long?> ExistingAsync(string org, DateOnly from, DateOnly to, CancellationToken ct) =>
        db.Set<StatForm>().Where(f => f.OrgCode == org && f.PeriodStart == from && f.PeriodEnd == to).Select(f => (long?)f.Id).SingleOrDefaultAsync(ct);

    async Task<long> CreateAsync(CurrentUser user, DateOnly from, DateOnly to, CancellationToken ct)
    {
        var now = clock.UtcNow();
        var form = new StatForm
        {
            OrgCode = user.Org.Value, Level = user.Org.Level, PeriodStart = from, PeriodEnd = to, State = StatFormState.Draft,
            CreatedAt = now, CreatedBy = user.UserName, UpdatedAt = now,
        };
        var figures = await sources.ComputeAsync(form, ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.Set<StatForm>().Add(form);
        await db.SaveChangesAsync(ct);
        db.Set<StatFormCell>().AddRange(StatColumns.All.Select(c => new StatFormCell
        {
            FormId = form.Id, ColumnCode = c.Code, Amount = c.IsText ? null : figures.GetValueOrDefault(c.Code),
        }));
        db.Set<StatFormEvent>().Add(new StatFormEvent { FormId = form.Id, At = now, UserName = user.UserName, ToState = StatFormState.Draft });
        audit.Add(AuditLog.Actions.Create, "statform", Id(form.Id), detail: $"org={form.OrgCode} period={from:yyyy-MM-dd}..{to:yyyy-MM-dd}",
            userName: user.UserName);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return form.Id;
    }

    public async Task<Result<StatFormView>> GetAsync(CurrentUser user, long id, CancellationToken ct)
    {
        var form = await FindAsync(user, id, tracked: false, ct);
        if (form is null) return Error.NotFound("statform.notFound");
        var cells = await db.Set<StatFormCell>().AsNoTracking().Where(c => c.FormId == id).ToListAsync(ct);
        var stored = cells.ToDictionary(c => c.ColumnCode);
        var editable = StatFormWorkflow.CanEdit(form.State);
        var code = OrgCode.Parse(form.OrgCode);
        var upperLocked = StatFormWorkflow.UpperLocks(await UpperStateAsync(form.OrgCode, form.PeriodStart, form.PeriodEnd, ct));
        var isOwner = StatFormWorkflow.IsOwner(user.Role, user.Org, code);
        var canEdit = isOwner && editable && !upperLocked;
        var names = await NamesAsync([form.OrgCode], ct);
        var orgName = names.GetValueOrDefault(form.OrgCode, form.OrgCode);
        var remarks = stored.GetValueOrDefault(StatColumns.Remarks)?.Text;

        Dictionary<string, long> figures;
        List<StatRowView> rows;
        var children = await ChildrenAsync(form, ct);
        if (form.Level >= 5)
        {
            // While the form may change, sourced figures are shown as they are now; they are stored on save and on submit.
            var live = editable ? await sources.ComputeAsync(form, ct) : null;
            figures = StatColumns.Figures.ToDictionary(c => c.Code,
                c => live is not null && live.TryGetValue(c.Code, out var now) ? now : stored.GetValueOrDefault(c.Code)?.Amount ?? 0);
            rows = [new StatRowView(orgName, form.OrgCode, form.State.ToString(), form.Id, figures, remarks, true)];
        }
        else
        {
            // Every unit below, with its state; figures only for the approved ones, and 合计 is their sum (the same sum the
            // form stores on submit, which cannot drift afterwards because no form below may change while this one is
            // submitted or approved).
            var units = await db.OrgUnits.AsNoTracking().WithinOrg(o => o.Code, code).Where(o => o.Level == form.Level + 1)
                .Select(o => new { o.Code, o.Name }).ToListAsync(ct);
            var byOrg = children.ToDictionary(c => c.OrgCode);
            var all = units.Select(u => (u.Code, u.Name)).Concat(children.Where(c => units.All(u => u.Code != c.OrgCode)).Select(c => (Code: c.OrgCode, Name: c.OrgName)))
                .OrderBy(u => u.Code, StringComparer.Ordinal).ToList();
            rows = all.Select(u =>
            {
                var child = byOrg.GetValueOrDefault(u.Code);
                var approved = child?.State == nameof(StatFormState.Approved);
                return new StatRowView(u.Name, u.Code, child?.State ?? NotFiled, child?.Id,
                    approved ? StatColumns.Figures.ToDictionary(c => c.Code, c => child!.Figures.GetValueOrDefault(c.Code)) : null,
                    approved ? child!.Remarks : null, false);
            }).ToList();
            figures = StatColumns.Figures.ToDictionary(c => c.Code, c => rows.Sum(r => r.Figures?.GetValueOrDefault(c.Code) ?? 0));
            rows.Add(new StatRowView("合计", form.OrgCode, form.State.ToString(), form.Id, figures, remarks, true));
        }

        var cellViews = StatColumns.Figures.Select(c =>
        {
            var amount = figures[c.Code];
            var source = form.Level < 5 ? "Sum" : c.Source.ToString();
            return new StatCellView(c.Code, c.Number, c.ChineseHeader, StatUnits.Chinese(c.Unit), StatUnits.BaseChinese(c.Unit), source, amount,
                StatUnits.Format(c.Unit, amount), StatUnits.FormatNatural(amount), canEdit && form.Level == 5 && c.Source == StatSource.Entered);
        }).ToList();

        var history = (await db.Set<StatFormEvent>().AsNoTracking().Where(e => e.FormId == id).OrderBy(e => e.Id).ToListAsync(ct))
            .Select(e => new StatEventView(e.At, e.UserName, e.FromState?.ToString(), e.ToState.ToString(), e.Reason)).ToList();
        // 未报单位: the reason given when the form went up with units not approved; it stands while the form is up there.
        var unreportedReason = form.State is StatFormState.Submitted or StatFormState.Approved
            ? history.LastOrDefault(h => h.To == nameof(StatFormState.Submitted))?.Reason
            : null;
        var isReviewer = StatFormWorkflow.IsReviewer(user.Role, user.Org, code);
        return new StatFormView(form.Id, form.OrgCode, orgName, form.Level, form.PeriodStart,
            form.PeriodEnd, form.State.ToString(), form.Version, form.Preparer, form.Head, remarks,
            cellViews, children, rows.Count(r => !r.IsTotal && form.Level < 5), history, canEdit, canEdit,
            form.State == StatFormState.Submitted && isReviewer && !upperLocked)
        {
            Title = SpringFestival.FormTitle(form.PeriodStart, form.PeriodEnd),
            Rows = rows,
            UnreportedReason = unreportedReason,
            CanReopen = isOwner && !editable && !upperLocked,
            UpperLocked = upperLocked && (isOwner || isReviewer),
        };
    }

    /// <summary>The state a unit below has on its upper form when it has no form for the period: 未填报.</summary>
    public const string NotFiled = "NotFiled";

    /// <summary>Stores what the office typed, and the sourced figures as they are now. Refused once submitted or approved.</summary>
    public async Task<Result<int>> SaveAsync(CurrentUser user, long id, StatFormInput input, CancellationToken ct)
    {
        var form = await FindAsync(user, id, tracked: true, ct);
        if (form is null) return Error.NotFound("statform.notFound");
        var upperForm = await UpperFormAsync(form, ct);
        var upper = upperForm?.State;
        if (StatFormWorkflow.EditRefusal(form.State, user.Role, user.Org, OrgCode.Parse(form.OrgCode), upper) is { } refusal)
            return await RefuseAsync(form, refusal, "save", user, ct);
        if (input.Version is { } version && version != form.Version) return Error.Conflict("statform.stale");

        var entered = new Dictionary<string, long>();
        foreach (var (code, text) in input.Values ?? new Dictionary<string, string?>())
        {
            var column = StatColumns.Find(code);
            if (column is null || column.IsText) return Error.Validation("statform.cell.unknown", code);
            if (form.Level < 5 || column.Source != StatSource.Entered) return Error.Validation("statform.cell.sourced", code);
            // Typed in the natural unit (例), never in 万: the print shows 万 (seed 002), the screen does not.
            if (StatUnits.ParseNatural(text) is not { } amount) return Error.Validation("statform.cell.bad", code);
            entered[code] = amount;
        }
        if (input.Remarks?.Trim().Length > MaxText || input.Preparer?.Trim().Length > 50 || input.Head?.Trim().Length > 50)
            return Error.Validation("statform.text.long", "Remarks");

        var cells = await StoreFiguresAsync(form, ct);
        foreach (var (code, amount) in entered) cells[code].Amount = amount;
        cells[StatColumns.Remarks].Text = Clean(input.Remarks);
        form.Preparer = Clean(input.Preparer);
        form.Head = Clean(input.Head);
        if (upperForm is not null) upperForm.Version++;
        return await CommitAsync(form, AuditLog.Actions.Update, "save", user, ct);
    }

    public async Task<Result<int>> TransitionAsync(CurrentUser user, long id, StatFormAction action, string? reason, int? version,
        CancellationToken ct)
    {
        var form = await FindAsync(user, id, tracked: true, ct);
        if (form is null) return Error.NotFound("statform.notFound");
        var upperForm = await UpperFormAsync(form, ct);
        var upper = upperForm?.State;
        var (next, refusal) = StatFormWorkflow.Apply(form.State, action, user.Role, user.Org, OrgCode.Parse(form.OrgCode), reason, upper);
        if (refusal is not null) return await RefuseAsync(form, refusal, action.ToString(), user, ct);
        if (version is { } v && v != form.Version) return Error.Conflict("statform.stale");
        if (reason?.Trim().Length > MaxText) return Error.Validation("statform.text.long", "Reason");

        // An upper form going up with units below not approved carries the reason, printed as 未报单位.
        var keepReason = action is StatFormAction.Return or StatFormAction.Reopen;
        if (action == StatFormAction.Submit && form.Level < 5 && await HasUnapprovedUnitsAsync(form, ct))
        {
            if (string.IsNullOrWhiteSpace(reason)) return await RefuseAsync(form, "statform.unreported.reason", action.ToString(), user, ct);
            keepReason = true;
        }

        // What is submitted is what the sources say at this moment.
        if (action == StatFormAction.Submit) await StoreFiguresAsync(form, ct);
        db.Set<StatFormEvent>().Add(new StatFormEvent
        {
            FormId = form.Id, At = clock.UtcNow(), UserName = user.UserName, FromState = form.State, ToState = next!.Value,
            Reason = keepReason ? reason!.Trim() : null,
        });
        form.State = next.Value;
        if (upperForm is not null) upperForm.Version++;
        return await CommitAsync(form, action.ToString().ToLowerInvariant(), action.ToString(), user, ct);
    }

    /// <summary>Writes the sourced figures into the form's cells (tracked) and returns every cell by column code.</summary>
    async Task<Dictionary<string, StatFormCell>> StoreFiguresAsync(StatForm form, CancellationToken ct)
    {
        var cells = await db.Set<StatFormCell>().Where(c => c.FormId == form.Id).ToDictionaryAsync(c => c.ColumnCode, ct);
        foreach (var column in StatColumns.All.Where(c => !cells.ContainsKey(c.Code)))
        {
            var cell = new StatFormCell { FormId = form.Id, ColumnCode = column.Code, Amount = column.IsText ? null : 0 };
            db.Set<StatFormCell>().Add(cell);
            cells[column.Code] = cell;
        }
        foreach (var (code, amount) in await sources.ComputeAsync(form, ct))
            if (form.Level < 5 || StatColumns.Find(code)?.Source != StatSource.Entered) cells[code].Amount = amount;
        return cells;
    }

    async Task<Result<int>> CommitAsync(StatForm form, string auditAction, string what, CurrentUser user, CancellationToken ct)
    {
        form.Version++;
        form.UpdatedAt = clock.UtcNow();
        audit.Add(auditAction, "statform", Id(form.Id), detail: $"{what} state={form.State}", userName: user.UserName);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return Error.Conflict("statform.stale");
        }
        return form.Version;
    }

    async Task<Error> RefuseAsync(StatForm form, string code, string what, CurrentUser user, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        await audit.RecordAsync(what.ToLowerInvariant(), "statform", Id(form.Id), AuditOutcome.Refused, $"{what}: {code}", user.UserName, ct);
        return code switch
        {
            _ when code.StartsWith("statform.forbidden", StringComparison.Ordinal) => Error.Forbidden(code),
            "statform.reason.required" or "statform.unreported.reason" => Error.Validation(code, "Reason"),
            _ => Error.Conflict(code),
        };
    }

    /// <summary>The form if it lies in the user's subtree (the owner's own, or one below a reviewer); otherwise null.</summary>
    async Task<StatForm?> FindAsync(CurrentUser user, long id, bool tracked, CancellationToken ct)
    {
        if (!user.CanReadPersons) return null;
        var forms = db.Set<StatForm>().WithinOrg(f => f.OrgCode, user.Org).Where(f => f.Id == id);
        return await (tracked ? forms : forms.AsNoTracking()).SingleOrDefaultAsync(ct);
    }

    /// <summary>
    /// The form one level up for the same period, tracked: a change to this form moves its version on (Version is the
    /// concurrency token) in the same SaveChanges. So a change below and the upper form going up can never both commit
    /// on what the other has changed: whichever commits second fails its version check and gets statform.stale. Without
    /// it, a community approved while its street submits could slip under a submitted street form.
    /// </summary>
    async Task<StatForm?> UpperFormAsync(StatForm form, CancellationToken ct)
    {
        if (OrgCode.Parse(form.OrgCode).Parent is not { } parent) return null;
        var code = parent.Value;
        return await db.Set<StatForm>().Where(f => f.OrgCode == code && f.PeriodStart == form.PeriodStart && f.PeriodEnd == form.PeriodEnd)
            .SingleOrDefaultAsync(ct);
    }

    /// <summary>The state of the form one level up for the same period (the office that reviews this one), or null.</summary>
    async Task<StatFormState?> UpperStateAsync(string org, DateOnly from, DateOnly to, CancellationToken ct)
    {
        if (OrgCode.Parse(org).Parent is not { } parent) return null;
        var code = parent.Value;
        return await db.Set<StatForm>().AsNoTracking().Where(f => f.OrgCode == code && f.PeriodStart == from && f.PeriodEnd == to)
            .Select(f => (StatFormState?)f.State).SingleOrDefaultAsync(ct);
    }

    /// <summary>Whether a unit one level below has no approved form for the period (no form at all counts as not approved).</summary>
    async Task<bool> HasUnapprovedUnitsAsync(StatForm form, CancellationToken ct)
    {
        var code = OrgCode.Parse(form.OrgCode);
        var units = await db.OrgUnits.AsNoTracking().WithinOrg(o => o.Code, code).CountAsync(o => o.Level == form.Level + 1, ct);
        var approved = await db.Set<StatForm>().AsNoTracking().WithinOrg(f => f.OrgCode, code)
            .CountAsync(f => f.Level == form.Level + 1 && f.PeriodStart == form.PeriodStart && f.PeriodEnd == form.PeriodEnd
                             && f.State == StatFormState.Approved, ct);
        return approved < units;
    }

    async Task<IReadOnlyList<ChildFormView>> ChildrenAsync(StatForm form, CancellationToken ct)
    {
        if (form.Level >= 5) return [];
        var children = await db.Set<StatForm>().AsNoTracking().WithinOrg(f => f.OrgCode, OrgCode.Parse(form.OrgCode))
            .Where(f => f.Level == form.Level + 1 && f.PeriodStart == form.PeriodStart && f.PeriodEnd == form.PeriodEnd)
            .OrderBy(f => f.OrgCode).ToListAsync(ct);
        var ids = children.Select(c => c.Id).ToList();
        var cells = (await db.Set<StatFormCell>().AsNoTracking().Where(c => ids.Contains(c.FormId)).ToListAsync(ct)).ToLookup(c => c.FormId);
        var names = await NamesAsync(children.Select(c => c.OrgCode), ct);
        return children.Select(c => new ChildFormView(c.Id, c.OrgCode, names.GetValueOrDefault(c.OrgCode, c.OrgCode), c.State.ToString(),
            cells[c.Id].Where(x => x.Amount is not null).ToDictionary(x => x.ColumnCode, x => x.Amount!.Value),
            cells[c.Id].FirstOrDefault(x => x.ColumnCode == StatColumns.Remarks)?.Text)).ToList();
    }

    async Task<Dictionary<string, string>> NamesAsync(IEnumerable<string> codes, CancellationToken ct)
    {
        var list = codes.Distinct().ToList();
        return await db.OrgUnits.AsNoTracking().Where(o => list.Contains(o.Code)).ToDictionaryAsync(o => o.Code, o => o.Name, ct);
    }

    static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);
}
