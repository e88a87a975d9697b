using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using EqualCare.Web.Web;
using Microsoft.EntityFrameworkCore;

namespace EqualCare.Web.Features.OrgUnits;

public sealed record OrgUnitItem(string Code, string Name, int Level, string? ParentCode);

/// <summary>A unit as the browser shows it: its ancestors from the province down, and its direct children.</summary>
public sealed record OrgUnitNode(OrgUnitItem Unit, IReadOnlyList<OrgUnitItem> Ancestors, IReadOnlyList<OrgUnitItem> Children);

/// <summary>Search hits, at most <see cref="OrgUnitQueries.SearchLimit"/>; <c>Truncated</c> says that there were more.</summary>
public sealed record OrgUnitSearchResult(string Query, IReadOnlyList<OrgUnitItem> Items, bool Truncated);

/// <summary>
/// Reads of the division tree, shared by the org-unit page and its API. Administrators browse the whole tree (they bind
/// users anywhere they manage); everyone else sees their own subtree only, and a unit outside it is "not found".
/// </summary>
public sealed class OrgUnitQueries(EqualCareDb db)
{
    public const int SearchLimit = 100;
    public const int MaxQueryLength = 50;

    /// <summary>Whether the user may open this unit. Names of the ancestors above one's own unit are shown, not linked.</summary>
    public static bool MayBrowse(CurrentUser user, string code12) => user.IsSystemAdmin || user.Org.Contains(code12);

    /// <param name="code">A 2/4/6/9/12-digit code, or null for the user's own unit.</param>
    public async Task<Result<OrgUnitNode>> GetAsync(CurrentUser user, string? code, CancellationToken ct)
    {
        OrgCode target;
        if (string.IsNullOrWhiteSpace(code)) target = user.Org;
        else if (!OrgCode.TryParse(code, out target)) return Error.NotFound("orgUnit.notFound");
        if (!MayBrowse(user, target.Value)) return Error.NotFound("orgUnit.notFound");

        var lineage = AncestorCodes(target).Append(target.Value).ToList();
        var units = await db.OrgUnits.AsNoTracking()
            .Where(o => lineage.Contains(o.Code))
            .Select(o => new OrgUnitItem(o.Code, o.Name, o.Level, o.ParentCode))
            .ToDictionaryAsync(o => o.Code, ct);
        if (!units.TryGetValue(target.Value, out var unit)) return Error.NotFound("orgUnit.notFound");

        var children = await db.OrgUnits.AsNoTracking()
            .Where(o => o.ParentCode == target.Value)
            .OrderBy(o => o.Code)
            .Select(o => new OrgUnitItem(o.Code, o.Name, o.Level, o.ParentCode))
            .ToListAsync(ct);
        var ancestors = AncestorCodes(target).Select(units.GetValueOrDefault).OfType<OrgUnitItem>().ToList();
        return new OrgUnitNode(unit, ancestors, children);
    }

    /// <summary>By code prefix when the query is digits, otherwise by a part of the name; within the user's scope.</summary>
    public async Task<Result<OrgUnitSearchResult>> SearchAsync(CurrentUser user, string? query, CancellationToken ct)
    {
        var q = query?.Trim() ?? "";
        if (q.Length is 0 or > MaxQueryLength) return Error.Validation("orgUnit.badQuery", "q");

        var units = db.OrgUnits.AsNoTracking();
        if (!user.IsSystemAdmin) units = units.WithinOrg(o => o.Code, user.Org);
        if (q.All(char.IsAsciiDigit))
        {
            if (q.Length > OrgCode.Length) return Error.Validation("orgUnit.badQuery", "q");
            // A prefix of any length is a range over the 12-digit codes, so the primary key index answers it.
            var low = q.PadRight(OrgCode.Length, '0');
            var high = q.PadRight(OrgCode.Length, '9');
#pragma warning disable CA1309 // string.Compare is what EF translates to SQL's >= and <=; see CodeRange.
            units = units.Where(o => string.Compare(o.Code, low) >= 0 && string.Compare(o.Code, high) <= 0);
#pragma warning restore CA1309
        }
        else
        {
            units = units.Where(o => o.Name.Contains(q));
        }
        var rows = await units
            .OrderBy(o => o.Code)
            .Take(SearchLimit + 1)
            .Select(o => new OrgUnitItem(o.Code, o.Name, o.Level, o.ParentCode))
            .ToListAsync(ct);
        var truncated = rows.Count > SearchLimit;
        if (truncated) rows.RemoveAt(SearchLimit);
        return new OrgUnitSearchResult(q, rows, truncated);
    }

    /// <summary>Province first, parent last.</summary>
    static List<string> AncestorCodes(OrgCode code)
    {
        var chain = new List<string>();
        for (var parent = code.Parent; parent is { } p; parent = p.Parent) chain.Add(p.Value);
        chain.Reverse();
        return chain;
    }
}
