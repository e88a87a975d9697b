using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using EqualCare.Web.Web;
using Microsoft.EntityFrameworkCore;

namespace EqualCare.Web.Features.OrgUnits;

/// <param name="ParentName">Given by the search, to tell units of the same name apart.</param>
public sealed record OrgUnitItem(string Code, string Name, int Level, string? ParentCode, string? ParentName = null);

/// <summary>A unit as the browser shows it: its ancestors from the province down, and its direct children.</summary>
public sealed record OrgUnitNode(OrgUnitItem Unit, IReadOnlyList<OrgUnitItem> Ancestors, IReadOnlyList<OrgUnitItem> Children);

/// <summary>Search hits, at most <see cref="OrgUnitQueries.SearchLimit"/>; <c>Truncated</c> says that there were more.</summary>
public sealed record OrgUnitSearchResult(string Query, IReadOnlyList<OrgUnitItem> Items, bool Truncated);

/// <summary>
/// Reads of the division tree, shared by the org-unit page and its API. Administrators browse the whole tree (they bind
/// users anywhere they manage); everyone else sees their own subtree only, and a unit outside it is "not found".
/// </summary>
public sealed class OrgUnitQueries(EqualCareDb db, UnitResolver resolver)
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

    /// <summary>
    /// By code prefix when the query is digits, otherwise by a part of the name; within the user's scope, higher levels
    /// first. <paramref name="under"/> narrows the search to a unit's subtree; with an empty query it lists that unit's
    /// children (what a picker offers once a unit is chosen). Each hit carries its parent's name, so two 新华社区 of
    /// different streets can be told apart.
    /// </summary>
    public async Task<Result<OrgUnitSearchResult>> SearchAsync(CurrentUser user, string? query, CancellationToken ct, string? under = null)
    {
        var q = query?.Trim() ?? "";
        if (q.Length > MaxQueryLength || (q.Length > OrgCode.Length && q.All(char.IsAsciiDigit)))
            return Error.Validation("orgUnit.badQuery", "q");

        var units = resolver.Pickable(user);
        if (!string.IsNullOrWhiteSpace(under))
        {
            if (!OrgCode.TryParse(under, out var root) || !MayBrowse(user, root.Value)) return Error.NotFound("orgUnit.notFound");
            units = q.Length == 0
                ? units.Where(o => o.ParentCode == root.Value)
                : units.WithinOrg(o => o.Code, root).Where(o => o.Code != root.Value);
        }
        else if (q.Length == 0)
        {
            return Error.Validation("orgUnit.badQuery", "q");
        }
        if (q.Length > 0) units = UnitResolver.Matching(units, q);
        var rows = await resolver.Choices(units)
            .Take(SearchLimit + 1)
            .ToListAsync(ct);
        var truncated = rows.Count > SearchLimit;
        if (truncated) rows.RemoveAt(SearchLimit);
        var items = rows.Select(c => new OrgUnitItem(c.Code, c.Name, c.Level, OrgCode.Parse(c.Code).Parent?.Value, c.ParentName)).ToList();
        return new OrgUnitSearchResult(q, items, truncated);
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
