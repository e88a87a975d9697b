using System.Data.Common;
using System.Globalization;
using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace EqualCare.Web.Features.Worklist;

/// <summary>
/// Makes sure every listed person of a unit has her items kept for today, without looking at every person on every
/// request (issue 15): a unit's marker (table due_kept_units) says that all its listed persons up to an id were kept for a
/// day as of a forget generation (due_generation, moved on by the forget triggers of migration 0020 when a write outside
/// the app's save forgets kept persons). With a valid marker (today, the current generation) only the persons added since
/// (ids above the marker's, a range of the primary key) are looked at; otherwise the whole unit is, once.
/// </summary>
public sealed class DueUnits(EqualCareDb db, DueKeeper keeper)
{
    /// <summary>Keeps the unit's stale persons; returns how many were kept (0 on the common path: a valid marker, no one new).</summary>
    public async Task<int> EnsureAsync(OrgCode unit, DateOnly today, CancellationToken ct) =>
        await EnsureAsync(unit, today, await StateAsync(unit, ct), ct);

    /// <summary>
    /// <see cref="EnsureAsync(OrgCode, DateOnly, CancellationToken)"/> with the state read by the caller (<see cref="StateColumns"/>
    /// in a statement of its own, so the common path costs no round trip here).
    /// </summary>
    public async Task<int> EnsureAsync(OrgCode unit, DateOnly today, UnitState state, CancellationToken ct)
    {
        // The generation is read before anything is checked: a bulk write that commits after this read moves it on, and
        // the marker written with the old one is not valid (its forgotten persons are looked at again).
        var (generation, highest, marker) = state;
        var listed = WorklistQuery.Listed(db.Persons.WithinOrg(p => p.CommunityCode, unit));
        if (marker is { } m && m.ComputedOn == today && m.Generation == generation)
        {
            if (highest <= m.MaxPersonId) return 0;
            var added = await DueKeeper.Stale(db, listed.Where(p => p.Id > m.MaxPersonId && p.Id <= highest), today).ToListAsync(ct);
            if (added.Count > 0) await keeper.KeepAsync(added, today, ct);
            await ExecuteAsync("UPDATE due_kept_units SET max_person_id = @max WHERE unit_code = @unit AND computed_on = @today "
                               + "AND generation = @generation AND max_person_id < @max", unit, today, generation, highest, ct);
            return added.Count;
        }
        // The whole unit: her listed persons not kept for today in their community, and the persons whose kept items are in
        // the unit but who are not kept for today there (moved out or closed by a write outside the app): keeping them
        // moves or removes their items, so the unit's kept items and counts are those of its listed persons only.
        var stale = await DueKeeper.Stale(db, listed, today).ToListAsync(ct);
        var elsewhere = await db.KeptDueItems.AsNoTracking().WithinOrg(i => i.CommunityCode, unit)
            .Where(i => !db.KeptDuePersons.Any(k => k.PersonId == i.PersonId && k.ComputedOn == today && k.CommunityCode == i.CommunityCode))
            .Select(i => i.PersonId).Distinct().ToListAsync(ct);
        var all = stale.Concat(elsewhere).Distinct().ToList();
        if (all.Count > 0) await keeper.KeepAsync(all, today, ct);
        await ExecuteAsync("INSERT INTO due_kept_units (unit_code, computed_on, generation, max_person_id) VALUES (@unit, @today, @generation, @max) "
                           + "ON CONFLICT (unit_code) DO UPDATE SET computed_on = excluded.computed_on, generation = excluded.generation, "
                           + "max_person_id = excluded.max_person_id", unit, today, generation, highest, ct);
        return all.Count;
    }

    /// <summary>Whether the unit's marker is valid for today (for the progress of the day's keeping and the tests).</summary>
    public async Task<bool> IsCurrentAsync(OrgCode unit, DateOnly today, CancellationToken ct)
    {
        var (generation, _, marker) = await StateAsync(unit, ct);
        return marker is { } m && m.ComputedOn == today && m.Generation == generation;
    }

    public sealed record Marker(DateOnly ComputedOn, long Generation, long MaxPersonId);

    /// <summary>The current forget generation, the highest person id and the unit's marker (null when it has none).</summary>
    public sealed record UnitState(long Generation, long Highest, Marker? Marker)
    {
        /// <summary>Whether the unit needs no keeping: a marker valid for today and no person added since.</summary>
        public bool NothingToKeep(DateOnly today) =>
            Marker is { } m && m.ComputedOn == today && m.Generation == Generation && Highest <= m.MaxPersonId;
    }

    /// <summary>
    /// The state's five columns, for a statement whose FROM has <see cref="StateJoin"/> (parameter @unit): one snapshot,
    /// so the generation is read with the marker.
    /// </summary>
    public const string StateColumns =
        "(SELECT generation FROM due_generation WHERE id = 1), (SELECT MAX(id) FROM persons), u.computed_on, u.generation, u.max_person_id";

    public const string StateJoin = "LEFT JOIN due_kept_units u ON u.unit_code = @unit";

    /// <summary>The current generation, the highest person id and the unit's marker, in one statement (one round trip a request).</summary>
    async Task<UnitState> StateAsync(OrgCode unit, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var command = Command($"SELECT {StateColumns} FROM (SELECT 1 AS one) x {StateJoin}");
            Add(command, "@unit", unit.Value);
            await using var reader = await command.ExecuteReaderAsync(ct);
            await reader.ReadAsync(ct);
            return ReadState(reader);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>The state from the reader's current row, columns 0–4 as <see cref="StateColumns"/> gives them.</summary>
    public static UnitState ReadState(DbDataReader reader)
    {
        var generation = Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture);
        var highest = reader.IsDBNull(1) ? 0 : Convert.ToInt64(reader.GetValue(1), CultureInfo.InvariantCulture);
        if (reader.IsDBNull(2)) return new UnitState(generation, highest, null);
        var on = reader.GetValue(2) switch
        {
            DateOnly d => d,
            DateTime t => DateOnly.FromDateTime(t),
            var text => DateOnly.ParseExact(Convert.ToString(text, CultureInfo.InvariantCulture)!, "yyyy-MM-dd", CultureInfo.InvariantCulture),
        };
        return new UnitState(generation, highest,
            new Marker(on, Convert.ToInt64(reader.GetValue(3), CultureInfo.InvariantCulture), Convert.ToInt64(reader.GetValue(4), CultureInfo.InvariantCulture)));
    }

    async Task ExecuteAsync(string sql, OrgCode unit, DateOnly today, long generation, long max, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var command = Command(sql);
            Add(command, "@unit", unit.Value);
            Add(command, "@today", today);
            Add(command, "@generation", generation);
            Add(command, "@max", max);
            await command.ExecuteNonQueryAsync(ct);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    DbCommand Command(string sql)
    {
        var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        command.CommandText = sql;
        return command;
    }

    static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
