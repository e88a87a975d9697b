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
        // While the form may change, sourced figures are shown as they are now; they are stored on save and on submit.
        var live = editable ? await sources.ComputeAsync(form, ct) : null;
        var isOwner = StatFormWorkflow.IsOwner(user.Role, user.Org, OrgCode.Parse(form.OrgCode));
        var canEdit = isOwner && editable;

        var cellViews = StatColumns.Figures.Select(c =>
        {
            var amount = live is not null && live.TryGetValue(c.Code, out var now) ? now : stored.GetValueOrDefault(c.Code)?.Amount ?? 0;
            var source = form.Level < 5 ? "Sum" : c.Source.ToString();
            return new StatCellView(c.Code, c.Number, c.ChineseHeader, StatUnits.Chinese(c.Unit), source, amount, StatUnits.Format(c.Unit, amount),
                canEdit && form.Level == 5 && c.Source == StatSource.Entered);
        }).ToList();

        var children = await ChildrenAsync(form, ct);
        var childUnits = form.Level < 5
            ? await db.OrgUnits.WithinOrg(o => o.Code, OrgCode.Parse(form.OrgCode)).CountAsync(o => o.Level == form.Level + 1, ct)
            : 0;
        var history = (await db.Set<StatFormEvent>().AsNoTracking().Where(e => e.FormId == id).OrderBy(e => e.Id).ToListAsync(ct))
            .Select(e => new StatEventView(e.At, e.UserName, e.FromState?.ToString(), e.ToState.ToString(), e.Reason)).ToList();
        var names = await NamesAsync([form.OrgCode], ct);
        return new StatFormView(form.Id, form.OrgCode, names.GetValueOrDefault(form.OrgCode, form.OrgCode), form.Level, form.PeriodStart,
            form.PeriodEnd, form.State.ToString(), form.Version, form.Preparer, form.Head, stored.GetValueOrDefault(StatColumns.Remarks)?.Text,
            cellViews, children, childUnits, history, canEdit, canEdit,
            form.State == StatFormState.Submitted && StatFormWorkflow.IsReviewer(user.Role, user.Org, OrgCode.Parse(form.OrgCode)));
    }

    /// <summary>Stores what the office typed, and the sourced figures as they are now. Refused once submitted or approved.</summary>
    public async Task<Result<int>> SaveAsync(CurrentUser user, long id, StatFormInput input, CancellationToken ct)
    {
        var form = await FindAsync(user, id, tracked: true, ct);
        if (form is null) return Error.NotFound("statform.notFound");
        if (StatFormWorkflow.EditRefusal(form.State, user.Role, user.Org, OrgCode.Parse(form.OrgCode)) is { } refusal)
            return await RefuseAsync(form, refusal, "save", user, ct);
        if (input.Version is { } version && version != form.Version) return Error.Conflict("statform.stale");

        var entered = new Dictionary<string, long>();
        foreach (var (code, text) in input.Values ?? new Dictionary<string, string?>())
        {
            var column = StatColumns.Find(code);
            if (column is null || column.IsText) return Error.Validation("statform.cell.unknown", code);
            if (form.Level < 5 || column.Source != StatSource.Entered) return Error.Validation("statform.cell.sourced", code);
            if (StatUnits.ParseFormUnit(column.Unit, text) is not { } amount) return Error.Validation("statform.cell.bad", code);
            entered[code] = amount;
        }
        if (input.Remarks?.Trim().Length > MaxText || input.Preparer?.Trim().Length > 50 || input.Head?.Trim().Length > 50)
            return Error.Validation("statform.text.long", "Remarks");

        var cells = await StoreFiguresAsync(form, ct);
        foreach (var (code, amount) in entered) cells[code].Amount = amount;
        cells[StatColumns.Remarks].Text = Clean(input.Remarks);
        form.Preparer = Clean(input.Preparer);
        form.Head = Clean(input.Head);
        return await CommitAsync(form, AuditLog.Actions.Update, "save", user, ct);
    }

    public async Task<Result<int>> TransitionAsync(CurrentUser user, long id, StatFormAction action, string? reason, int? version,
        CancellationToken ct)
    {
        var form = await FindAsync(user, id, tracked: true, ct);
        if (form is null) return Error.NotFound("statform.notFound");
        var (next, refusal) = StatFormWorkflow.Apply(form.State, action, user.Role, user.Org, OrgCode.Parse(form.OrgCode), reason);
        if (refusal is not null) return await RefuseAsync(form, refusal, action.ToString(), user, ct);
        if (version is { } v && v != form.Version) return Error.Conflict("statform.stale");

        // What is submitted is what the sources say at this moment.
        if (action == StatFormAction.Submit) await StoreFiguresAsync(form, ct);
        db.Set<StatFormEvent>().Add(new StatFormEvent
        {
            FormId = form.Id, At = clock.UtcNow(), UserName = user.UserName, FromState = form.State, ToState = next!.Value,
            Reason = action == StatFormAction.Return ? reason!.Trim() : null,
        });
        form.State = next.Value;
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
            "statform.reason.required" => Error.Validation(code, "Reason"),
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
