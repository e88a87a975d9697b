using System.Globalization;
using Dapper;
using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using EqualCare.Web.Domain.Indicators;
using EqualCare.Web.Features.Audit;
using EqualCare.Web.Features.Worklist;
using EqualCare.Web.Web;
using Microsoft.Extensions.Options;

namespace EqualCare.Web.Features.Indicators;

/// <summary>One change of a target, as kept in the append-only history.</summary>
public sealed record TargetChange(long Id, string IndicatorCode, decimal TargetPercent, decimal AmberPercent, string Reason,
    DateTime SetAt, string SetBy);

/// <summary>
/// The targets in force: those of the rule table the office works by (EqualCare:Care:RuleTable, <see cref="RuleTableTargets"/>;
/// the catalogue's proposal where its seed sets none), unless a district or city administrator (区/市管理员, who "manages
/// targets") set another; every change is a new row with who, when and why, and the latest row of an indicator wins.
/// </summary>
public sealed class IndicatorTargets(DbConnectionFactory connections, AuditLog audit, TimeProvider clock, IOptions<CareOptions> care)
{
    public static bool CanManage(CurrentUser user) => user.Role == Roles.District;

    /// <summary>The rule table the office works by, whose seed's targets it has.</summary>
    public string RuleTable => care.Value.RuleTable;

    /// <summary>Where the target in force before any change comes from: the seed's words, or null for the project's proposal.</summary>
    public string? WrittenIn(string code) => RuleTableTargets.Find(RuleTable, code)?.WrittenIn;

    public async Task<Dictionary<string, Target>> CurrentAsync(CancellationToken ct)
    {
        var changes = await HistoryAsync(ct);
        var latest = changes.GroupBy(c => c.IndicatorCode).ToDictionary(g => g.Key, g => g.MaxBy(c => c.Id)!, StringComparer.Ordinal);
        return IndicatorCatalogue.All.ToDictionary(d => d.Code,
            d => latest.TryGetValue(d.Code, out var c) ? new Target(c.TargetPercent, c.AmberPercent) : RuleTableTargets.For(RuleTable, d),
            StringComparer.Ordinal);
    }

    public async Task<List<TargetChange>> HistoryAsync(CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct);
        var rows = await connection.QueryAsync<(long Id, string Code, object Target, object Amber, string Reason, object SetAt, string SetBy)>(
            new CommandDefinition("SELECT id, indicator_code, target_percent, amber_percent, reason, set_at, set_by FROM indicator_targets ORDER BY id DESC",
                cancellationToken: ct));
        return rows.Select(r => new TargetChange(r.Id, r.Code, Convert.ToDecimal(r.Target, CultureInfo.InvariantCulture),
            Convert.ToDecimal(r.Amber, CultureInfo.InvariantCulture), r.Reason,
            r.SetAt is DateTime t ? t : DateTime.Parse((string)r.SetAt, CultureInfo.InvariantCulture), r.SetBy)).ToList();
    }

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

        var at = clock.UtcNow();
        await using var connection = await connections.OpenAsync(ct);
        var postgres = connections.Provider == DatabaseProvider.Postgres;
        var id = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "INSERT INTO indicator_targets (indicator_code, target_percent, amber_percent, reason, set_at, set_by) " +
            "VALUES (@code, @target, @amber, @reason, @at, @by) RETURNING id",
            new
            {
                code,
                target = postgres ? (object)t : t.ToString(CultureInfo.InvariantCulture),
                amber = postgres ? (object)a : a.ToString(CultureInfo.InvariantCulture),
                reason = why,
                at = postgres ? (object)at : at.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                by = user.UserName,
            }, cancellationToken: ct));
        await audit.RecordAsync(AuditLog.Actions.Update, "indicator-target", code,
            detail: string.Create(CultureInfo.InvariantCulture, $"target {t}, amber {a}"), ct: ct);
        return new TargetChange(id, code!, t, a, why, at, user.UserName);
    }
}
