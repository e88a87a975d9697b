using System.Globalization;
using Dapper;
using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using EqualCare.Web.Domain.Comparison;
using EqualCare.Web.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace EqualCare.Web.Features.Comparison;

/// <summary>A "两漏" result cleared: brought under management on a Beijing day, with who the person is (for the plan's measures).</summary>
public sealed record ClearedGap(string Community, DateOnly ClearedOn, FindingKind Kind, AgencyListKind ListKind, Sex? Sex, DateOnly? BirthDate,
    MaritalStatus? Marital);

/// <summary>
/// The "两漏" results cleared in a unit, for the plan measures that count them (seed 004 四(二)2 and 附件 1: 漏管 and 漏档 persons
/// 清理 — "建档立卡，及时纳入管理"). Cleared means brought under management: a 漏管 or 漏档 result resolved as 已登记 (the
/// registration started from the row resolves it so), or a 漏管 row whose number has since been registered by any path (on the
/// day of that registration). The other reasons (not resident, left, duplicate, agency error) close a result without bringing
/// anyone under management and are not counted. The person is the case the result names (or the registered one), else the row.
/// </summary>
public sealed class GapProgress(EqualCareDb db)
{
    public async Task<IReadOnlyList<ClearedGap>> ClearedAsync(OrgCode unit, CancellationToken ct)
    {
        var (low, high) = unit.Range;
        var connection = db.Database.GetDbConnection();
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        var resolved = await connection.QueryAsync<Row>(new CommandDefinition(
            """
            SELECT c.community_code AS Community, c.kind AS Kind, l.kind AS ListKind, s.resolved_at AS ClearedAt,
                   COALESCE(s.person_id, c.person_id) AS PersonId, r.sex AS Sex, r.birth_date AS BirthDate, r.marital_status AS Marital
            FROM comparison_results c
            JOIN comparison_resolutions s ON s.result_id = c.id
            JOIN agency_lists l ON l.id = c.list_id
            JOIN agency_list_rows r ON r.id = c.row_id
            WHERE c.community_code >= @low AND c.community_code <= @high AND c.kind IN (1, 2) AND s.reason = 1
            """, new { low, high }, transaction, cancellationToken: ct));
        var registered = await connection.QueryAsync<Row>(new CommandDefinition(
            """
            SELECT c.community_code AS Community, c.kind AS Kind, l.kind AS ListKind, NULL AS ClearedAt, p.id AS PersonId,
                   r.sex AS Sex, r.birth_date AS BirthDate, r.marital_status AS Marital
            FROM comparison_results c
            JOIN agency_lists l ON l.id = c.list_id
            JOIN agency_list_rows r ON r.id = c.row_id
            JOIN persons p ON p.id_number = r.id_number AND p.id_state <> 2 AND p.merged_into_id IS NULL
            WHERE c.community_code >= @low AND c.community_code <= @high AND c.kind = 1
              AND NOT EXISTS (SELECT 1 FROM comparison_resolutions s0 WHERE s0.result_id = c.id)
            """, new { low, high }, transaction, cancellationToken: ct));
        var rows = resolved.Concat(registered).ToList();
        var ids = rows.Where(r => r.PersonId is not null).Select(r => r.PersonId!.Value).Distinct().ToList();
        var persons = new Dictionary<long, (Sex Sex, DateOnly Birth, MaritalStatus Marital, DateTime CreatedAt)>();
        foreach (var chunk in ids.Chunk(2000))
            foreach (var p in await db.Persons.AsNoTracking().Where(p => chunk.Contains(p.Id))
                         .Select(p => new { p.Id, p.Sex, p.BirthDate, p.MaritalStatus, p.CreatedAt }).ToListAsync(ct))
                persons[p.Id] = (p.Sex, p.BirthDate, p.MaritalStatus, p.CreatedAt);
        var cleared = new List<ClearedGap>(rows.Count);
        foreach (var r in rows)
        {
            var known = r.PersonId is { } id && persons.TryGetValue(id, out var p) ? p : ((Sex, DateOnly, MaritalStatus, DateTime)?)null;
            DateTime at;
            if (r.ClearedAt is { } text) at = DateTime.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind).ToUniversalTime();
            else if (known is { } k) at = k.Item4;
            else continue;
            var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(at, DateTimeKind.Utc), ChinaClock.Shanghai));
            cleared.Add(new ClearedGap(r.Community, day, (FindingKind)r.Kind, (AgencyListKind)r.ListKind,
                known?.Item1 ?? (r.Sex is { } s ? (Sex)s : null),
                known?.Item2 ?? (r.BirthDate is { } b ? DateOnly.ParseExact(b, "yyyy-MM-dd", CultureInfo.InvariantCulture) : null),
                known?.Item3 ?? (r.Marital is { } m ? (MaritalStatus)m : null)));
        }
        return cleared;
    }

    /// <summary>A married woman of childbearing age (15–49, DOMAIN.md) on the day: 附件 1's 已婚育龄妇女.</summary>
    public static bool MarriedWomanOfChildbearingAge(ClearedGap g, DateOnly on) =>
        g is { Sex: Sex.Female, BirthDate: { } birth } && Normalise.MaritalGroup(g.Marital) == MaritalStatus.Married
        && AgeOn(birth, on) is >= 15 and <= 49;

    /// <summary>附件 1's 出生人口: a 两漏 result of a hospital's birth list (住院分娩/出生).</summary>
    public static bool Birth(ClearedGap g) => g.ListKind == AgencyListKind.Births;

    static int AgeOn(DateOnly birth, DateOnly on) => on.Year - birth.Year - (on < birth.AddYears(on.Year - birth.Year) ? 1 : 0);

    sealed class Row
    {
        public string Community { get; set; } = "";
        public long Kind { get; set; }
        public long ListKind { get; set; }
        public string? ClearedAt { get; set; }
        public long? PersonId { get; set; }
        public long? Sex { get; set; }
        public string? BirthDate { get; set; }
        public long? Marital { get; set; }
    }
}
