using EqualCare.Web.Domain;
using EqualCare.Web.Domain.Hotline;
using EqualCare.Web.Domain.ServicesBoard;
using EqualCare.Web.Web;
using Microsoft.EntityFrameworkCore;

namespace EqualCare.Web.Features.ServicesBoard;

public sealed record PublicPlace(string Code, string Name, int Level);

public sealed record PublicItemView(string OfficeName, BoardItemKind Kind, string Title, string Body, string? Place, DateOnly ValidFrom, DateOnly ValidUntil);

public sealed record PublicLineView(string OfficeName, LineKind Kind, string Name, string? Number, string? Place, string OpeningHours)
{
    /// <summary>The number as a tel: link target (digits only; RFC 3966 local number).</summary>
    public string? Tel => Number is null ? null : PublicText.Digits(Number);
}

public sealed record PublicDayView(string CommunityName, DateOnly Day, string? Place);

/// <summary>
/// What the public page shows for a place: the way down (its parents, for going back, and the units under it) and what is
/// near — the unexpired, published items of the place and of every office above it, their hotlines and rooms, and a
/// community's coming check-up days. Reads <see cref="PublicBoardDb"/> only.
/// </summary>
public sealed record PublicBoardView(PublicPlace? Place, IReadOnlyList<PublicPlace> Path, IReadOnlyList<PublicPlace> Below,
    IReadOnlyList<PublicItemView> Items, IReadOnlyList<PublicLineView> Lines, IReadOnlyList<PublicDayView> CheckupDays);

public sealed class PublicBoardQuery(PublicBoardDb db, TimeProvider clock)
{
    /// <summary>How far ahead the page lists check-up days.</summary>
    public const int CheckupDaysAhead = 60;

    /// <summary>The units the page starts from, when no place is chosen: the districts (区县) that have anything published.</summary>
    public async Task<IReadOnlyList<PublicPlace>> StartAsync(CancellationToken ct)
    {
        var today = clock.Today();
        var offices = (await db.Items.Where(i => i.WithdrawnAt == null && i.ValidFrom <= today && i.ValidUntil >= today).Select(i => i.OfficeCode)
                .Distinct().Take(5000).ToListAsync(ct))
            .Concat(await db.Lines.Where(l => l.RetiredAt == null).Select(l => l.OfficeCode).Distinct().Take(5000).ToListAsync(ct));
        var districts = offices.Select(o => OrgCode.TryParse(o, out var c) && c.Level >= 3 ? Ancestor(c, 3).Value : null)
            .OfType<string>().Distinct().ToList();
        return await db.Units.Where(u => districts.Contains(u.Code)).OrderBy(u => u.Code)
            .Select(u => new PublicPlace(u.Code, u.Name, u.Level)).ToListAsync(ct);
    }

    /// <summary>The page of a place by its division code (6, 9 or 12 digits, as a QR code on a publicity board carries it); null when unknown.</summary>
    public async Task<PublicBoardView?> ForAsync(string? code, CancellationToken ct)
    {
        if (!OrgCode.TryParse(code, out var place) || place.Level < 3) return null;
        var offices = new List<string>();
        for (OrgCode? c = place; c is { } x; c = x.Parent) offices.Add(x.Value);
        var units = await db.Units.Where(u => offices.Contains(u.Code)).ToDictionaryAsync(u => u.Code, ct);
        if (!units.TryGetValue(place.Value, out var unit)) return null;
        string Name(string office) => units.TryGetValue(office, out var u) ? u.Name : office;

        var today = clock.Today();
        var items = (await db.Items.Where(i => offices.Contains(i.OfficeCode) && i.WithdrawnAt == null && i.ValidFrom <= today && i.ValidUntil >= today)
                .OrderBy(i => i.Kind).ThenBy(i => i.ValidUntil).ThenBy(i => i.Id).Take(200).ToListAsync(ct))
            .Select(i => new PublicItemView(Name(i.OfficeCode), i.Kind, i.Title, i.Body, i.Place, i.ValidFrom, i.ValidUntil)).ToList();
        // The nearest office's lines first: the community's own, then its street's, then the district's.
        var lines = (await db.Lines.Where(l => offices.Contains(l.OfficeCode) && l.RetiredAt == null).ToListAsync(ct))
            .OrderBy(l => offices.IndexOf(l.OfficeCode)).ThenBy(l => l.Kind).ThenBy(l => l.Id)
            .Select(l => new PublicLineView(Name(l.OfficeCode), l.Kind, l.Name, l.Number, l.Place, l.OpeningHours)).ToList();
        IReadOnlyList<PublicDayView> days = [];
        if (place.Level == 5)
        {
            var community = place.Value;
            var last = today.AddDays(CheckupDaysAhead);
            days = (await db.CheckupDays.Where(d => d.CommunityCode == community && d.Day >= today && d.Day <= last).OrderBy(d => d.Day).Take(20)
                .ToListAsync(ct)).Select(d => new PublicDayView(unit.Name, d.Day, d.Place)).ToList();
        }
        var below = place.Level == 5 ? [] : await db.Units.Where(u => u.ParentCode == place.Value).OrderBy(u => u.Code).Take(500)
            .Select(u => new PublicPlace(u.Code, u.Name, u.Level)).ToListAsync(ct);
        var path = offices.AsEnumerable().Reverse().Where(o => units.ContainsKey(o) && OrgCode.Parse(o).Level >= 3 && o != place.Value)
            .Select(o => new PublicPlace(o, units[o].Name, units[o].Level)).ToList();
        return new PublicBoardView(new PublicPlace(unit.Code, unit.Name, unit.Level), path, below, items, lines, days);
    }

    static OrgCode Ancestor(OrgCode code, int level)
    {
        var c = code;
        while (c.Level > level && c.Parent is { } p) c = p;
        return c;
    }
}
