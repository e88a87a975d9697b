using System.Globalization;
using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using EqualCare.Web.Domain.Hotline;
using EqualCare.Web.Web;
using Microsoft.EntityFrameworkCore;

namespace EqualCare.Web.Features.Hotline;

public sealed record LineInput(string? Kind, string? Name, string? Number, string? Place, string? OpeningHours, string? OnDuty, int? Version = null);

public sealed record LineItem(long Id, string OfficeCode, string OfficeName, LineKind Kind, string Name, string? Number, string? Place,
    string OpeningHours, string? OnDuty, bool Retired, int Version);

/// <summary>
/// An office's hotline numbers and consultation rooms (seed 000 二(二)三: 设立妇科咨询室，设立咨询热线，定专人解答). Each office
/// (community, street, district, city) keeps its own; the numbers are what the services board may publish (§10.3).
/// Registered, edited and retired by the office itself, each audited in the same save.
/// </summary>
public sealed class HotlineLines(EqualCareDb db, AuditLog audit, TimeProvider clock)
{
    public const int MaxName = 100;
    public const int MaxText = 200;

    /// <summary>The offices that keep a hotline log: the offices that read the registry (not the system administrator).</summary>
    public static bool MayKeep(CurrentUser user) => user.CanReadPersons;

    /// <summary>The lines of the user's own office, then those of the offices above it (whose numbers it may also publish).</summary>
    public async Task<IReadOnlyList<LineItem>> ListAsync(CurrentUser user, bool withRetired, CancellationToken ct)
    {
        if (!MayKeep(user)) return [];
        var offices = OfficeAndAbove(user.Org);
        var lines = await db.Set<HotlineLine>().AsNoTracking().Where(l => offices.Contains(l.OfficeCode))
            .Where(l => withRetired || l.RetiredAt == null).ToListAsync(ct);
        var names = await db.OrgUnits.AsNoTracking().Where(o => offices.Contains(o.Code)).ToDictionaryAsync(o => o.Code, o => o.Name, ct);
        return lines.OrderByDescending(l => OrgCode.Parse(l.OfficeCode).Level)
            .ThenBy(l => l.RetiredAt != null).ThenBy(l => l.Kind).ThenBy(l => l.Id)
            .Select(l => new LineItem(l.Id, l.OfficeCode, names.GetValueOrDefault(l.OfficeCode, l.OfficeCode), l.Kind, l.Name, l.Number, l.Place,
                l.OpeningHours, l.OfficeCode == user.Org.Value ? l.OnDuty : null, l.RetiredAt != null, l.Version)).ToList();
    }

    /// <summary>The active hotline numbers of an office and the offices above it: what a text it publishes may name.</summary>
    public static async Task<List<string>> NumbersForAsync(EqualCareDb db, OrgCode office, CancellationToken ct)
    {
        var offices = OfficeAndAbove(office);
        return await db.Set<HotlineLine>().AsNoTracking().Where(l => offices.Contains(l.OfficeCode) && l.RetiredAt == null && l.Number != null)
            .Select(l => l.Number!).ToListAsync(ct);
    }

    /// <summary>The office's own code and its parents' (city, district, street), 12 digits each.</summary>
    public static List<string> OfficeAndAbove(OrgCode office)
    {
        var codes = new List<string>();
        for (OrgCode? c = office; c is { } code; c = code.Parent) codes.Add(code.Value);
        return codes;
    }

    public async Task<Result<long>> RegisterAsync(CurrentUser user, LineInput input, CancellationToken ct)
    {
        if (!MayKeep(user)) return Error.Forbidden("hotline.forbidden");
        var checkedInput = Check(input);
        if (!checkedInput.IsSuccess) return checkedInput.Error;
        var now = clock.UtcNow();
        var line = new HotlineLine
        {
            OfficeCode = user.Org.Value, Kind = checkedInput.Value, Name = input.Name!.Trim(), Number = Clean(input.Number),
            Place = Clean(input.Place), OpeningHours = input.OpeningHours!.Trim(), OnDuty = Clean(input.OnDuty), CreatedAt = now,
            CreatedBy = user.UserName, UpdatedAt = now,
        };
        db.Set<HotlineLine>().Add(line);
        await audit.SaveWithAsync(AuditLog.Actions.Create, "hotline_line", () => Id(line.Id), detail: $"office={line.OfficeCode} kind={line.Kind}",
            userName: user.UserName, ct: ct);
        return line.Id;
    }

    public async Task<Result<int>> UpdateAsync(CurrentUser user, long id, LineInput input, CancellationToken ct)
    {
        var line = await OwnAsync(user, id, ct);
        if (line is null) return Error.NotFound("hotline.line.notFound");
        if (line.RetiredAt is not null) return Error.Conflict("hotline.line.retired");
        var checkedInput = Check(input);
        if (!checkedInput.IsSuccess) return checkedInput.Error;
        if (input.Version is { } v && v != line.Version) return Error.Conflict("hotline.line.stale");
        line.Kind = checkedInput.Value;
        line.Name = input.Name!.Trim();
        line.Number = Clean(input.Number);
        line.Place = Clean(input.Place);
        line.OpeningHours = input.OpeningHours!.Trim();
        line.OnDuty = Clean(input.OnDuty);
        return await CommitAsync(line, AuditLog.Actions.Update, user, ct);
    }

    public async Task<Result<int>> RetireAsync(CurrentUser user, long id, int? version, CancellationToken ct)
    {
        var line = await OwnAsync(user, id, ct);
        if (line is null) return Error.NotFound("hotline.line.notFound");
        if (line.RetiredAt is not null) return Error.Conflict("hotline.line.retired");
        if (version is { } v && v != line.Version) return Error.Conflict("hotline.line.stale");
        line.RetiredAt = clock.UtcNow();
        return await CommitAsync(line, "retire", user, ct);
    }

    async Task<Result<int>> CommitAsync(HotlineLine line, string action, CurrentUser user, CancellationToken ct)
    {
        line.Version++;
        line.UpdatedAt = clock.UtcNow();
        audit.Add(action, "hotline_line", Id(line.Id), detail: $"office={line.OfficeCode}", userName: user.UserName);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return Error.Conflict("hotline.line.stale");
        }
        return line.Version;
    }

    /// <summary>A line of the user's own office (tracked). A line of another office, even one below, is not found for writing.</summary>
    async Task<HotlineLine?> OwnAsync(CurrentUser user, long id, CancellationToken ct)
    {
        if (!MayKeep(user)) return null;
        var office = user.Org.Value;
        return await db.Set<HotlineLine>().SingleOrDefaultAsync(l => l.Id == id && l.OfficeCode == office, ct);
    }

    static Result<LineKind> Check(LineInput input)
    {
        if (!EnumNames.TryParse<LineKind>(input.Kind, out var kind)) return Error.Validation("hotline.line.kind.bad", "Kind");
        if (string.IsNullOrWhiteSpace(input.Name)) return Error.Validation("hotline.line.name.required", "Name");
        if (input.Name.Trim().Length > MaxName) return Error.Validation("hotline.line.name.long", "Name");
        if (kind == LineKind.Hotline && string.IsNullOrWhiteSpace(input.Number)) return Error.Validation("hotline.line.number.required", "Number");
        if (!string.IsNullOrWhiteSpace(input.Number) && !PublicText.IsHotlineNumber(input.Number)) return Error.Validation("hotline.line.number.bad", "Number");
        if (kind == LineKind.ConsultationRoom && string.IsNullOrWhiteSpace(input.Place)) return Error.Validation("hotline.line.place.required", "Place");
        if (string.IsNullOrWhiteSpace(input.OpeningHours)) return Error.Validation("hotline.line.hours.required", "OpeningHours");
        if (input.Place?.Trim().Length > MaxText || input.OpeningHours.Trim().Length > MaxText || input.OnDuty?.Trim().Length > MaxName)
            return Error.Validation("hotline.line.text.long", "Place");
        return kind;
    }

    static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);
}
