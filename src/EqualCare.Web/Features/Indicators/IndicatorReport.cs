using Dapper;
using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using EqualCare.Web.Domain.Indicators;
using EqualCare.Web.Web;

namespace EqualCare.Web.Features.Indicators;

/// <summary>A row of the table: a child unit (or the unit's total) with a figure per indicator, in catalogue order.</summary>
public sealed record UnitFigures(string Code, string Name, IReadOnlyList<Figure> Figures);

/// <summary>A community's place in 考核排名: the mean of its rates as a share of target (each capped at 100), and how many targets it meets.</summary>
public sealed record RankedCommunity(int Rank, string Code, string Name, decimal Score, int TargetsMet, int Counted);

public sealed record TrendPoint(Period Period, IReadOnlyList<Figure> Figures);

public sealed record IndicatorTable(
    string UnitCode, string UnitName, Period Period, IReadOnlyList<IndicatorDefinition> Indicators,
    IReadOnlyDictionary<string, Target> Targets, UnitFigures Total, IReadOnlyList<UnitFigures> Children,
    IReadOnlyList<RankedCommunity> Ranking);

/// <summary>The indicator table of a unit: its child units' figures, its total, and the ranking of its communities.</summary>
public sealed class IndicatorReport(IndicatorEngine engine, IndicatorTargets targets, DbConnectionFactory connections, TimeProvider clock)
{
    public const int TrendPeriods = 6;

    /// <summary>The unit asked for if it lies in the user's scope (the user's own unit when none is asked for).</summary>
    public static Result<OrgCode> UnitOf(CurrentUser user, string? unit)
    {
        if (!user.CanReadPersons) return Error.NotFound("indicators.notFound");
        if (string.IsNullOrWhiteSpace(unit)) return user.Org;
        if (!OrgCode.TryParse(unit, out var code) || !user.Org.Contains(code.Value)) return Error.NotFound("indicators.notFound");
        return code;
    }

    /// <summary>The period asked for, or this quarter; an unreadable key is refused rather than guessed.</summary>
    public Result<Period> PeriodOf(string? key) =>
        string.IsNullOrWhiteSpace(key) ? Period.Containing(PeriodType.Quarter, clock.Today())
        : Period.TryParse(key, out var p) ? p
        : Error.Validation("indicators.period.invalid", "Period");

    public async Task<Result<IndicatorTable>> TableAsync(CurrentUser user, string? unit, string? periodKey, CancellationToken ct)
    {
        var scope = UnitOf(user, unit);
        if (!scope.IsSuccess) return scope.Error;
        var period = PeriodOf(periodKey);
        if (!period.IsSuccess) return period.Error;
        var root = scope.Value;

        var byCommunity = await engine.ByCommunityAsync(root, period.Value, ct);
        var current = await targets.CurrentAsync(ct);
        var indicators = IndicatorEngine.Indicators;

        var childDigits = root.Level < 5 ? OrgCode.DigitsOfLevel(root.Level + 1) : OrgCode.Length;
        var (children, names) = await NamesAsync(root, byCommunity.Keys.ToArray(), ct);

        // Every child unit is listed, with or without persons; persons coded to a unit missing from org_units still count.
        var sums = new Dictionary<string, Figure[]>(StringComparer.Ordinal);
        foreach (var (community, figures) in byCommunity)
        {
            var child = community[..childDigits].PadRight(OrgCode.Length, '0');
            if (!sums.TryGetValue(child, out var sum)) sums[child] = sum = new Figure[indicators.Count];
            for (var i = 0; i < figures.Length; i++) sum[i] += figures[i];
        }
        var rows = children.Select(c => c.Code).Concat(sums.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
            .Select(code => new UnitFigures(code, names.GetValueOrDefault(code) ?? code,
                sums.TryGetValue(code, out var f) ? f : new Figure[indicators.Count]))
            .ToList();
        var total = new Figure[indicators.Count];
        foreach (var r in rows)
            for (var i = 0; i < total.Length; i++) total[i] += r.Figures[i];

        var ranking = Rank(byCommunity, names, indicators, current);
        return new IndicatorTable(root.Value, names.GetValueOrDefault(root.Value) ?? root.Value, period.Value, indicators, current,
            new UnitFigures(root.Value, names.GetValueOrDefault(root.Value) ?? root.Value, total), rows, ranking);
    }

    /// <summary>
    /// The unit's child units and the names of the unit and of its communities with figures. Read by SQL rather than through
    /// EF for the same reason as <see cref="IndicatorTargets.CurrentAsync"/>: the first table of a new process would pay
    /// for building EF's model and compiling these queries (issue 15, "indicators cold"; measured by bench `indicators`).
    /// </summary>
    async Task<(List<(string Code, string Name)> Children, Dictionary<string, string> Names)> NamesAsync(
        OrgCode root, string[] communities, CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct);
        var children = root.Level < 5
            ? (await connection.QueryAsync<(string Code, string Name)>(new CommandDefinition(
                "SELECT code, name FROM org_units WHERE parent_code = @root", new { root = root.Value }, cancellationToken: ct))).ToList()
            : [];
        // PostgreSQL takes the codes as one array; SQLite (no arrays) as a list Dapper spreads into parameters.
        var named = await connection.QueryAsync<(string Code, string Name)>(new CommandDefinition(
            connections.Provider == DatabaseProvider.Postgres
                ? "SELECT code, name FROM org_units WHERE code = ANY(@codes) OR code = @root"
                : "SELECT code, name FROM org_units WHERE code IN @codes OR code = @root",
            new { codes = communities, root = root.Value }, cancellationToken: ct));
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (code, name) in named) names[code] = name;
        foreach (var (code, name) in children) names[code] = name;
        return (children, names);
    }

    /// <summary>The unit's totals over the last <see cref="TrendPeriods"/> periods of the same type, oldest first.</summary>
    public async Task<IReadOnlyList<TrendPoint>> TrendAsync(OrgCode unit, Period period, CancellationToken ct)
    {
        var points = new List<TrendPoint>();
        foreach (var p in period.LastPeriods(TrendPeriods))
        {
            var byCommunity = await engine.ByCommunityAsync(unit, p, ct);
            var total = new Figure[IndicatorEngine.Indicators.Count];
            foreach (var figures in byCommunity.Values)
                for (var i = 0; i < total.Length; i++) total[i] += figures[i];
            points.Add(new TrendPoint(p, total));
        }
        return points;
    }

    /// <summary>
    /// 考核排名 (project-defined, shown on the page): each indicator with a target and someone to count scores its rate as a
    /// share of the target, capped at 100; the community's score is the mean. Ties keep code order.
    /// </summary>
    public static List<RankedCommunity> Rank(IReadOnlyDictionary<string, Figure[]> byCommunity, IReadOnlyDictionary<string, string> names,
        IReadOnlyList<IndicatorDefinition> indicators, IReadOnlyDictionary<string, Target> targets)
    {
        var scored = new List<(string Code, decimal Score, int Met, int Counted)>();
        foreach (var (code, figures) in byCommunity.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            decimal sum = 0;
            int counted = 0, met = 0;
            for (var i = 0; i < indicators.Count; i++)
            {
                var target = targets[indicators[i].Code];
                if (figures[i].RatePercent is not { } rate || target.TargetPercent is not { } goal || goal == 0) continue;
                counted++;
                sum += Math.Min(rate / goal, 1m) * 100m;
                if (target.Judge(rate) == Rag.Green) met++;
            }
            if (counted > 0) scored.Add((code, Math.Round(sum / counted, 1, MidpointRounding.AwayFromZero), met, counted));
        }
        return scored.OrderByDescending(s => s.Score).ThenByDescending(s => s.Met).ThenBy(s => s.Code, StringComparer.Ordinal)
            .Select((s, i) => new RankedCommunity(i + 1, s.Code, names.GetValueOrDefault(s.Code) ?? s.Code, s.Score, s.Met, s.Counted))
            .ToList();
    }
}
