using System.Globalization;
using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using EqualCare.Web.Domain.Hotline;
using EqualCare.Web.Domain.ServicesBoard;
using EqualCare.Web.Features.Hotline;
using EqualCare.Web.Web;
using Microsoft.EntityFrameworkCore;

namespace EqualCare.Web.Features.ServicesBoard;

public sealed record ItemInput(string? Kind, string? Title, string? Body, string? Place, DateOnly? ValidFrom, DateOnly? ValidUntil);

public sealed record BoardItemView(long Id, string OfficeCode, string OfficeName, BoardItemKind Kind, string Title, string Body, string? Place,
    DateOnly ValidFrom, DateOnly ValidUntil, string CreatedBy, DateTime CreatedAtBeijing, bool Withdrawn, bool Shown);

/// <summary>
/// The services board as the offices keep it (服务信息, docs/rules.md §10.3): an office publishes items for its area, each
/// valid from one day to another, and withdraws them; an item is never edited or deleted (publish a new one). Nothing
/// personal is published: every text is checked on save (<see cref="PublicText"/>): no ID number, and no phone number but
/// the hotlines the office and the offices above it registered. A refusal changes nothing and is audited without the text.
/// </summary>
public sealed class BoardItems(EqualCareDb db, AuditLog audit, TimeProvider clock)
{
    public const int MaxTitle = 100;
    public const int MaxBody = 2000;
    public const int MaxPlace = 200;

    /// <summary>The items of the user's area (its own and the offices' below), newest first.</summary>
    public async Task<IReadOnlyList<BoardItemView>> ListAsync(CurrentUser user, CancellationToken ct)
    {
        if (!HotlineLines.MayKeep(user)) return [];
        var today = clock.Today();
        var rows = await db.Set<BoardItem>().AsNoTracking().WithinOrg(i => i.OfficeCode, user.Org)
            .OrderByDescending(i => i.Id).Take(300).ToListAsync(ct);
        var offices = rows.Select(r => r.OfficeCode).Distinct().ToList();
        var names = await db.OrgUnits.AsNoTracking().Where(o => offices.Contains(o.Code)).ToDictionaryAsync(o => o.Code, o => o.Name, ct);
        return rows.Select(r => new BoardItemView(r.Id, r.OfficeCode, names.GetValueOrDefault(r.OfficeCode, r.OfficeCode), r.Kind, r.Title, r.Body,
            r.Place, r.ValidFrom, r.ValidUntil, r.CreatedBy, ChinaClock.ToBeijing(r.CreatedAt), r.WithdrawnAt != null,
            BoardRules.IsShown(r.ValidFrom, r.ValidUntil, r.WithdrawnAt != null, today))).ToList();
    }

    public async Task<Result<long>> PublishAsync(CurrentUser user, ItemInput input, CancellationToken ct)
    {
        if (!HotlineLines.MayKeep(user)) return Error.Forbidden("board.forbidden");
        if (!EnumNames.TryParse<BoardItemKind>(input.Kind, out var kind)) return Error.Validation("board.kind.bad", "Kind");
        if (string.IsNullOrWhiteSpace(input.Title)) return Error.Validation("board.title.required", "Title");
        if (input.Title.Trim().Length > MaxTitle) return Error.Validation("board.title.long", "Title");
        if (string.IsNullOrWhiteSpace(input.Body)) return Error.Validation("board.body.required", "Body");
        if (input.Body.Trim().Length > MaxBody) return Error.Validation("board.body.long", "Body");
        if (input.Place?.Trim().Length > MaxPlace) return Error.Validation("board.place.long", "Place");
        var today = clock.Today();
        if (input.ValidFrom is not { } from) return Error.Validation("board.from.required", "ValidFrom");
        if (input.ValidUntil is not { } until) return Error.Validation("board.until.required", "ValidUntil");
        if (until < from || until < today) return Error.Validation("board.until.bad", "ValidUntil");
        if (until.DayNumber - from.DayNumber > BoardRules.MaxValidDays) return Error.Validation("board.until.long", "ValidUntil");

        var numbers = await HotlineLines.NumbersForAsync(db, user.Org, ct);
        var problems = new List<Error>();
        foreach (var (field, text) in new[] { ("Title", input.Title), ("Body", input.Body), ("Place", input.Place) })
            foreach (var problem in PublicText.Check(text, numbers).Select(f => f.Problem).Distinct())
                problems.Add(Error.Validation($"board.{field.ToLowerInvariant()}." + problem switch
                {
                    PublicTextProblem.IdNumber => "idNumber",
                    PublicTextProblem.MobileNumber => "mobile",
                    _ => "phone",
                }, field));
        if (problems.Count > 0)
        {
            // Audited as refused, naming what and where, never the number itself.
            await audit.RecordAsync(AuditLog.Actions.Create, "board_item", null, AuditOutcome.Refused,
                string.Join(" ", problems.Select(p => $"{p.Field}:{p.Code}")), user.UserName, ct);
            return Error.Invalid(problems);
        }

        var item = new BoardItem
        {
            OfficeCode = user.Org.Value, Kind = kind, Title = input.Title.Trim(), Body = input.Body.Trim(),
            Place = string.IsNullOrWhiteSpace(input.Place) ? null : input.Place.Trim(), ValidFrom = from, ValidUntil = until,
            CreatedAt = clock.UtcNow(), CreatedBy = user.UserName,
        };
        db.Set<BoardItem>().Add(item);
        await audit.SaveWithAsync(AuditLog.Actions.Create, "board_item", () => Id(item.Id),
            detail: $"office={item.OfficeCode} kind={kind} until={until:yyyy-MM-dd}", userName: user.UserName, ct: ct);
        return item.Id;
    }

    /// <summary>Takes an item off the public page at once: by the office that published it, once.</summary>
    public async Task<Result<long>> WithdrawAsync(CurrentUser user, long id, CancellationToken ct)
    {
        if (!HotlineLines.MayKeep(user)) return Error.NotFound("board.notFound");
        var item = await db.Set<BoardItem>().AsNoTracking().WithinOrg(i => i.OfficeCode, user.Org).SingleOrDefaultAsync(i => i.Id == id, ct);
        if (item is null) return Error.NotFound("board.notFound");
        if (item.OfficeCode != user.Org.Value) return Error.Forbidden("board.notOwn");
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var changed = await db.Set<BoardItem>().Where(i => i.Id == id && i.WithdrawnAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.WithdrawnAt, clock.UtcNow()).SetProperty(i => i.WithdrawnBy, user.UserName), ct);
        if (changed == 0) return Error.Conflict("board.withdrawn");
        audit.Add("withdraw", "board_item", Id(id), detail: $"office={item.OfficeCode}", userName: user.UserName);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return id;
    }

    static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);
}
