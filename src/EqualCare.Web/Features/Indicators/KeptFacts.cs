using System.Diagnostics;
using System.Globalization;
using Dapper;
using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using EqualCare.Web.Domain.Indicators;

namespace EqualCare.Web.Features.Indicators;

/// <summary>A kept value that differs from a full recomputation: a person's facts, or a community's figures of a period.</summary>
public sealed record KeptDifference(string What, string Detail);

/// <summary>What <see cref="KeptFacts.CheckAsync"/> compared and found.</summary>
public sealed record KeptCheck(string Unit, bool Kept, long Persons, int FigureRows, IReadOnlyList<KeptDifference> Differences);

/// <summary>
/// Each person's indicator facts (PostgreSQL, migration 0021: what the indicators read of the service records, kept by
/// the database's triggers in the writing transaction, whoever writes) and the consistency check of everything the
/// indicators keep: the facts against the records reduced afresh, and the kept figures of every period against the
/// figures computed from the records. SQLite keeps neither (its tables are computed from the records every time).
/// </summary>
public sealed class KeptFacts(DbConnectionFactory connections, IndicatorEngine engine)
{
    /// <summary>Compares the unit's kept facts and current kept figures with a recomputation; lists what differs.</summary>
    public async Task<KeptCheck> CheckAsync(OrgCode unit, CancellationToken ct)
    {
        if (connections.Provider != DatabaseProvider.Postgres) return new KeptCheck(unit.Value, false, 0, 0, []);
        var (low, high) = unit.Range;
        var differences = new List<KeptDifference>();
        long persons;
        List<(string Community, string Period, string Statement, long Version, string Figures)> kept;
        await using (var connection = await connections.OpenAsync(ct))
        {
            persons = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                "SELECT count(*) FROM persons WHERE community_code BETWEEN @low AND @high", new { low, high }, cancellationToken: ct, commandTimeout: 0));
            var differing = await connection.QueryAsync<long>(new CommandDefinition("""
                WITH kept AS (
                    SELECT f.* FROM indicator_person_facts f JOIN persons p ON p.id = f.person_id
                    WHERE p.community_code BETWEEN @low AND @high
                ), computed AS (
                    SELECT * FROM indicator_facts_computed(NULL, @low, @high)
                )
                SELECT COALESCE(k.person_id, c.person_id) FROM kept k FULL JOIN computed c ON c.person_id = k.person_id
                WHERE k IS DISTINCT FROM c
                ORDER BY 1
                """, new { low, high }, cancellationToken: ct, commandTimeout: 0));
            differences.AddRange(differing.Select(id => new KeptDifference("facts",
                string.Create(CultureInfo.InvariantCulture, $"person {id}: kept facts differ from the records"))));
            // The figures still current (their community's version unchanged since they were kept).
            kept = (await connection.QueryAsync<(string, string, string, long, string)>(new CommandDefinition("""
                SELECT f.community_code, f.period_key, f.statement, f.version, f.figures
                FROM indicator_figures f JOIN indicator_versions v ON v.community_code = f.community_code AND v.version = f.version
                WHERE f.community_code BETWEEN @low AND @high
                ORDER BY f.period_key, f.community_code
                """, new { low, high }, cancellationToken: ct))).ToList();
        }
        var figureRows = 0;
        foreach (var group in kept.GroupBy(k => k.Period))
        {
            if (!Period.TryParse(group.Key, out var period)) continue;
            var statement = engine.KeptStatementKey(period);
            var current = group.Where(k => k.Statement == statement).ToList();
            if (current.Count == 0) continue;
            var computed = await engine.ComputeAsync(unit, period, ct);
            foreach (var row in current)
            {
                figureRows++;
                var expected = KeptFigures.Format(computed.GetValueOrDefault(row.Community));
                if (row.Figures != expected)
                    differences.Add(new KeptDifference("figures", $"{row.Community} {row.Period}: kept {row.Figures}, computed {expected}"));
            }
        }
        return new KeptCheck(unit.Value, true, persons, figureRows, differences);
    }

    /// <summary>
    /// Computes the facts of every person of the unit again from the records (the backfill after a bulk load made with
    /// the triggers disabled, or to repair a difference the check found); returns how many persons have facts.
    /// </summary>
    public async Task<long> KeepAsync(OrgCode unit, CancellationToken ct)
    {
        if (connections.Provider != DatabaseProvider.Postgres) return 0;
        var (low, high) = unit.Range;
        await using var connection = await connections.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition("""
            DELETE FROM indicator_person_facts f USING persons p WHERE p.id = f.person_id AND p.community_code BETWEEN @low AND @high
            """, new { low, high }, transaction, cancellationToken: ct, commandTimeout: 0));
        var kept = await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO indicator_person_facts SELECT * FROM indicator_facts_computed(NULL, @low, @high)",
            new { low, high }, transaction, cancellationToken: ct, commandTimeout: 0));
        await transaction.CommitAsync(ct);
        return kept;
    }
}

/// <summary>
/// `indicators check --unit CODE`: the consistency check of the kept facts and figures (<see cref="KeptFacts.CheckAsync"/>);
/// exits 1 on any difference. `indicators keep --unit CODE`: computes the unit's facts again from the records.
/// </summary>
public static class IndicatorCommand
{
    public static async Task<int> CheckAsync(IServiceProvider services, string unit, TextWriter output, CancellationToken ct)
    {
        if (!OrgCode.TryParse(unit, out var code))
        {
            await output.WriteLineAsync("usage: indicators check --unit CODE (a unit code)");
            return 2;
        }
        var watch = Stopwatch.StartNew();
        var check = await services.GetRequiredService<KeptFacts>().CheckAsync(code, ct);
        if (!check.Kept)
        {
            await output.WriteLineAsync($"unit {check.Unit}: nothing kept on this database (figures computed from the records); differences: 0");
            return 0;
        }
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"unit {check.Unit}: {check.Persons} persons' facts and {check.FigureRows} kept figure rows compared in {watch.Elapsed.TotalSeconds:0.0} s; "
            + $"differences: {check.Differences.Count}"));
        foreach (var d in check.Differences.Take(20)) await output.WriteLineAsync($"  {d.What}: {d.Detail}");
        return check.Differences.Count == 0 ? 0 : 1;
    }

    public static async Task<int> KeepAsync(IServiceProvider services, string unit, TextWriter output, CancellationToken ct)
    {
        if (!OrgCode.TryParse(unit, out var code))
        {
            await output.WriteLineAsync("usage: indicators keep --unit CODE (a unit code)");
            return 2;
        }
        var watch = Stopwatch.StartNew();
        var kept = await services.GetRequiredService<KeptFacts>().KeepAsync(code, ct);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"unit {code.Value}: kept the indicator facts of {kept} persons in {watch.Elapsed.TotalSeconds:0.0} s"));
        return 0;
    }
}
