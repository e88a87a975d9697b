using System.Globalization;
using Dapper;
using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using EqualCare.Web.Domain.Indicators;
using EqualCare.Web.Features.Services;
using EqualCare.Web.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace EqualCare.Web.Features.Indicators;

/// <summary>
/// The targets in force: those of the rule table the office works by (EqualCare:Care:RuleTable, <see cref="RuleTableTargets"/>;
/// the catalogue's proposal where its seed sets none), unless a district or city administrator (区/市管理员, who "manages
/// targets") set another; every change is a new row with who, when and why, and the latest row of an indicator wins.
/// </summary>
public sealed class IndicatorTargets(EqualCareDb db, DbConnectionFactory connections, AuditLog audit, TimeProvider clock, IOptions<CareOptions> care)
{
    public static bool CanManage(CurrentUser user) => user.Role == Roles.District;

    /// <summary>The rule table the office works by, whose seed's targets it has.</summary>
    public string RuleTable => care.Value.RuleTable;

    /// <summary>Where the target in force before any change comes from: the seed's words, or null for the project's proposal.</summary>
    public string? WrittenIn(string code) => RuleTableTargets.Find(RuleTable, code)?.WrittenIn;

    /// <summary>
    /// The latest row of each indicator, read by SQL rather than through EF: every indicator table reads this, and a new
    /// process's first EF query builds the model and compiles the query (≈ 1 s and 0.2–0.4 s measured on the bench's
    /// `indicators --first`), which the first table after a restart would otherwise pay (issue 15, "indicators cold").
    /// </summary>
    public async Task<Dictionary<string, Target>> CurrentAsync(CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct);
        // SQLite keeps the percentages as text (EF's decimal mapping), PostgreSQL as numeric: read either as it comes.
        var rows = await connection.QueryAsync<(string Code, object Target, object Amber)>(new CommandDefinition("""
            SELECT t.indicator_code, t.target_percent, t.amber_percent FROM indicator_targets t
            WHERE t.id = (SELECT max(l.id) FROM indicator_targets l WHERE l.indicator_code = t.indicator_code)
            """, cancellationToken: ct));
        var latest = rows.ToDictionary(r => r.Code, r => new Target(Convert.ToDecimal(r.Target, CultureInfo.InvariantCulture),
            Convert.ToDecimal(r.Amber, CultureInfo.InvariantCulture)), StringComparer.Ordinal);
        return IndicatorCatalogue.All.ToDictionary(d => d.Code,
            d => latest.TryGetValue(d.Code, out var t) ? t : RuleTableTargets.For(RuleTable, d), StringComparer.Ordinal);
    }

    public Task<List<TargetChange>> HistoryAsync(CancellationToken ct) =>
        db.TargetChanges.AsNoTracking().OrderByDescending(c => c.Id).ToListAsync(ct);

    /// <summary>Sets a new target; refused (and nothing written) for anyone but a district or city administrator or bad values.</summary>
    public async Task<Result<TargetChange>> SetAsync(CurrentUser user, string? code, decimal? target, decimal? amber, string? reason,
        CancellationToken ct)
    {
        if (!CanManage(user))
        {
            await audit.RecordAsync(AuditLog.Actions.Update, "indicator-target", code, AuditOutcome.Refused, ct: ct);
            return Error.Forbidden("indicators.target.forbidden");
        }
        if (IndicatorCatalogue.Find(code) is null) return Error.Validation("indicators.target.unknown", "Code");
        if (target is not { } t || amber is not { } a || !Target.IsValid(t, a) || decimal.Round(t, 1) != t || decimal.Round(a, 1) != a)
            return Error.Validation("indicators.target.invalid", "Target");
        var why = reason?.Trim();
        if (string.IsNullOrEmpty(why) || why.Length > 200) return Error.Validation("indicators.target.reason", "Reason");

        var row = new TargetChange
        {
            IndicatorCode = code!, TargetPercent = t, AmberPercent = a, Reason = why, SetAt = clock.UtcNow(), SetBy = user.UserName,
        };
        db.TargetChanges.Add(row);
        audit.Add(AuditLog.Actions.Update, "indicator-target", code, detail: string.Create(CultureInfo.InvariantCulture, $"target {t}, amber {a}"),
            userName: user.UserName);
        await db.SaveChangesAsync(ct);
        return row;
    }
}
