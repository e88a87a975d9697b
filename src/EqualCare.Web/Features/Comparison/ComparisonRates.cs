using System.Globalization;
using Dapper;
using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using EqualCare.Web.Domain.Comparison;
using EqualCare.Web.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace EqualCare.Web.Features.Comparison;

/// <summary>
/// One unit's (or one month's) comparison figures: rows compared, 漏管 found and still open; rows tied to a case, 漏档 found
/// and still open. The rates are null when nothing was compared (no list: no rate, never 0 %).
/// </summary>
public sealed record GapFigures(string Code, string Name, int Compared, int Missing, int MissingOpen, int Matched, int FileMissing, int FileMissingOpen)
{
    /// <summary>漏管率: 漏管 results ÷ rows compared, in per cent.</summary>
    public double? MissingRate => Compared == 0 ? null : 100.0 * Missing / Compared;

    /// <summary>漏档率: 漏档 results ÷ rows tied to a case, in per cent.</summary>
    public double? FileMissingRate => Matched == 0 ? null : 100.0 * FileMissing / Matched;
}

/// <summary>The rates of a unit over the lists dated in a period: per unit below it, the total, and month by month (the trend).</summary>
public sealed record GapRates(string Unit, string UnitName, DateOnly From, DateOnly To, IReadOnlyList<GapFigures> Units, GapFigures Total,
    IReadOnlyList<GapFigures> Months);

/// <summary>
/// 漏管率 and 漏档率 (issue 17 point 4; docs/comparison.md §Rates). Not in the indicator engine's catalogue: those indicators
/// count persons of the register by their records, and these count rows of other agencies' lists, most of them not persons
/// of the register at all (a 漏管 row is precisely one who is not), dated by the list rather than by a service. So they stand
/// beside the catalogue, as the 协查 rates do (/Exchange/Rates): per unit below the chosen one, and month by month, with the
/// drill-down to the results. Two grouped statements over the unit's code range (<c>comparison_tallies</c>,
/// <c>comparison_results</c>) joined with the lists of the period.
/// </summary>
public sealed class ComparisonRates(EqualCareDb db, ComparisonQueries queries)
{
    const string OpenSql = """
        NOT EXISTS (SELECT 1 FROM comparison_resolutions s0 WHERE s0.result_id = c.id)
        AND NOT (c.kind = 1 AND EXISTS (SELECT 1 FROM agency_list_rows r0 JOIN persons p0 ON p0.id_number = r0.id_number
            AND p0.id_state <> 2 AND p0.merged_into_id IS NULL WHERE r0.id = c.row_id))
        """;

    public async Task<Result<GapRates>> RatesAsync(CurrentUser user, string? unitText, DateOnly from, DateOnly to, CancellationToken ct)
    {
        if (!user.CanReadPersons) return Error.NotFound("comparison.notFound");
        var unit = user.Org;
        if (unitText is { Length: > 0 } && (!OrgCode.TryParse(unitText, out unit) || !user.Org.Contains(unit.Value)))
            return Error.NotFound("comparison.notFound");
        if (from > to) return Error.Validation("comparison.rates.period", "from");
        var (low, high) = unit.Range;
        var args = new { low, high, from = ComparisonQueries.Iso(from), to = ComparisonQueries.Iso(to) };
        var connection = db.Database.GetDbConnection();
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        var tallies = await connection.QueryAsync<(string Community, string Month, long Compared, long Matched)>(new CommandDefinition(
            """
            SELECT t.community_code, substr(l.list_date, 1, 7), SUM(t.compared), SUM(t.matched)
            FROM comparison_tallies t JOIN agency_lists l ON l.id = t.list_id
            WHERE t.community_code >= @low AND t.community_code <= @high AND l.list_date >= @from AND l.list_date <= @to
            GROUP BY t.community_code, substr(l.list_date, 1, 7)
            """, args, transaction, cancellationToken: ct));
        var found = await connection.QueryAsync<(string Community, string Month, long Kind, long Found, long Open)>(new CommandDefinition(
            $"""
            SELECT c.community_code, substr(l.list_date, 1, 7), c.kind, COUNT(*), SUM(CASE WHEN {OpenSql} THEN 1 ELSE 0 END)
            FROM comparison_results c JOIN agency_lists l ON l.id = c.list_id
            WHERE c.community_code >= @low AND c.community_code <= @high AND c.kind IN (1, 2)
              AND l.list_date >= @from AND l.list_date <= @to
            GROUP BY c.community_code, substr(l.list_date, 1, 7), c.kind
            """, args, transaction, cancellationToken: ct));
        var cells = tallies.Select(t => new Cell(t.Community, t.Month, (int)t.Compared, 0, 0, (int)t.Matched, 0, 0))
            .Concat(found.Select(f => (FindingKind)f.Kind == FindingKind.Missing
                ? new Cell(f.Community, f.Month, 0, (int)f.Found, (int)f.Open, 0, 0, 0)
                : new Cell(f.Community, f.Month, 0, 0, 0, 0, (int)f.Found, (int)f.Open)))
            .ToList();

        // Per unit one level below the chosen one (a community is its own row); a row attributed to the unit itself (a list
        // without a community column, uploaded there) is its own row too.
        var childLength = unit.Level switch { 1 => 4, 2 => 6, 3 => 9, _ => 12 };
        string ChildOf(string community) => community.Length == 12 && community.StartsWith(unit.Prefix, StringComparison.Ordinal)
            ? OrgCode.Parse(community[..childLength].PadRight(12, '0')).Value : community;
        var byUnit = cells.GroupBy(c => ChildOf(c.Community)).ToList();
        var names = await queries.NamesAsync(byUnit.Select(g => g.Key).Append(unit.Value), ct);
        var units = byUnit.OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => Sum(g.Key, names.GetValueOrDefault(g.Key) ?? g.Key, g)).ToList();
        var months = cells.GroupBy(c => c.Month).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => Sum(g.Key, g.Key, g)).ToList();
        var unitName = names.GetValueOrDefault(unit.Value) ?? unit.Value;
        return new GapRates(unit.Value, unitName, from, to, units, Sum(unit.Value, unitName, cells), months);
    }

    sealed record Cell(string Community, string Month, int Compared, int Missing, int MissingOpen, int Matched, int FileMissing, int FileMissingOpen);

    static GapFigures Sum(string code, string name, IEnumerable<Cell> cells)
    {
        var list = cells.ToList();
        return new GapFigures(code, name, list.Sum(c => c.Compared), list.Sum(c => c.Missing), list.Sum(c => c.MissingOpen), list.Sum(c => c.Matched),
            list.Sum(c => c.FileMissing), list.Sum(c => c.FileMissingOpen));
    }
}

internal static class RateText
{
    public static string Percent(double? rate) => rate is { } r ? r.ToString("F1", CultureInfo.InvariantCulture) + "%" : "—";
}
