using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Primitives;

namespace EqualCare.Web.Web;

/// <summary>
/// One unit field of a form, as the picker partial (Features/Shared/_UnitPicker.cshtml) draws it: the visible box shows
/// the unit's name and takes a name or a code; a hidden <see cref="UnitPickerFilter.MarkerPrefix"/> field carries the
/// code of the unit the box showed or the picker chose.
/// </summary>
/// <param name="Name">The form field the page binds (org, community, OrgCode…): it receives a code, as before.</param>
/// <param name="Value">The field's current value: a code, or the text a worker typed.</param>
/// <param name="Label">The label text; null when the page labels the box itself (through <paramref name="InputId"/>).</param>
public sealed record UnitPickerField(string Name, string? Value, string? Label, bool Required = false, string? InputId = null)
{
    public string Id => InputId ?? "unit-" + new string(Name.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray());
}

/// <summary>A unit as a picker offers it: its name first, its parent's name to tell two 新华社区 apart, its code last.</summary>
public sealed record UnitChoice(string Code, string Name, int Level, string? ParentName);

/// <summary>What a typed text resolved to: a code, or the reason it did not (and the units it could have meant).</summary>
public sealed record UnitResolution(string? Code, string? Problem = null, IReadOnlyList<UnitChoice>? Candidates = null)
{
    public bool IsResolved => Problem is null;
}

/// <summary>
/// Turns what a worker typed into a unit field into a unit code, within the units she may pick: the one place every page's
/// unit field is resolved (through <see cref="UnitPickerFilter"/>), and the org-unit search API's matching rule.
/// An administrator picks anywhere (users are bound anywhere); everyone else within her own subtree, so a community
/// worker finds only her own community.
/// </summary>
public sealed class UnitResolver(EqualCareDb db)
{
    public const int CandidateLimit = 6;

    public IQueryable<OrgUnit> Pickable(CurrentUser user) =>
        user.IsSystemAdmin ? db.OrgUnits.AsNoTracking() : db.OrgUnits.AsNoTracking().WithinOrg(o => o.Code, user.Org);

    /// <summary>Units whose code starts with <paramref name="text"/> (digits) or whose name contains it.</summary>
    public static IQueryable<OrgUnit> Matching(IQueryable<OrgUnit> units, string text)
    {
        if (!text.All(char.IsAsciiDigit)) return units.Where(o => o.Name.Contains(text));
        // A prefix of any length is a range over the 12-digit codes, so the primary key index answers it.
        var low = text.PadRight(OrgCode.Length, '0');
        var high = text.PadRight(OrgCode.Length, '9');
#pragma warning disable CA1309 // string.Compare is what EF translates to SQL's >= and <=; see CodeRange.
        return units.Where(o => string.Compare(o.Code, low) >= 0 && string.Compare(o.Code, high) <= 0);
#pragma warning restore CA1309
    }

    /// <summary>The units as choices, the higher levels first (a street before its communities), then by code.</summary>
    public IQueryable<UnitChoice> Choices(IQueryable<OrgUnit> units) =>
        from o in units
        join p in db.OrgUnits on o.ParentCode equals p.Code into parents
        from p in parents.DefaultIfEmpty()
        orderby o.Level, o.Code
        select new UnitChoice(o.Code, o.Name, o.Level, p == null ? null : p.Name);

    /// <summary>The name of a unit given by any of its codes (2–12 digits), or null.</summary>
    public async Task<UnitChoice?> FindAsync(string? code, CancellationToken ct)
    {
        if (!OrgCode.TryParse(code, out var org)) return null;
        return await Choices(db.OrgUnits.AsNoTracking().Where(o => o.Code == org.Value)).FirstOrDefaultAsync(ct);
    }

    /// <param name="text">What the box held: a name, part of a name, a code, or empty.</param>
    /// <param name="shownCode">The code the box showed or the picker chose (hidden field); it wins while the text is its name.</param>
    public async Task<UnitResolution> ResolveAsync(CurrentUser user, string? text, string? shownCode, CancellationToken ct)
    {
        var typed = text?.Trim() ?? "";
        if (typed.Length == 0) return new UnitResolution(null);
        if (!string.IsNullOrWhiteSpace(shownCode))
        {
            var shown = shownCode.Trim();
            if (typed == shown) return new UnitResolution(shown);
            if (await FindAsync(shown, ct) is { } unit && unit.Name == typed) return new UnitResolution(shown);
        }
        // A code is passed on as typed: each page already says what a code outside its reach means.
        if (typed.All(char.IsAsciiDigit)) return new UnitResolution(typed);
        if (typed.Length > 50) return new UnitResolution(null, "unitPicker.unknown");

        var pickable = Pickable(user);
        var exact = await Choices(pickable.Where(o => o.Name == typed)).Take(CandidateLimit + 1).ToListAsync(ct);
        if (exact.Count == 1) return new UnitResolution(exact[0].Code);
        var candidates = exact.Count > 1 ? exact : await Choices(Matching(pickable, typed)).Take(CandidateLimit + 1).ToListAsync(ct);
        return candidates.Count switch
        {
            0 => new UnitResolution(null, "unitPicker.unknown"),
            1 => new UnitResolution(candidates[0].Code),
            _ => new UnitResolution(null, "unitPicker.ambiguous", candidates),
        };
    }

    /// <summary>A candidate as an error message lists it: name (parent · code).</summary>
    public static string Describe(UnitChoice c) => c.ParentName is null ? $"{c.Name}（{c.Code}）" : $"{c.Name}（{c.ParentName} · {c.Code}）";
}

/// <summary>
/// Resolves every unit field of a submitted page before the page binds it, so a page receives a code whether the worker
/// picked a unit, typed its code or (without JavaScript) typed its name. A field is a unit field when the form or query
/// carries its marker (<c>_unit.&lt;field&gt;</c>), which the picker partial writes. A name that matches no unit or
/// several leaves the field empty, adds the message (naming the candidates) to the model state under the field's name,
/// and keeps the typed text for the picker to show again.
/// </summary>
public sealed class UnitPickerFilter(UnitResolver resolver, IStringLocalizer localizer) : IAsyncPageFilter
{
    public const string MarkerPrefix = "_unit.";

    /// <summary>HttpContext.Items key of a field whose text did not resolve: the typed text and the message.</summary>
    public static string ProblemKey(string field) => "unit-picker:" + field.ToUpperInvariant();

    public async Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context)
    {
        var http = context.HttpContext;
        if (CurrentUser.From(http.User) is not { } user) return;
        var request = http.Request;
        var ct = http.RequestAborted;
        if (request.Query.Keys.Any(IsMarker))
            request.Query = new QueryCollection(await ResolveAllAsync(context, user, request.Query, ct));
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(ct);
            if (form.Keys.Any(IsMarker)) request.Form = new FormCollection(await ResolveAllAsync(context, user, form, ct), form.Files);
        }
    }

    public Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next) => next();

    static bool IsMarker(string key) => key.StartsWith(MarkerPrefix, StringComparison.Ordinal) && key.Length > MarkerPrefix.Length;

    async Task<Dictionary<string, StringValues>> ResolveAllAsync(
        PageHandlerSelectedContext context, CurrentUser user, IEnumerable<KeyValuePair<string, StringValues>> values, CancellationToken ct)
    {
        var all = new Dictionary<string, StringValues>(values, StringComparer.OrdinalIgnoreCase);
        foreach (var marker in all.Keys.Where(IsMarker).ToList())
        {
            var field = marker[MarkerPrefix.Length..];
            var typed = all.TryGetValue(field, out var v) ? v.ToString() : null;
            var resolved = await resolver.ResolveAsync(user, typed, all[marker].ToString(), ct);
            all.Remove(marker);
            if (resolved.IsResolved)
            {
                all[field] = resolved.Code ?? "";
                continue;
            }
            all.Remove(field);
            var message = resolved.Candidates is { } candidates
                ? localizer[resolved.Problem!, typed!.Trim(), string.Join("；", candidates.Take(UnitResolver.CandidateLimit).Select(UnitResolver.Describe))
                    + (candidates.Count > UnitResolver.CandidateLimit ? "……" : "")].Value
                : localizer[resolved.Problem!, typed!.Trim()].Value;
            context.ModelState.AddModelError(field, message);
            context.HttpContext.Items[ProblemKey(field)] = (Typed: typed.Trim(), Message: message);
        }
        return all;
    }
}
