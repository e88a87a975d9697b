using System.Globalization;
using System.Text;
using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using EqualCare.Web.Domain.Cases;
using EqualCare.Web.Domain.Indicators;
using EqualCare.Web.Domain.Schedules;
using EqualCare.Web.Domain.Services;

namespace EqualCare.Web.Features.Indicators;

/// <summary>
/// The indicators as SQL. Each source table is read once and reduced to one row of flags per person (services, certificate
/// checks, check-up attendance, survey answers); the persons of the unit are then read once and every indicator's
/// denominator and numerator is a predicate over that person row. The figures (counted by community) and the drill-down
/// lists (the persons themselves) use the very same predicates, so a list always has as many rows as its figure.
/// Aliases: p persons, s service flags, c certificate flags, a attendance flags, v survey answers, x workers' decisions.
/// The 康检 indicator's population is the office's 康检 rule (<paramref name="checkup"/>, the rule in force at the end of the
/// period; null when none is): its ages, exemptions and the workers' decisions, as the check-up sheet lists them.
/// </summary>
/// <param name="keptFacts">On PostgreSQL, read each person's service flags from the kept facts (indicator_person_facts,
/// migration 0021) instead of reducing the service records; false reads the records (the consistency check's reference).</param>
public sealed class IndicatorSql(DatabaseProvider provider, LocalRule? checkup = null, bool keptFacts = false)
{
    // Enum values as the tables store them (Domain: Sex, MaritalStatus, CaseStatus, FlowDirection, ServiceKind, CareKind…).
    const string CompleteCase = "p.phone IS NOT NULL AND p.hukou_address IS NOT NULL AND p.residence_address IS NOT NULL AND p.housing_type IS NOT NULL";
    /// <summary>免费技术服务 as the catalogue defines it: 康检, 妇科病普查, 孕前优生检查, 计划生育手术, 药具发放.</summary>
    static readonly string FreeServiceKinds = string.Join(", ", new[]
    {
        ServiceKind.WomensCheckup, ServiceKind.GynaecologicalScreening, ServiceKind.PrePregnancyCheck, ServiceKind.Operation,
        ServiceKind.Contraceptives,
    }.Select(k => ((int)k).ToString(CultureInfo.InvariantCulture)));
    static readonly string UsesMethod =
        $"p.contraception_method BETWEEN {(int)ContraceptionMethod.MaleSterilisation} AND {(int)ContraceptionMethod.Other}";
    /// <summary>The married statuses (初婚, 再婚, 已婚) of the women the rates count.</summary>
    static readonly string Married = $"{(int)MaritalStatus.Married}, {(int)MaritalStatus.FirstMarriage}, {(int)MaritalStatus.Remarried}";

    /// <summary>
    /// A population denominators start from: its own condition within its parent's. In the figures statement each is
    /// tested once per person and only inside its parent, the most selective condition first, so a typical person costs a
    /// handful of comparisons (measured: the per-person expression, not the reading, is what the statement spends on).
    /// </summary>
    sealed record Population(string? Parent, string Condition);

    static readonly Dictionary<string, Population> Populations = new(StringComparer.Ordinal)
    {
        // Cases on the register at the end of the period (merged duplicates left out).
        ["cases"] = new(null, "p.merged_into_id IS NULL AND p.arrival_date <= @end"),
        // Inflow cases still here (active).
        ["inflow"] = new("cases", $"p.status = {(int)CaseStatus.Active} AND p.flow_direction = {(int)FlowDirection.Inflow}"),
        // Married women the 康检 rule is for at some day of the period (its ages: see IndicatorEngine's @ck_ parameters).
        ["checkupWomen"] = new("inflow", $"p.sex = {(int)Sex.Female} AND p.marital_status IN ({Married}) AND p.birth_date > @ck_born_after"
                                          + " AND p.birth_date <= @ck_born_by AND p.arrival_date <= @ck_arrived_by"),
        // Married women of childbearing age (15–49 at the end of the period).
        ["women"] = new("inflow", $"p.sex = {(int)Sex.Female} AND p.birth_date > @born_after_49 AND p.birth_date <= @born_by_15 AND p.marital_status IN ({Married})"),
        // Mothers whose live birth fell in the period.
        ["liveBirth"] = new("inflow", $"p.pregnancy_outcome = {(int)PregnancyOutcome.LiveBirth} AND p.pregnancy_outcome_date BETWEEN @start AND @end AND p.sex = {(int)Sex.Female}"),
        // Children under 7 at the end of the period.
        ["children"] = new("inflow", "p.birth_date > @born_after_6 AND p.birth_date <= @end"),
        // Women listed for a check-up day of the period.
        ["listed"] = new(null, "a.invited = 1 AND p.merged_into_id IS NULL"),
        // Persons who answered the survey in the period.
        ["surveyed"] = new(null, "v.policy_known IS NOT NULL AND p.merged_into_id IS NULL"),
    };

    /// <summary>A population's full condition, its ancestors' included (the drill-down lists' WHERE).</summary>
    static string FullCondition(string population) => Populations[population] is { Parent: { } parent } p
        ? $"{FullCondition(parent)} AND {p.Condition}"
        : Populations[population].Condition;

    /// <summary>An indicator as SQL: its population, what else its denominator asks (or null), and its numerator.</summary>
    /// <param name="PerLiveBirth">The denominator counts live births, not mothers (国家基本公共卫生服务规范 2011: 活产数, so twins
    /// count twice); the numerator still counts mothers.</param>
    public sealed record Formula(string Population, string? Extra, string Numerator, bool PerLiveBirth = false)
    {
        public string Denominator => Extra is null ? FullCondition(Population) : $"{FullCondition(Population)} AND {Extra}";
    }

    /// <summary>Whether the service flags are read from the kept facts rather than reduced from the records.</summary>
    public bool KeptFacts => keptFacts && provider == DatabaseProvider.Postgres;

    /// <summary>The formula of every indicator of the catalogue.</summary>
    public IReadOnlyDictionary<string, Formula> Formulas { get; } = Build(provider, checkup);

    /// <summary>
    /// Who the 康检 rule does not hold due for the period although she is of its population: a worker's decision on the
    /// period's 康检, and each exemption the rule lists (CareDue.ExemptionFor): pregnant on a day of the period (the
    /// latest pregnancy, ended the day before its outcome or taken as stale 44 weeks after the LMP, PersonFacts), and
    /// sterilised (she or her husband) only where the rule says so. Divorced and widowed women are not married: never due.
    /// A woman checked in the period stays in (a 康检 on record fulfils the quarter before any exemption is asked).
    /// </summary>
    static string CheckupExempt(LocalRule? rule)
    {
        var reasons = new List<string> { "x.person_id IS NOT NULL" };
        if (rule?.Exempts(ExemptionReason.Pregnant) == true)
            reasons.Add("(p.pregnancy_lmp IS NOT NULL AND p.pregnancy_lmp <= @end AND CASE WHEN p.pregnancy_outcome_date IS NOT NULL"
                        + " AND p.pregnancy_outcome_date >= p.pregnancy_lmp THEN p.pregnancy_outcome_date > @start"
                        + " ELSE p.pregnancy_lmp > @ck_stale_lmp END)");
        if (rule?.Exempts(ExemptionReason.Sterilised) == true) reasons.Add($"COALESCE(p.contraception_method, 0) IN ({(int)ContraceptionMethod.MaleSterilisation}, {(int)ContraceptionMethod.FemaleSterilisation})");
        return $"(COALESCE(s.checkup, 0) = 1 OR NOT ({string.Join(" OR ", reasons)}))";
    }

    static Dictionary<string, Formula> Build(DatabaseProvider provider, LocalRule? checkup)
    {
        var d = new Dictionary<string, Formula>(StringComparer.Ordinal)
        {
            ["comprehensive"] = new("women", null, $"{CompleteCase} AND c.checked = 1 AND ({UsesMethod} OR s.checkup = 1)"),
            ["free_service"] = new("women", null, "s.free_service = 1"),
            ["womens_checkup"] = new("checkupWomen", CheckupExempt(checkup), "s.checkup = 1"),
            ["checkup_same_day"] = new("listed", null, "a.attended = 1"),
            ["checkup_after_makeup"] = new("listed", null, "(a.attended = 1 OR s.checkup = 1)"),
            ["contraception"] = new("women", null, UsesMethod),
            ["contraception_timely"] = new("women", "p.pregnancy_outcome_date BETWEEN @start AND @end",
                $"{UsesMethod} AND p.contraception_start >= p.pregnancy_outcome_date AND p.contraception_start <= @end"
                + $" AND {DaysBetween(provider, "p.pregnancy_outcome_date", "p.contraception_start")} <= 90"),
            ["certificate_checked"] = new("women", null, "c.checked = 1"),
            ["health_record"] = new("inflow", "p.arrival_date <= @arrived_by_6m", "s.health_record = 1"),
            ["immunisation_file"] = new("children", "p.arrival_date <= @arrived_by_3m", "s.immunisation_file = 1"),
            ["early_booking"] = new("liveBirth", null, "s.early_booking = 1"),
            ["postpartum_visit"] = new("liveBirth", null, "s.postpartum_visit = 1"),
            ["antenatal_care"] = new("liveBirth", null, "s.antenatal >= 5"),
            ["newborn_visit"] = new("inflow", "p.birth_date BETWEEN @start AND @end", "s.newborn_visit = 1"),
            ["child_health"] = new("children", null, "s.child_visit = 1"),
            ["prepregnancy_check"] = new("women", null, "s.prepregnancy = 1"),
            ["id_accuracy"] = new("cases", null, $"p.id_state IN ({(int)IdState.Valid}, {(int)IdState.Overridden})"),
            ["data_entry"] = new("inflow", "p.arrival_date >= @start",
                $"{DaysBetween(provider, "p.arrival_date", CreatedDay(provider))} <= 30"),
            ["free_contraceptives"] = new("women", $"p.contraception_method BETWEEN {(int)ContraceptionMethod.OralPill} AND {(int)ContraceptionMethod.Spermicide}", "s.contraceptives = 1"),
            ["prepregnancy_here"] = new("women", "p.pregnancy_lmp BETWEEN @start AND @end AND p.pregnancy_lmp >= p.arrival_date",
                "s.prepregnancy_before_lmp = 1"),
            ["free_service_here"] = new("women", $"p.contraception_method IN ({(int)ContraceptionMethod.FemaleSterilisation}, {(int)ContraceptionMethod.Iud}, {(int)ContraceptionMethod.Implant}) AND p.contraception_start BETWEEN @start AND @end"
                                                 + " AND p.contraception_start >= p.arrival_date", "s.operation_here = 1"),
            ["equalisation"] = new("inflow", $"({SixMonths} OR ({ChildHere}) OR ({WomanHere}))",
                $"({Not(SixMonths)} OR COALESCE(s.health_record, 0) = 1) AND ({Not(ChildHere)} OR COALESCE(s.immunisation_file, 0) = 1)"
                + $" AND ({Not(WomanHere)} OR COALESCE(s.free_service, 0) = 1)"),
            ["policy_awareness"] = new("surveyed", null, "v.policy_known = 1"),
            ["satisfaction"] = new("surveyed", null, "v.satisfied = 1"),
        };
        foreach (var code in IndicatorCatalogue.PerLiveBirth) d[code] = d[code] with { PerLiveBirth = true };
        for (var i = 0; i < IndicatorCatalogue.CoveredVaccines.Count; i++)
        {
            var (vaccine, _, doses) = IndicatorCatalogue.CoveredVaccines[i];
            d[IndicatorCatalogue.VaccineIndicatorCode(vaccine)] = new("children",
                "p.birth_date <= @born_by_2 AND p.arrival_date <= @arrived_by_3m", $"s.vx{i} >= {doses.ToString(CultureInfo.InvariantCulture)}");
        }
        return d;
    }

    // The parts of 均等化覆盖率 (docs/indicators.md): who each basic service is for. Every column read is NOT NULL.
    const string SixMonths = "p.arrival_date <= @arrived_by_6m";
    const string ChildHere = "p.birth_date > @born_after_6 AND p.birth_date <= @end AND p.arrival_date <= @arrived_by_3m";
    static readonly string WomanHere = $"p.sex = {(int)Sex.Female} AND p.birth_date > @born_after_49 AND p.birth_date <= @born_by_15 AND p.marital_status IN ({Married})";

    static string Not(string condition) => $"NOT ({condition})";

    /// <summary>Whole days from <paramref name="from"/> to <paramref name="to"/>, as each database counts them.</summary>
    static string DaysBetween(DatabaseProvider provider, string from, string to) => provider == DatabaseProvider.Postgres
        ? $"({to} - {from})"
        : $"(julianday({to}) - julianday({from}))";

    /// <summary>
    /// How many different doses of the vaccine the person has. PostgreSQL sets one bit per dose number (1–9, as the
    /// service rules allow) and counts them: a COUNT(DISTINCT) needs its rows sorted, and with sorting off (see
    /// <see cref="IndicatorEngine"/>) the planner read the whole person index in order to get them so (184 ms of a
    /// community's 354 ms); bit_or is hashed like the other flags.
    /// </summary>
    static string DistinctDoses(DatabaseProvider provider, string vaccine) => provider == DatabaseProvider.Postgres
        ? $"bit_count(bit_or(CASE WHEN s.kind = {(int)ServiceKind.Immunisation} AND s.vaccine = '{vaccine}' THEN 1 << s.dose_number ELSE 0 END)::bit(16))"
        : $"COUNT(DISTINCT CASE WHEN s.kind = {(int)ServiceKind.Immunisation} AND s.vaccine = '{vaccine}' THEN s.dose_number END)";

    /// <summary>The day (China time) the case was entered.</summary>
    static string CreatedDay(DatabaseProvider provider) => provider == DatabaseProvider.Postgres
        ? "(p.created_at AT TIME ZONE 'Asia/Shanghai')::date"
        : "date(p.created_at, '+8 hours')";

    /// <summary>The joins that give every person of the unit its flag rows (of the persons @ids when <paramref name="persons"/>).</summary>
    public string From(bool persons = false)
    {
        // Only the unit's persons (or the persons asked for), here and in each source: a community's figures must not pay
        // for reducing the whole city's records.
        var within = persons ? "o.id = ANY(@ids)" : "o.community_code BETWEEN @low AND @high";
        var vaccines = new StringBuilder();
        for (var i = 0; i < IndicatorCatalogue.CoveredVaccines.Count; i++)
            vaccines.Append(CultureInfo.InvariantCulture,
                $",\n        {DistinctDoses(provider, IndicatorCatalogue.CoveredVaccines[i].Vaccine)} AS vx{i}");
        var days = (string from, string to) => DaysBetween(provider, from, to);
        var services = KeptFacts ? "LEFT JOIN indicator_person_facts s ON s.person_id = p.id" : $"""
            LEFT JOIN (
                SELECT s.person_id,
                    MAX(CASE WHEN s.kind = {(int)ServiceKind.WomensCheckup} AND s.service_date >= @start THEN 1 ELSE 0 END) AS checkup,
                    MAX(CASE WHEN s.kind IN ({FreeServiceKinds}) AND s.service_date >= @start THEN 1 ELSE 0 END) AS free_service,
                    MAX(CASE WHEN s.kind = {(int)ServiceKind.HealthRecord} THEN 1 ELSE 0 END) AS health_record,
                    MAX(CASE WHEN s.kind = {(int)ServiceKind.ImmunisationFile} THEN 1 ELSE 0 END) AS immunisation_file,
                    MAX(CASE WHEN s.kind = {(int)ServiceKind.ChildVisit} AND s.service_date >= @start THEN 1 ELSE 0 END) AS child_visit,
                    MAX(CASE WHEN s.kind = {(int)ServiceKind.PrePregnancyCheck} THEN 1 ELSE 0 END) AS prepregnancy,
                    MAX(CASE WHEN s.kind = {(int)ServiceKind.ChildVisit} AND s.fulfils = {(int)CareKind.NewbornHomeVisit} AND s.service_date >= o.birth_date
                        AND {days("o.birth_date", "s.service_date")} <= 28 THEN 1 ELSE 0 END) AS newborn_visit,
                    MAX(CASE WHEN s.kind = {(int)ServiceKind.MaternalVisit} AND s.gestational_weeks < 13 AND s.service_date <= o.pregnancy_outcome_date
                        AND {days("s.service_date", "o.pregnancy_outcome_date")} <= 300 THEN 1 ELSE 0 END) AS early_booking,
                    MAX(CASE WHEN s.kind = {(int)ServiceKind.MaternalVisit} AND s.fulfils = {(int)CareKind.PostpartumVisit} AND s.service_date >= o.pregnancy_outcome_date
                        AND {days("o.pregnancy_outcome_date", "s.service_date")} <= 28 THEN 1 ELSE 0 END) AS postpartum_visit,
                    SUM(CASE WHEN s.kind = {(int)ServiceKind.MaternalVisit} AND (s.fulfils IS NULL OR s.fulfils BETWEEN {(int)CareKind.AntenatalBooking} AND {(int)CareKind.AntenatalVisit5})
                        AND s.service_date < o.pregnancy_outcome_date
                        AND {days("s.service_date", "o.pregnancy_outcome_date")} <= 300 THEN 1 ELSE 0 END) AS antenatal,
                    MAX(CASE WHEN s.kind = {(int)ServiceKind.Contraceptives} AND s.service_date >= @start THEN 1 ELSE 0 END) AS contraceptives,
                    MAX(CASE WHEN s.kind = {(int)ServiceKind.PrePregnancyCheck} AND s.service_date <= o.pregnancy_lmp
                        AND {days("s.service_date", "o.pregnancy_lmp")} <= 365 THEN 1 ELSE 0 END) AS prepregnancy_before_lmp,
                    MAX(CASE WHEN s.kind = {(int)ServiceKind.Operation} AND s.operation IN ({(int)Operation.IudInsertion}, {(int)Operation.TubalLigation}, {(int)Operation.ImplantInsertion})
                        AND {days("o.contraception_start", "s.service_date")} BETWEEN -30 AND 30 THEN 1 ELSE 0 END) AS operation_here{vaccines}
                FROM service_records s
                JOIN persons o ON o.id = s.person_id
                -- Only the unit's persons, here and in the other sources: a community's figures must not pay for
                -- reducing the whole city's records.
                WHERE {within} AND s.service_date <= @end AND s.kind <> {(int)ServiceKind.Void}
                    AND NOT EXISTS (SELECT 1 FROM service_records x WHERE x.voids_record_id = s.id)
                GROUP BY s.person_id
            ) s ON s.person_id = p.id
            """;
        return $"""
            persons p
            {services}
            LEFT JOIN (
                SELECT ce.person_id, 1 AS checked
                FROM certificates ce JOIN certificate_checks ck ON ck.certificate_id = ce.id
                JOIN persons o ON o.id = ce.person_id
                WHERE {within} AND ce.kind = {(int)CertificateKind.MarriageAndChildbearing} AND ck.checked_on <= @end
                GROUP BY ce.person_id
            ) c ON c.person_id = p.id
            LEFT JOIN (
                SELECT ca.person_id, 1 AS invited, MAX(CASE WHEN ca.attended THEN 1 ELSE 0 END) AS attended
                FROM checkup_attendance ca JOIN checkup_days cd ON cd.id = ca.checkup_day_id
                JOIN persons o ON o.id = ca.person_id
                WHERE {within} AND cd.day BETWEEN @start AND @end
                    AND NOT EXISTS (SELECT 1 FROM checkup_attendance l
                        WHERE l.checkup_day_id = ca.checkup_day_id AND l.person_id = ca.person_id AND l.id > ca.id)
                GROUP BY ca.person_id
            ) a ON a.person_id = p.id
            LEFT JOIN (
                SELECT e.person_id
                FROM care_exemptions e
                JOIN persons o ON o.id = e.person_id
                WHERE {within} AND e.kind = {(int)CareKind.WomensCheckup} AND e.window_start BETWEEN @start AND @end
                GROUP BY e.person_id
            ) x ON x.person_id = p.id
            LEFT JOIN (
                SELECT r.person_id, CASE WHEN r.policy_known THEN 1 ELSE 0 END AS policy_known,
                    CASE WHEN r.satisfied THEN 1 ELSE 0 END AS satisfied
                FROM survey_responses r
                JOIN persons o ON o.id = r.person_id
                WHERE {within} AND r.answered_on BETWEEN @start AND @end
                    AND NOT EXISTS (SELECT 1 FROM survey_responses l WHERE l.person_id = r.person_id
                        AND l.answered_on BETWEEN @start AND @end
                        AND (l.answered_on > r.answered_on OR (l.answered_on = r.answered_on AND l.id > r.id)))
            ) v ON v.person_id = p.id
            """;
    }

    /// <summary>
    /// The service flags of <see cref="From"/> as read from the kept facts (migration 0021): each the same value as the
    /// records' reduction gives, decided by comparing a kept day with the period's ends. The facts are joined as they
    /// are and each flag is written out where a formula reads it (<see cref="FactsFlags"/>), so it is computed only for
    /// the persons of that formula's population (a million persons' ten vaccine lookups were most of a cold table).
    /// A person without a row has no service on record: every flag is null, as in the records' reduction (where the
    /// predicates treat null as 0).
    /// </summary>
    static Dictionary<string, string> KeptFlags()
    {
        static string During(string days) => $"(CASE WHEN s.{days} && daterange(@start, @end, '[]') THEN 1 WHEN s.person_id IS NOT NULL THEN 0 END)";
        static string By(string day, int value = 1) => $"(CASE WHEN s.{day} <= @end THEN {value} WHEN s.person_id IS NOT NULL THEN 0 END)";
        var flags = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["checkup"] = During("checkup_days"),
            ["free_service"] = During("free_service_days"),
            ["health_record"] = By("health_record_on"),
            ["immunisation_file"] = By("immunisation_file_on"),
            ["child_visit"] = During("child_visit_days"),
            ["prepregnancy"] = By("prepregnancy_on"),
            ["newborn_visit"] = By("newborn_visit_on"),
            ["early_booking"] = By("early_booking_on"),
            ["postpartum_visit"] = By("postpartum_visit_on"),
            ["antenatal"] = By("antenatal_fifth_on", 5),
            ["contraceptives"] = During("contraceptives_days"),
            ["prepregnancy_before_lmp"] = By("prepregnancy_before_lmp_on"),
            ["operation_here"] = By("operation_here_on"),
        };
        for (var i = 0; i < IndicatorCatalogue.CoveredVaccines.Count; i++)
        {
            var (vaccine, _, doses) = IndicatorCatalogue.CoveredVaccines[i];
            // The first day of the vaccine's doses-th different dose: by the end of the period the person has that many.
            flags[string.Create(CultureInfo.InvariantCulture, $"vx{i}")] = string.Create(CultureInfo.InvariantCulture,
                $"(CASE WHEN (s.doses -> '{vaccine}' ->> {doses - 1})::date <= @end THEN {doses} WHEN s.person_id IS NOT NULL THEN 0 END)");
        }
        return flags;
    }

    static readonly Dictionary<string, string> FactsFlagExpressions = KeptFlags();
    static readonly System.Text.RegularExpressions.Regex FlagReference = new(@"\bs\.([a-z_0-9]+)\b", System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    /// <summary>The statement with every service flag (s.name) written out over the kept facts; other text unchanged.</summary>
    string FactsFlags(string statement) => KeptFacts
        ? FlagReference.Replace(statement, m => FactsFlagExpressions.TryGetValue(m.Groups[1].Value, out var e) ? e : m.Value)
        : statement;

    /// <summary>
    /// The live births of a mother's birth in the period: her children on the register born that day (twins are two), at
    /// least one (a birth whose children are not registered here is still a birth). Only asked for mothers of the period.
    /// </summary>
    static readonly string LiveBirths = $"""
        CASE WHEN p.pregnancy_outcome = {(int)PregnancyOutcome.LiveBirth} AND p.pregnancy_outcome_date BETWEEN @start AND @end
            THEN (SELECT CASE WHEN COUNT(*) > 1 THEN COUNT(*) ELSE 1 END FROM persons b
                  WHERE b.mother_id = p.id AND b.birth_date = p.pregnancy_outcome_date AND b.merged_into_id IS NULL)
            ELSE 1 END
        """;

    /// <summary>Indicators per mask column: two bits each (in the denominator, in the numerator) within a 62-bit integer.</summary>
    public const int IndicatorsPerMask = 31;

    /// <summary>
    /// One statement for every indicator and every community of the unit. Each person is reduced to one or more integers
    /// whose bits say which denominators and numerators they are in (each population tested once per person, an indicator's
    /// own conditions only inside its population), and the statement counts persons per community and bit pattern. The
    /// caller adds the counts up per bit. Far fewer rows come back than persons go in: people share few patterns.
    /// </summary>
    /// <param name="persons">Only the persons @ids (what they add to their communities' figures: the kept figures move by
    /// the difference a write makes to it, <see cref="IndicatorKeepingInterceptor"/>).</param>
    public string FiguresByCommunity(IReadOnlyList<IndicatorDefinition> indicators, bool persons = false)
    {
        // The whole catalogue's statement, the one every table and save runs, is built once per instance.
        if (!ReferenceEquals(indicators, IndicatorCatalogue.All)) return BuildFiguresByCommunity(indicators, persons);
        return persons
            ? catalogueOfPersons ??= BuildFiguresByCommunity(indicators, persons)
            : catalogueByUnit ??= BuildFiguresByCommunity(indicators, persons);
    }

    string? catalogueByUnit;
    string? catalogueOfPersons;

    string BuildFiguresByCommunity(IReadOnlyList<IndicatorDefinition> indicators, bool persons)
    {
        var masks = new List<string>();
        for (var first = 0; first < indicators.Count; first += IndicatorsPerMask)
        {
            var chunk = indicators.Skip(first).Take(IndicatorsPerMask).Select((d, j) => (Formula: Formulas[d.Code], Bit: 2 * j)).ToList();
            var terms = Populations.Where(p => p.Value.Parent is null).Select(p => Term(p.Key, chunk)).OfType<string>();
            masks.Add($"({string.Join("\n        + ", terms.DefaultIfEmpty("0"))}) AS m{first / IndicatorsPerMask}");
        }
        // Only a statement with an indicator per live birth asks for the births (the others count persons).
        var births = indicators.Any(d => Formulas[d.Code].PerLiveBirth) ? LiveBirths : "1";
        var maskNames = string.Join(", ", Enumerable.Range(0, masks.Count).Select(i => "m" + i.ToString(CultureInfo.InvariantCulture)));
        return FactsFlags($"""
            SELECT community_code, {maskNames}, COUNT(*) AS persons, births
            FROM (
                SELECT p.community_code,
                    {string.Join(",\n        ", masks)},
                    {births} AS births
                FROM {From(persons)}
                WHERE {(persons ? "p.id = ANY(@ids)" : "p.community_code BETWEEN @low AND @high")}
            ) masks
            GROUP BY community_code, {maskNames}, births
            """);
    }

    /// <summary>The bits of one population (its indicators and its sub-populations) inside a test of its own condition; null if none.</summary>
    static string? Term(string population, IReadOnlyList<(Formula Formula, int Bit)> chunk)
    {
        var parts = chunk.Where(c => c.Formula.Population == population).Select(c =>
        {
            var inner = $"{Bit(c.Bit)} + CASE WHEN {c.Formula.Numerator} THEN {Bit(c.Bit + 1)} ELSE 0 END";
            return c.Formula.Extra is null ? inner : $"CASE WHEN {c.Formula.Extra} THEN {inner} ELSE 0 END";
        }).Concat(Populations.Where(p => p.Value.Parent == population).Select(p => Term(p.Key, chunk)).OfType<string>()).ToList();
        return parts.Count == 0 ? null : $"CASE WHEN {Populations[population].Condition} THEN {string.Join("\n            + ", parts)} ELSE 0 END";
    }

    static string Bit(int bit) => (1L << bit).ToString(CultureInfo.InvariantCulture);

    /// <summary>The persons of an indicator's denominator (or only its numerator), with whether each counts in the numerator.</summary>
    public string Persons(string code, bool numeratorOnly)
    {
        var formula = Formulas[code];
        var (den, num) = (formula.Denominator, formula.Numerator);
        var where = numeratorOnly ? $"({den}) AND ({num})" : den;
        return FactsFlags($"""
            SELECT p.id AS Id, p.name AS Name, p.id_number AS IdNumber, p.sex AS Sex, p.birth_date AS BirthDate,
                p.community_code AS CommunityCode, CASE WHEN {num} THEN 1 ELSE 0 END AS InNumerator,
                {(formula.PerLiveBirth ? LiveBirths : "1")} AS LiveBirths
            FROM {From()}
            WHERE p.community_code BETWEEN @low AND @high AND {where}
            ORDER BY p.community_code, p.id
            LIMIT @take OFFSET @skip
            """);
    }

    public string CountPersons(string code, bool numeratorOnly)
    {
        var formula = Formulas[code];
        var where = numeratorOnly ? $"({formula.Denominator}) AND ({formula.Numerator})" : formula.Denominator;
        return FactsFlags($"SELECT COUNT(*) FROM {From()} WHERE p.community_code BETWEEN @low AND @high AND {where}");
    }
}
