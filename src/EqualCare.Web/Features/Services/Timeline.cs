using System.Globalization;
using EqualCare.Web.Data;
using EqualCare.Web.Domain.Schedules;
using EqualCare.Web.Domain.Services;
using EqualCare.Web.Web;
using Microsoft.EntityFrameworkCore;

namespace EqualCare.Web.Features.Services;

public enum TimelineState : short
{
    Done = 1,
    Voided = 2,
    Due = 3,
    Overdue = 4,
    Exempt = 5,
}

/// <summary>One line of a person's timeline: a service given, or an item due, overdue or exempt.</summary>
public sealed record TimelineEntry(DateOnly Date, TimelineState State, string Title, string? Detail, long? RecordId, DueItem? Item);

/// <summary><see cref="BeforeArrival"/>: what fell due before the person came to the community and was not done (history).</summary>
public sealed record Timeline(long PersonId, DateOnly Today, IReadOnlyList<TimelineEntry> Entries, IReadOnlyList<DueItem>? BeforeArrival = null);

/// <summary>
/// Every service of the case and every item it is due for (or exempt from), in date order: what was done and what comes
/// next on one line. The caller has checked and audited the view of the case.
/// </summary>
public sealed class TimelineQuery(EqualCareDb db, DueCalculator calculator, TimeProvider clock)
{
    public async Task<Timeline?> ForAsync(CurrentUser user, long personId, CancellationToken ct)
    {
        var today = clock.Today();
        var due = await calculator.ForAsync(db.Persons.InScopeOf(user).Where(p => p.Id == personId), today, ct);
        if (due.Count == 0) return null;
        var records = await db.ServiceRecords.AsNoTracking().Where(s => s.PersonId == personId).ToListAsync(ct);
        var voided = records.Where(r => r.VoidsRecordId is not null).Select(r => r.VoidsRecordId!.Value).ToHashSet();

        var entries = new List<TimelineEntry>();
        foreach (var r in records.Where(r => r.Kind != ServiceKind.Void))
            entries.Add(new TimelineEntry(r.ServiceDate, voided.Contains(r.Id) ? TimelineState.Voided : TimelineState.Done, Title(r), Detail(r), r.Id, null));
        foreach (var d in due[0].List.Due)
            entries.Add(new TimelineEntry(d.Due, d.Overdue ? TimelineState.Overdue : TimelineState.Due, d.Name,
                $"{d.WindowStart:yyyy-MM-dd} – {d.WindowEnd:yyyy-MM-dd}", null, d));
        foreach (var e in due[0].List.Exempt)
            entries.Add(new TimelineEntry(e.WindowStart, TimelineState.Exempt, e.Name, e.Reason.Chinese(), null, null));
        return new Timeline(personId, today, [.. entries.OrderBy(e => e.Date).ThenBy(e => e.State)], due[0].List.BeforeArrival);
    }

    static string Title(ServiceRecord r) => r.Kind switch
    {
        ServiceKind.Immunisation => $"{ServiceNames.Chinese(r.Kind)} {r.Vaccine} 第{r.DoseNumber}剂",
        ServiceKind.Operation when r.Operation is { } op => ServiceNames.Chinese(op),
        _ when r.Fulfils is { } item && ServiceRules.FixedItem(r.Kind) is null => $"{ServiceNames.Chinese(r.Kind)}：{ServiceNames.Item(item)}",
        _ => ServiceNames.Chinese(r.Kind),
    };

    /// <summary>The record's own fields in a few words (the timeline is part of the case page, which is audited as a view).</summary>
    static string? Detail(ServiceRecord r)
    {
        var parts = new List<string>();
        if (r.Result is { } result) parts.Add(ServiceNames.Chinese(result));
        if (r.WeightKg is { } w) parts.Add(string.Create(CultureInfo.InvariantCulture, $"{w}kg"));
        if (r.HeightCm is { } h) parts.Add(string.Create(CultureInfo.InvariantCulture, $"{h}cm"));
        if (r.GestationalWeeks is { } weeks) parts.Add($"孕{weeks}周");
        if (r.HighRisk == true) parts.Add("高危");
        if (r.ReportSentToHukou == true) parts.Add("报告单已寄户籍地");
        if (r.LeaveDays is { } leave) parts.Add($"假期{leave}天");
        if (r.Item is { } item) parts.Add(r.Quantity is { } q ? $"{item}×{q}" : item);
        if (r.RecordNumber is { } number) parts.Add(number);
        if (r.Findings is { } findings) parts.Add(findings);
        if (r.Place is { } place) parts.Add(place);
        return parts.Count == 0 ? null : string.Join("，", parts);
    }
}
