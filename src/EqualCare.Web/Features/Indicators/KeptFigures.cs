using System.Data.Common;
using System.Globalization;
using System.Text;
using Dapper;
using EqualCare.Web.Domain;
using EqualCare.Web.Domain.Indicators;

namespace EqualCare.Web.Features.Indicators;

/// <summary>
/// The figures of each community and period as last computed, kept in indicator_figures (PostgreSQL; migration 0008)
/// with the version its community had then. The database moves a community's version on with every write to the
/// records the figures come from, so a kept figure is used only while nothing under it has changed; the rest are
/// computed again and kept. This is what makes a city's table a read of a few hundred rows instead of a pass over
/// every record (DHIS2 keeps analytics tables for the same reason, but refreshes them on a schedule: here they are
/// never stale).
/// </summary>
public static class KeptFigures
{
    /// <summary>A community of the unit whose kept figures are missing or older than its records.</summary>
    public sealed record Stale(string CommunityCode, long Version);

    /// <summary>The kept figures of the unit's communities that are current, and the communities to compute again.</summary>
    public static async Task<(Dictionary<string, Figure[]> Current, List<Stale> Stale)> ReadAsync(
        DbConnection connection, DbTransaction transaction, OrgCode unit, Period period, string statement, int indicators,
        CancellationToken ct)
    {
        var (low, high) = unit.Range;
        var rows = await connection.QueryAsync<(string Code, long Version, long? KeptVersion, string? Figures)>(new CommandDefinition("""
            SELECT v.community_code, v.version, f.version, f.figures
            FROM indicator_versions v
            LEFT JOIN indicator_figures f ON f.community_code = v.community_code AND f.period_key = @period AND f.statement = @statement
            WHERE v.community_code BETWEEN @low AND @high
            """, new { period = period.Key, statement, low, high }, transaction, cancellationToken: ct));
        var current = new Dictionary<string, Figure[]>(StringComparer.Ordinal);
        var stale = new List<Stale>();
        foreach (var row in rows)
        {
            if (row.KeptVersion != row.Version || Parse(row.Figures!, indicators) is not { } figures)
                stale.Add(new Stale(row.Code, row.Version));
            else if (figures.Length > 0)
                current[row.Code] = figures;
        }
        return (current, stale);
    }

    /// <summary>
    /// Waits, to the end of the transaction, for the right to compute the period's figures of this statement: whoever
    /// holds it computes and keeps them, the others read them after (never two computations of the same figures at once).
    /// The wait has no command timeout: it lasts as long as the holder's own statement, which has one.
    /// </summary>
    public static async Task LockAsync(DbConnection connection, DbTransaction transaction, Period period, string statement, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandTimeout = 0;
        command.CommandText = "SELECT pg_advisory_xact_lock(hashtextextended(@key, 0))";
        var key = command.CreateParameter();
        key.ParameterName = "@key";
        key.Value = "indicator_figures " + period.Key + " " + statement;
        command.Parameters.Add(key);
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>
    /// Keeps the communities' figures as computed at each one's version (read before computing, so figures computed
    /// from later records are only ever kept under an older version, and computed again next time), in one statement
    /// however many there are. A slower request that computed an older version never overwrites a newer one.
    /// </summary>
    public static Task SaveAsync(DbConnection connection, DbTransaction transaction, Period period, string statement,
        IReadOnlyList<(Stale Community, Figure[]? Figures)> communities, DateTimeOffset now, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO indicator_figures AS f (community_code, period_key, statement, version, figures, computed_at)
            SELECT k.code, @period, @statement, k.version, k.figures, @now
            FROM unnest(@codes, @versions, @figures) AS k (code, version, figures)
            ORDER BY k.code
            ON CONFLICT (community_code, period_key, statement) DO UPDATE
                SET version = excluded.version, figures = excluded.figures, computed_at = excluded.computed_at
                WHERE f.version <= excluded.version
            """, new
            {
                period = period.Key, statement, now,
                codes = communities.Select(c => c.Community.CommunityCode).ToArray(),
                versions = communities.Select(c => c.Community.Version).ToArray(),
                figures = communities.Select(c => Format(c.Figures)).ToArray(),
            }, transaction, cancellationToken: ct));

    /// <summary>"n/d,n/d,…" in catalogue order; empty for a community with no one counted.</summary>
    public static string Format(Figure[]? figures) => figures is null
        ? ""
        : string.Join(",", figures.Select(f => string.Create(CultureInfo.InvariantCulture, $"{f.Numerator}/{f.Denominator}")));

    /// <summary>The figures of <see cref="Format"/>, or null when they are not of the catalogue's length.</summary>
    public static Figure[]? Parse(string text, int indicators)
    {
        if (text.Length == 0) return [];
        var parts = text.Split(',');
        if (parts.Length != indicators) return null;
        var figures = new Figure[indicators];
        for (var i = 0; i < parts.Length; i++)
        {
            var slash = parts[i].IndexOf('/', StringComparison.Ordinal);
            if (slash < 0 || !long.TryParse(parts[i].AsSpan(0, slash), CultureInfo.InvariantCulture, out var n)
                          || !long.TryParse(parts[i].AsSpan(slash + 1), CultureInfo.InvariantCulture, out var d)) return null;
            figures[i] = new Figure(n, d);
        }
        return figures;
    }

    /// <summary>A short hash of the statement's text: a changed formula or catalogue never reads figures of the old one.</summary>
    public static string StatementKey(string statement) =>
        Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(statement)))[..32];
}
