using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace EqualCare.Web.Features.Admin.Audit;

/// <param name="From">First Beijing date, inclusive.</param>
/// <param name="To">Last Beijing date, inclusive.</param>
public sealed record AuditFilter(
    string? UserName, string? Action, string? Entity, string? EntityId, AuditOutcome? Outcome, DateOnly? From, DateOnly? To,
    int Page);

/// <summary>An audit row with its time already in Beijing time, as the offices read it.</summary>
public sealed record AuditRow(
    long Id, DateTime AtBeijing, string UserName, string Action, string Entity, string? EntityId, string? ClientAddress,
    AuditOutcome Outcome, string? Detail);

public sealed record AuditPage(int Total, int Page, int PageSize, IReadOnlyList<AuditRow> Items)
{
    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);
}

/// <summary>Reads of the append-only audit log, newest first. There is deliberately nothing here that changes a row.</summary>
public sealed class AuditSearch(EqualCareDb db)
{
    public const int PageSize = 50;
    static readonly TimeZoneInfo Beijing = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    public async Task<AuditPage> SearchAsync(AuditFilter filter, CancellationToken ct)
    {
        var rows = db.AuditEntries.AsNoTracking();
        if (Text(filter.UserName) is { } user) rows = rows.Where(a => a.UserName == user);
        if (Text(filter.Action) is { } action) rows = rows.Where(a => a.Action == action);
        if (Text(filter.Entity) is { } entity) rows = rows.Where(a => a.Entity == entity);
        if (Text(filter.EntityId) is { } entityId) rows = rows.Where(a => a.EntityId == entityId);
        if (filter.Outcome is { } outcome) rows = rows.Where(a => a.Outcome == outcome);
        // Times are stored in UTC; a Beijing day runs from its midnight to the next one, so the range uses the index on `at`.
        if (filter.From is { } from)
        {
            var low = StartOfBeijingDay(from);
            rows = rows.Where(a => a.At >= low);
        }
        if (filter.To is { } to)
        {
            var high = StartOfBeijingDay(to.AddDays(1));
            rows = rows.Where(a => a.At < high);
        }

        var total = await rows.CountAsync(ct);
        var page = Math.Clamp(filter.Page, 1, Math.Max(1, (total + PageSize - 1) / PageSize));
        var entries = await rows
            .OrderByDescending(a => a.At).ThenByDescending(a => a.Id)
            .Skip((page - 1) * PageSize)
            .Take(PageSize)
            .ToListAsync(ct);
        var items = entries.Select(a => new AuditRow(a.Id, TimeZoneInfo.ConvertTimeFromUtc(Utc(a.At), Beijing), a.UserName, a.Action,
            a.Entity, a.EntityId, a.ClientAddress, a.Outcome, a.Detail)).ToList();
        return new AuditPage(total, page, PageSize, items);
    }

    public static DateTime StartOfBeijingDay(DateOnly date) =>
        TimeZoneInfo.ConvertTimeToUtc(date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified), Beijing);

    static DateTime Utc(DateTime stored) => DateTime.SpecifyKind(stored, DateTimeKind.Utc);

    static string? Text(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
