using System.Collections.Concurrent;
using System.Data.Common;
using System.Globalization;
using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using EqualCare.Web.Domain.Indicators;
using EqualCare.Web.Domain.Schedules;
using EqualCare.Web.Features.Services;
using Microsoft.Extensions.Options;
using System.Diagnostics.Metrics;
using Npgsql;

namespace EqualCare.Web.Features.Indicators;

/// <summary>
/// One person of a drill-down list, read in full; pages and exports show <see cref="IdNumber"/> masked only.
/// <see cref="LiveBirths"/>: what she adds to a denominator of live births (2 for twins); 1 elsewhere.
/// </summary>
public sealed record DrillRow(long Id, string Name, string IdNumber, Sex Sex, DateOnly BirthDate, string CommunityCode, bool InNumerator,
    int LiveBirths = 1);

/// <summary>
/// Computes every indicator of the catalogue for all communities of a unit in one statement (<see cref="IndicatorSql"/>)
/// that counts persons per community and membership pattern; the patterns are added up here per indicator;
/// street, district and city figures are sums of their communities' numerators and denominators, never averages of rates.
/// The 康检 indicator counts the population of the office's own 康检 rule (EqualCare:Care, as the to-do list and the
/// check-up sheet do): the rule in force at the end of the period decides its ages and exemptions.
/// </summary>
public sealed class IndicatorEngine(DbConnectionFactory connections, TimeProvider clock, IOptions<CareOptions> care)
{
    readonly IReadOnlyList<LocalRule> rules = care.Value.LocalRules();
    /// <summary>
    /// The statements of each 康检 rule, built once per process: an engine is made per request and per save, and building
    /// the figures statement (40 indicators' CASE tree, 10 KB) and its key on every save cost more CPU than running it
    /// (perf, bench `write`).
    /// </summary>
    static readonly ConcurrentDictionary<(DatabaseProvider, LocalRule?, bool), IndicatorSql> Statements = new();
    static readonly ConcurrentDictionary<(DatabaseProvider, LocalRule?), string> StatementKeys = new();

    /// <summary>
    /// Counts the figure statements run for a whole unit or a community (tag <c>source</c>: facts or records), so that
    /// operators (and the tests) see how often the figures are computed rather than read.
    /// </summary>
    static readonly Meter Meter = new("EqualCare.Indicators");
    static readonly Counter<long> Computations = Meter.CreateCounter<long>("equalcare.indicators.computations");

    /// <summary>The office's 康检 rule in force on the last day of the period; null when none is (nobody is due).</summary>
    public LocalRule? CheckupRule(Period period) =>
        LocalRule.InForce(rules, period.End).FirstOrDefault(r => r.Kind == CareKind.WomensCheckup);

    /// <summary>
    /// The statement for the period. <paramref name="records"/>: reduce the service records (the reference the
    /// consistency check and the tests compare with); otherwise, on PostgreSQL, read the kept facts (migration 0021).
    /// </summary>
    IndicatorSql SqlFor(Period period, bool records = false)
    {
        var rule = CheckupRule(period);
        var facts = !records && connections.Provider == DatabaseProvider.Postgres;
        return Statements.GetOrAdd((connections.Provider, rule, facts), key => new IndicatorSql(key.Item1, key.Item2, key.Item3));
    }

    public static IReadOnlyList<IndicatorDefinition> Indicators => IndicatorCatalogue.All;

    /// <summary>
    /// Figures per community code, each an array in catalogue order. On PostgreSQL the figures kept for the period are
    /// used where their community has not changed since (<see cref="KeptFigures"/>) and the others are computed and kept:
    /// one community at a time when few changed, the whole unit in one statement when many did. SQLite, a small office's
    /// database, computes them every time.
    /// </summary>
    public async Task<Dictionary<string, Figure[]>> ByCommunityAsync(OrgCode unit, Period period, CancellationToken ct) =>
        connections.Provider == DatabaseProvider.Postgres
            ? (await InFiguresTransactionAsync((connection, transaction) => KeptOrComputedAsync(connection, transaction, unit, period, ct), ct)).Figures
            : await InFiguresTransactionAsync((connection, transaction) => ComputeAsync(connection, transaction, unit, period, ct), ct);

    /// <summary>
    /// Makes the unit's kept figures of the period current (PostgreSQL), as a request for its table would, with the same
    /// lock: what is kept and current is left alone, the rest computed and kept. The background keeping
    /// (<see cref="FiguresKeeper"/>) calls it so that no user pays for a period's first table. Returns the unit's
    /// communities with figures and how many were computed now (0: everything was kept). SQLite keeps nothing: (0, 0).
    /// </summary>
    public async Task<(int Communities, int Computed)> KeepAsync(OrgCode unit, Period period, CancellationToken ct)
    {
        if (connections.Provider != DatabaseProvider.Postgres) return (0, 0);
        var (figures, computed) = await InFiguresTransactionAsync(
            (connection, transaction) => KeptOrComputedAsync(connection, transaction, unit, period, ct, background: true), ct);
        return (figures.Count, computed);
    }

    /// <summary>The figures computed from the service records themselves, whatever is kept (the tests and the consistency
    /// check compare the two).</summary>
    public Task<Dictionary<string, Figure[]>> ComputeAsync(OrgCode unit, Period period, CancellationToken ct) =>
        InFiguresTransactionAsync((connection, transaction) => ComputeAsync(connection, transaction, unit, period, ct, records: true), ct);

    async Task<T> InFiguresTransactionAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await NoJitAsync(connection, transaction, ct);
        await HashGroupingAsync(connection, transaction, ct);
        var result = await work(connection, transaction);
        await transaction.CommitAsync(ct);
        return result;
    }

    /// <summary>The unit's figures, kept or computed now, and how many communities were computed now.</summary>
    async Task<(Dictionary<string, Figure[]> Figures, int Computed)> KeptOrComputedAsync(
        DbConnection connection, DbTransaction transaction, OrgCode unit, Period period, CancellationToken ct, bool background = false)
    {
        var key = StatementKey(period);
        var (result, stale) = await KeptFigures.ReadAsync(connection, transaction, unit, period, key, Indicators.Count, ct);
        if (stale.Count == 0) return (result, 0);

        // Concurrent first requests for the same figures (32 users opening the city's table of a new quarter) compute
        // them once: the others wait for the first to commit and then read what it kept. Before, each computed the
        // whole city on its own, all of them together ran past the command timeout and every request answered 500.
        await KeptFigures.LockAsync(connection, transaction, period, key, ct);
        (result, stale) = await KeptFigures.ReadAsync(connection, transaction, unit, period, key, Indicators.Count, ct);
        if (stale.Count == 0) return (result, 0);

        // Measured at 1M persons: one community's statement takes 0.1–0.15 s, the city's (400 communities) 17 s.
        var whole = stale.Count * 4 > result.Count + stale.Count;
        var computed = whole
            ? await ComputeAsync(connection, transaction, unit, period, ct, background: background)
            : await ComputeEachAsync(connection, transaction, stale, period, background, ct);
        var fresh = stale.Select(community => (community, computed.GetValueOrDefault(community.CommunityCode))).ToList();
        await KeptFigures.SaveAsync(connection, transaction, period, key, fresh, clock.GetUtcNow(), ct);
        foreach (var (community, figures) in fresh)
            if (figures is not null) result[community.CommunityCode] = figures;
        // A community with persons has a version row (the persons trigger writes it); should one not, its figures are
        // still shown, only not kept.
        if (whole)
            foreach (var (code, figures) in computed) result.TryAdd(code, figures);
        return (result, stale.Count);
    }

    /// <summary>
    /// The statement's text with the 康检 rule's ages, which are parameters: figures kept under another rule table or
    /// another <c>CheckupMaxAge</c> are never read.
    /// </summary>
    public string KeptStatementKey(Period period) => StatementKey(period);

    string StatementKey(Period period) => StatementKeys.GetOrAdd((connections.Provider, CheckupRule(period)), _ =>
        KeptFigures.StatementKey(SqlFor(period).FiguresByCommunity(Indicators)
            + (CheckupRule(period) is { } r ? string.Create(CultureInfo.InvariantCulture, $"\n-- 康检 {r.MinAge}-{r.MaxAge}, {r.ResidenceMonths} months") : "")));

    async Task<Dictionary<string, Figure[]>> ComputeEachAsync(
        DbConnection connection, DbTransaction transaction, List<KeptFigures.Stale> communities, Period period, bool background,
        CancellationToken ct)
    {
        var result = new Dictionary<string, Figure[]>(StringComparer.Ordinal);
        foreach (var community in communities)
            foreach (var (code, figures) in await ComputeAsync(connection, transaction, OrgCode.Parse(community.CommunityCode), period, ct,
                         background: background))
                result[code] = figures;
        return result;
    }

    async Task<Dictionary<string, Figure[]>> ComputeAsync(
        DbConnection connection, DbTransaction transaction, OrgCode unit, Period period, CancellationToken ct, bool records = false,
        bool background = false)
    {
        var indicators = Indicators;
        var sql = SqlFor(period, records);
        Computations.Add(1, new KeyValuePair<string, object?>("source", sql.KeptFacts ? "facts" : "records"),
            new KeyValuePair<string, object?>("unit", unit.Value), new KeyValuePair<string, object?>("period", period.Key));
        await using var command = Command(connection, transaction, sql.FiguresByCommunity(indicators), unit, period);
        // The background keeping has no user waiting on it, only requests queued on its lock (which wait without a
        // timeout): its statement runs to the end however loaded the machine is, where a request's keeps the connection's
        // timeout (a city's statement took 8–23 s at load 14–22, docs/performance.md).
        if (background) command.CommandTimeout = 0;
        return await FiguresAsync(command, sql, ct);
    }

    /// <summary>The plan of the unit's figures statement as PostgreSQL runs it (EXPLAIN ANALYZE; bench `indicators --explain`).</summary>
    public Task<List<string>> ExplainAsync(OrgCode unit, Period period, CancellationToken ct) =>
        InFiguresTransactionAsync(async (connection, transaction) =>
        {
            await using var command = Command(connection, transaction,
                "EXPLAIN (ANALYZE, BUFFERS) " + SqlFor(period).FiguresByCommunity(Indicators), unit, period);
            command.CommandTimeout = 0;
            var plan = new List<string>();
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) plan.Add(reader.GetString(0));
            return plan;
        }, ct);

    /// <summary>
    /// What the persons add to their communities' figures of each period, from the kept facts, in the caller's transaction
    /// (PostgreSQL): a write moves the kept figures by the difference it makes to this (<see cref="IndicatorKeepingInterceptor"/>).
    /// One round trip for all the periods, each statement planned once per connection: planning the statement (its CASE
    /// tree over 40 indicators) took 2.3 ms a call against 0.07 ms of execution, 16 calls a write (pg_stat_statements,
    /// bench `write`), and PostgreSQL kept choosing custom plans for it. The generic plan looks persons up by id like the
    /// custom ones; the mode is set for these statements alone and put back after them.
    /// </summary>
    public async Task<Dictionary<Period, Dictionary<string, Figure[]>>> ContributionsAsync(
        DbConnection connection, DbTransaction? transaction, IReadOnlyCollection<long> ids, IReadOnlyList<Period> periods, CancellationToken ct)
    {
        var result = new Dictionary<Period, Dictionary<string, Figure[]>>();
        if (periods.Count == 0) return result;
        await using var batch = connection.CreateBatch();
        batch.Transaction = transaction;
        var generic = connection is NpgsqlConnection;
        if (generic) batch.BatchCommands.Add(Statement(batch, "SET LOCAL plan_cache_mode = force_generic_plan"));
        var statements = new List<IndicatorSql>();
        foreach (var period in periods)
        {
            var sql = SqlFor(period);
            var command = Statement(batch, sql.FiguresByCommunity(Indicators, persons: true));
            Bind(command.Parameters, command.CreateParameter, null, period);
            Add(command.Parameters, command.CreateParameter(), "ids", ids.ToArray());
            batch.BatchCommands.Add(command);
            statements.Add(sql);
        }
        if (generic) batch.BatchCommands.Add(Statement(batch, "SET LOCAL plan_cache_mode TO DEFAULT"));
        // Commands that return no rows (the SETs) have no result set of their own: the reader starts at the first period's.
        await using var reader = await batch.ExecuteReaderAsync(ct);
        for (var i = 0; i < periods.Count; i++)
        {
            if (i > 0 && !await reader.NextResultAsync(ct)) throw new InvalidOperationException("A period's contributions came back without rows.");
            result[periods[i]] = await FiguresAsync(reader, statements[i], ct);
        }
        return result;
    }

    static DbBatchCommand Statement(DbBatch batch, string text)
    {
        var command = batch.CreateBatchCommand();
        command.CommandText = text;
        return command;
    }

    /// <summary>Adds up the statement's rows (persons per community and membership pattern) per indicator.</summary>
    static async Task<Dictionary<string, Figure[]>> FiguresAsync(DbCommand command, IndicatorSql sql, CancellationToken ct)
    {
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await FiguresAsync(reader, sql, ct);
    }

    /// <summary>Adds up the rows of the reader's current result set.</summary>
    static async Task<Dictionary<string, Figure[]>> FiguresAsync(DbDataReader reader, IndicatorSql sql, CancellationToken ct)
    {
        var indicators = Indicators;
        var perLiveBirth = indicators.Select(d => sql.Formulas[d.Code].PerLiveBirth).ToArray();
        var result = new Dictionary<string, Figure[]>(StringComparer.Ordinal);
        var maskCount = (indicators.Count + IndicatorSql.IndicatorsPerMask - 1) / IndicatorSql.IndicatorsPerMask;
        while (await reader.ReadAsync(ct))
        {
            var community = reader.GetString(0);
            if (!result.TryGetValue(community, out var figures)) result[community] = figures = new Figure[indicators.Count];
            var persons = Convert.ToInt64(reader.GetValue(1 + maskCount), CultureInfo.InvariantCulture);
            var births = Convert.ToInt64(reader.GetValue(2 + maskCount), CultureInfo.InvariantCulture);
            for (var m = 0; m < maskCount; m++)
            {
                var mask = Convert.ToInt64(reader.GetValue(1 + m), CultureInfo.InvariantCulture);
                for (var j = 0; j < IndicatorSql.IndicatorsPerMask && m * IndicatorSql.IndicatorsPerMask + j < indicators.Count; j++)
                {
                    var inDenominator = (mask >> (2 * j) & 1) == 1;
                    var inNumerator = (mask >> (2 * j + 1) & 1) == 1;
                    var i = m * IndicatorSql.IndicatorsPerMask + j;
                    if (inDenominator)
                        figures[i] += new Figure(inNumerator ? persons : 0, perLiveBirth[i] ? persons * births : persons);
                }
            }
        }
        return result;
    }

    /// <summary>A page of the persons behind one figure, and how many there are in all.</summary>
    public async Task<(long Total, List<DrillRow> Rows)> PersonsAsync(string code, OrgCode unit, Period period, bool numeratorOnly,
        int skip, int take, CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await NoJitAsync(connection, transaction, ct);
        var sql = SqlFor(period);
        await using var count = Command(connection, transaction, sql.CountPersons(code, numeratorOnly), unit, period);
        var total = Convert.ToInt64(await count.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
        await using var list = Command(connection, transaction, sql.Persons(code, numeratorOnly), unit, period);
        Add(list, "take", take);
        Add(list, "skip", skip);
        var rows = new List<DrillRow>();
        await using (var reader = await list.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                var birth = reader.GetValue(4) is DateOnly d ? d : DateOnly.Parse(reader.GetString(4), CultureInfo.InvariantCulture);
                rows.Add(new DrillRow(reader.GetInt64(0), reader.GetString(1), reader.GetString(2),
                    (Sex)Convert.ToInt16(reader.GetValue(3), CultureInfo.InvariantCulture), birth, reader.GetString(5),
                    Convert.ToInt64(reader.GetValue(6), CultureInfo.InvariantCulture) == 1,
                    Convert.ToInt32(reader.GetValue(7), CultureInfo.InvariantCulture)));
            }
        }
        await transaction.CommitAsync(ct);
        return (total, rows);
    }

    /// <summary>
    /// PostgreSQL would JIT-compile the wide aggregate on a large table: the compile costs more than it saves for a
    /// statement that runs once (measured in bench `indicators`).
    /// </summary>
    static async Task NoJitAsync(DbConnection connection, DbTransaction transaction, CancellationToken ct)
    {
        if (connection is not NpgsqlConnection) return;
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SET LOCAL jit = off";
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>
    /// PostgreSQL cannot estimate how few membership patterns there are and would sort a million rows (spilling to disk) to
    /// group them; a hash table of a few hundred patterns per community is what the statement needs (measured in bench).
    /// </summary>
    static async Task HashGroupingAsync(DbConnection connection, DbTransaction transaction, CancellationToken ct)
    {
        if (connection is not NpgsqlConnection) return;
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SET LOCAL enable_sort = off";
        await command.ExecuteNonQueryAsync(ct);
    }

    DbCommand Command(DbConnection connection, DbTransaction? transaction, string text, OrgCode? unit, Period period)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = text;
        Bind(command.Parameters, command.CreateParameter, unit, period);
        return command;
    }

    /// <summary>The unit's code range (when given) and the period's dates, as every indicator statement names them.</summary>
    void Bind(DbParameterCollection parameters, Func<DbParameter> create, OrgCode? unit, Period period)
    {
        var end = period.End;
        if (unit is { } u)
        {
            Add(parameters, create(), "low", u.Range.Low);
            Add(parameters, create(), "high", u.Range.High);
        }
        AddDate("start", period.Start);
        AddDate("end", end);
        // Ages and lengths of stay are taken at the end of the period.
        AddDate("born_after_49", end.AddYears(-50));
        AddDate("born_by_15", end.AddYears(-15));
        AddDate("born_after_6", end.AddYears(-7));
        AddDate("born_by_2", end.AddMonths(-IndicatorCatalogue.VaccineCoverageAgeMonths));
        AddDate("arrived_by_6m", end.AddMonths(-6));
        AddDate("arrived_by_3m", end.AddMonths(-3));
        // The 康检 rule's population (CareDue.InAudience): of its ages on some day of the period (not past its upper age on
        // the first day, of its lower age by the last), here long enough by the last day; none when no rule is in force.
        if (CheckupRule(period) is { } rule)
        {
            AddDate("ck_born_after", period.Start.AddYears(-(rule.MaxAge + 1)));
            AddDate("ck_born_by", end.AddYears(-rule.MinAge));
            AddDate("ck_arrived_by", end.AddMonths(-rule.ResidenceMonths));
        }
        else
        {
            AddDate("ck_born_after", end);
            AddDate("ck_born_by", end);
            AddDate("ck_arrived_by", end);
        }
        AddDate("ck_stale_lmp", period.Start.AddDays(-PersonFacts.StalePregnancyDays));

        void AddDate(string name, DateOnly value) => Add(parameters, create(), name, DateValue(value));
    }

    static void Add(DbCommand command, string name, object value) => Add(command.Parameters, command.CreateParameter(), name, value);

    static void Add(DbParameterCollection parameters, DbParameter parameter, string name, object value)
    {
        parameter.ParameterName = "@" + name;
        parameter.Value = value;
        parameters.Add(parameter);
    }

    /// <summary>SQLite keeps dates as yyyy-MM-dd text; PostgreSQL compares them as dates.</summary>
    object DateValue(DateOnly value) => connections.Provider == DatabaseProvider.Postgres
        ? value
        : value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
