using System.Data.Common;
using System.Globalization;
using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using EqualCare.Web.Domain.Cases;
using EqualCare.Web.Domain.Schedules;
using EqualCare.Web.Domain.Services;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace EqualCare.Web.Features.Services;

/// <summary>A person's identity as the lists show it, with what she is due for today.</summary>
public sealed record PersonDue(
    long PersonId, string Name, string IdNumber, Sex Sex, DateOnly BirthDate, string CommunityCode, string? Phone, DateOnly ArrivalDate,
    DueList List);

/// <summary>The columns of a case the schedules and the to-do list read: one row per person, read once.</summary>
public sealed record CaseFacts(
    long Id, string Name, string IdNumber, Sex Sex, DateOnly BirthDate, DateOnly ArrivalDate, string CommunityCode, string? Phone,
    MaritalStatus MaritalStatus, ContraceptionMethod? ContraceptionMethod, DateOnly? PregnancyLmp, PregnancyOutcome? PregnancyOutcome,
    DateOnly? PregnancyOutcomeDate, CaseStatus Status, IdState IdState, bool AddressMissing);

/// <summary>The latest 婚育证明 recorded for a person, valid or not.</summary>
public sealed record LatestCertificate(CertificateForm? Form, DateOnly? ValidUntil);

/// <summary>A case, what she is due for today, and her latest 婚育证明.</summary>
public sealed record CaseDue(CaseFacts Case, DueList List, LatestCertificate? Certificate);

/// <summary>
/// Runs the pure schedules (<see cref="CareDue"/>) over persons read from the database: one query for the persons, one each
/// for their services, their 婚育证明 and the workers' decisions per chunk of persons (no query per person). The rows are
/// ordered by person and walked side by side, so no per-person lookup is built; many persons are computed on every core,
/// a chunk while the next one is read.
/// </summary>
public sealed class DueCalculator(EqualCareDb db, IOptions<CareOptions> options)
{
    /// <summary>Below this many persons one thread is quicker than handing out the work.</summary>
    const int ParallelFrom = 1000;

    public async Task<IReadOnlyList<PersonDue>> ForAsync(IQueryable<Person> persons, DateOnly today, CancellationToken ct) =>
        (await CasesAsync(persons, today, ct)).Select(d => new PersonDue(d.Case.Id, d.Case.Name, d.Case.IdNumber, d.Case.Sex,
            d.Case.BirthDate, d.Case.CommunityCode, d.Case.Phone, d.Case.ArrivalDate, d.List)).ToList();

    public async Task<IReadOnlyList<CaseDue>> CasesAsync(IQueryable<Person> persons, DateOnly today, CancellationToken ct)
    {
        var people = await persons.AsNoTracking().OrderBy(p => p.Id).Select(p => new CaseFacts(
            p.Id, p.Name, p.IdNumber, p.Sex, p.BirthDate, p.ArrivalDate, p.CommunityCode, p.Phone, p.MaritalStatus,
            p.ContraceptionMethod, p.PregnancyLmp, p.PregnancyOutcome, p.PregnancyOutcomeDate, p.Status, p.IdState,
            p.ResidenceAddress == null)).ToListAsync(ct);
        if (people.Count == 0) return [];

        // A long list is read and computed in chunks: while the schedules run over one chunk, the database reads the next
        // chunk's records (for a district, 1.5 s of reading went on while the cores waited).
        var settings = InForce(options.Value.Settings(), today);
        var result = new CaseDue[people.Count];
        var computing = new List<Task>();
        var chunk = Math.Max(1, options.Value.ListChunkPersons);
        for (var from = 0; from < people.Count; from += chunk)
        {
            var to = Math.Min(people.Count, from + chunk);
            var rows = await RowsAsync(people.GetRange(from, to - from).Select(p => p.Id).ToArray(), ct);
            var (first, end) = (from, to);
            computing.Add(Task.Run(() => ComputeOnEveryCore(people, first, end, rows, today, settings, result, ct), ct));
        }
        await Task.WhenAll(computing);
        return result;
    }

    /// <summary>
    /// The reads of <see cref="CasesAsync"/> for the listed persons among <paramref name="ids"/> (numbers only, inlined) as
    /// six SELECTs, for a caller that sends them in one batch with its own statements (<c>DueKeeper</c>: a write's keeping
    /// in two round trips instead of ten). Read the results with <see cref="CasesAsync(DbDataReader, DateOnly, CancellationToken)"/>.
    /// </summary>
    public static string CasesSql(string ids) => string.Create(CultureInfo.InvariantCulture, $"""
        SELECT id, name, id_number, sex, birth_date, arrival_date, community_code, phone, marital_status, contraception_method,
            pregnancy_lmp, pregnancy_outcome, pregnancy_outcome_date, status, id_state, CASE WHEN residence_address IS NULL THEN 1 ELSE 0 END
        FROM persons WHERE id IN ({ids}) AND status = {(short)CaseStatus.Active} AND flow_direction = {(short)FlowDirection.Inflow}
            AND merged_into_id IS NULL ORDER BY id;
        SELECT id, person_id, fulfils, service_date, vaccine, dose_number FROM service_records
        WHERE person_id IN ({ids}) AND kind <> {(short)ServiceKind.Void} AND fulfils IS NOT NULL;
        SELECT voids_record_id FROM service_records WHERE voids_record_id IS NOT NULL AND person_id IN ({ids});
        SELECT person_id, recorded_at, form, valid_until FROM certificates
        WHERE person_id IN ({ids}) AND kind = {(short)CertificateKind.MarriageAndChildbearing} ORDER BY person_id, recorded_at, id;
        SELECT person_id, kind, item_key, window_start, reason FROM care_exemptions WHERE person_id IN ({ids}) ORDER BY person_id, id;
        SELECT person_id, to_community_code, occurred_on FROM movements
        WHERE person_id IN ({ids}) AND kind = {(short)MovementKind.MoveWithinArea} AND to_community_code IS NOT NULL ORDER BY person_id, occurred_on;
        """);

    /// <summary>
    /// The cases of <see cref="CasesSql"/>'s six result sets, the reader on the first of them; computed as
    /// <see cref="CasesAsync(IQueryable{Person}, DateOnly, CancellationToken)"/> computes them (the same filters, the same order).
    /// </summary>
    public async Task<IReadOnlyList<CaseDue>> CasesAsync(DbDataReader reader, DateOnly today, CancellationToken ct)
    {
        var people = new List<CaseFacts>();
        while (await reader.ReadAsync(ct))
            people.Add(new CaseFacts(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), (Sex)Int(reader, 3), Date(reader, 4),
                Date(reader, 5), reader.GetString(6), Text(reader, 7), (MaritalStatus)Int(reader, 8),
                reader.IsDBNull(9) ? null : (ContraceptionMethod)Int(reader, 9), NullableDate(reader, 10),
                reader.IsDBNull(11) ? null : (PregnancyOutcome)Int(reader, 11), NullableDate(reader, 12), (CaseStatus)Int(reader, 13),
                (IdState)Int(reader, 14), Int(reader, 15) == 1));
        var services = new List<ServiceRow>();
        await reader.NextResultAsync(ct);
        while (await reader.ReadAsync(ct))
            services.Add(new ServiceRow(reader.GetInt64(0), reader.GetInt64(1), (CareKind)Int(reader, 2), Date(reader, 3), Text(reader, 4),
                reader.IsDBNull(5) ? null : (short)Int(reader, 5)));
        var voided = new HashSet<long>();
        await reader.NextResultAsync(ct);
        while (await reader.ReadAsync(ct)) voided.Add(reader.GetInt64(0));
        if (voided.Count > 0) services.RemoveAll(r => voided.Contains(r.Id));
        services.Sort(static (a, b) => a.PersonId.CompareTo(b.PersonId));
        var certificates = new List<CertificateRow>();
        await reader.NextResultAsync(ct);
        while (await reader.ReadAsync(ct))
            certificates.Add(new CertificateRow(reader.GetInt64(0), reader.GetDateTime(1), reader.IsDBNull(2) ? null : (CertificateForm)Int(reader, 2),
                NullableDate(reader, 3)));
        var decisions = new List<DecisionRow>();
        await reader.NextResultAsync(ct);
        while (await reader.ReadAsync(ct))
            decisions.Add(new DecisionRow(reader.GetInt64(0),
                new WorkerDecision((CareKind)Int(reader, 1), Text(reader, 2), Date(reader, 3), (ExemptionReason)Int(reader, 4))));
        var moves = new List<MoveRow>();
        await reader.NextResultAsync(ct);
        while (await reader.ReadAsync(ct)) moves.Add(new MoveRow(reader.GetInt64(0), reader.GetString(1), Date(reader, 2)));
        if (people.Count == 0) return [];
        var result = new CaseDue[people.Count];
        ComputeOnEveryCore(people, 0, people.Count, new PersonRows(services, certificates, decisions, moves), today,
            InForce(options.Value.Settings(), today), result, ct);
        return result;
    }

    static int Int(DbDataReader reader, int i) => Convert.ToInt32(reader.GetValue(i), CultureInfo.InvariantCulture);

    static string? Text(DbDataReader reader, int i) => reader.IsDBNull(i) ? null : reader.GetString(i);

    static DateOnly Date(DbDataReader reader, int i) => reader.GetFieldValue<DateOnly>(i);

    static DateOnly? NullableDate(DbDataReader reader, int i) => reader.IsDBNull(i) ? null : reader.GetFieldValue<DateOnly>(i);

    /// <summary>The records the schedules read, of some persons, each list ordered by person.</summary>
    sealed record PersonRows(List<ServiceRow> Services, List<CertificateRow> Certificates, List<DecisionRow> Decisions, List<MoveRow> Moves);

    async Task<PersonRows> RowsAsync(long[] ids, CancellationToken ct)
    {
        // The ids as one array parameter: the database looks each up in the covering index instead of filtering the
        // persons again for every query (half the time of a community's services read).
        var services = await db.ServiceRecords.AsNoTracking()
            .Where(s => ids.Contains(s.PersonId) && s.Kind != ServiceKind.Void && s.Fulfils != null)
            .Select(s => new ServiceRow(s.Id, s.PersonId, s.Fulfils!.Value, s.ServiceDate, s.Vaccine, s.DoseNumber))
            .ToListAsync(ct);
        // Voided records are few: reading their ids apart costs a lookup in a small partial index, where an anti-join
        // probed the index once for every record of the unit. Sorting here spares a district the database's sort on disk.
        var voided = await db.ServiceRecords.AsNoTracking()
            .Where(v => v.VoidsRecordId != null && ids.Contains(v.PersonId)).Select(v => v.VoidsRecordId!.Value).ToListAsync(ct);
        if (voided.Count > 0)
        {
            var gone = voided.ToHashSet();
            services.RemoveAll(r => gone.Contains(r.Id));
        }
        services.Sort(static (a, b) => a.PersonId.CompareTo(b.PersonId));
        var certificates = await db.Certificates.AsNoTracking()
            .Where(c => ids.Contains(c.PersonId) && c.Kind == CertificateKind.MarriageAndChildbearing)
            .OrderBy(c => c.PersonId).ThenBy(c => c.RecordedAt).ThenBy(c => c.Id)
            .Select(c => new CertificateRow(c.PersonId, c.RecordedAt, c.Form, c.ValidUntil))
            .ToListAsync(ct);
        var decisions = await db.CareExemptions.AsNoTracking()
            .Where(e => ids.Contains(e.PersonId))
            .OrderBy(e => e.PersonId).ThenBy(e => e.Id)
            .Select(e => new DecisionRow(e.PersonId, new WorkerDecision(e.Kind, e.ItemKey, e.WindowStart, e.Reason)))
            .ToListAsync(ct);
        // Moves within the area, for the day each person came to her present community (PersonFacts.Arrival): the
        // community's duty starts then. Few persons have one; the registration's own 流入 event is the case's ArrivalDate.
        var moves = await db.Movements.AsNoTracking()
            .Where(m => ids.Contains(m.PersonId) && m.Kind == MovementKind.MoveWithinArea && m.ToCommunityCode != null)
            .OrderBy(m => m.PersonId).ThenBy(m => m.OccurredOn)
            .Select(m => new MoveRow(m.PersonId, m.ToCommunityCode!, m.OccurredOn))
            .ToListAsync(ct);
        return new PersonRows(services, certificates, decisions, moves);
    }

    /// <summary>Persons [from, to) split over the cores when there are enough of them.</summary>
    static void ComputeOnEveryCore(
        List<CaseFacts> people, int from, int to, PersonRows rows, DateOnly today, DueSettings settings, CaseDue[] result, CancellationToken ct)
    {
        var parts = to - from < ParallelFrom ? 1 : Environment.ProcessorCount;
        Parallel.For(0, parts, new ParallelOptions { CancellationToken = ct }, part =>
        {
            var first = from + (to - from) * part / parts;
            var end = from + (to - from) * (part + 1) / parts;
            Compute(people, first, end, rows, today, settings, result);
        });
    }

    /// <summary>
    /// The editions in force today, picked once for all persons instead of for each one; <see cref="CareDue"/> picks the same
    /// editions from these as from the whole tables. The immunisation programme keeps every edition, ordered once: each dose
    /// follows the edition in force on the day it falls due, not today's (2024 百白破 notice, from 2025-01-01).
    /// </summary>
    static DueSettings InForce(DueSettings settings, DateOnly today) => settings with
    {
        Schedules = [.. settings.Schedules.GroupBy(s => s.Anchor).Select(g => ContactSchedule.InForce(g, today)).OfType<ContactSchedule>()],
        LocalRules = LocalRule.InForce(settings.LocalRules, today),
        Immunisation = settings.Immunisation is { } editions ? [.. editions.OrderBy(e => e.EffectiveFrom)] : null,
        PickedFor = today,
    };

    internal sealed record ServiceRow(long Id, long PersonId, CareKind Kind, DateOnly Date, string? Vaccine, short? Dose);

    internal sealed record CertificateRow(long PersonId, DateTime RecordedAt, CertificateForm? Form, DateOnly? ValidUntil);

    internal sealed record DecisionRow(long PersonId, WorkerDecision Decision);

    internal sealed record MoveRow(long PersonId, string ToCommunityCode, DateOnly OccurredOn);

    /// <summary>Persons [from, to) of the id-ordered list; each row list is ordered by person, so one cursor per list.</summary>
    static void Compute(List<CaseFacts> people, int from, int to, PersonRows rows, DateOnly today, DueSettings settings, CaseDue[] result)
    {
        var (services, certificates, decisions, moves) = (rows.Services, rows.Certificates, rows.Decisions, rows.Moves);
        var s = First(services, people[from].Id, r => r.PersonId);
        var m = First(moves, people[from].Id, r => r.PersonId);
        var c = First(certificates, people[from].Id, r => r.PersonId);
        var d = First(decisions, people[from].Id, r => r.PersonId);
        var recorded = new List<RecordedService>();
        var decided = new List<WorkerDecision>();
        for (var i = from; i < to; i++)
        {
            var p = people[i];
            recorded.Clear();
            decided.Clear();
            for (; s < services.Count && services[s].PersonId == p.Id; s++)
            {
                var row = services[s];
                recorded.Add(new RecordedService(row.Kind, row.Date, row.Vaccine, row.Dose));
            }
            LatestCertificate? latest = null;
            for (; c < certificates.Count && certificates[c].PersonId == p.Id; c++)
            {
                var row = certificates[c];
                // A valid 婚育证明 fulfils the certificate rule on the day it was recorded here.
                if (row.Form == CertificateForm.Electronic || row.ValidUntil >= today)
                    recorded.Add(new RecordedService(CareKind.MarriageCertificate, DateOnly.FromDateTime(row.RecordedAt)));
                latest = new LatestCertificate(row.Form, row.ValidUntil);
            }
            for (; d < decisions.Count && decisions[d].PersonId == p.Id; d++) decided.Add(decisions[d].Decision);
            DateOnly? movedIn = null;
            for (; m < moves.Count && moves[m].PersonId == p.Id; m++)
                if (moves[m].ToCommunityCode == p.CommunityCode) movedIn = moves[m].OccurredOn;

            var facts = new PersonFacts(p.Sex, p.BirthDate, p.ArrivalDate, p.MaritalStatus, p.ContraceptionMethod, p.PregnancyLmp,
                p.PregnancyOutcome, p.PregnancyOutcomeDate, p.Status, movedIn);
            // CareDue and Apply read the buffers and keep none of them, so they are reused for the next person.
            var list = CareDue.For(facts, recorded, today, settings).Apply(decided);
            result[i] = new CaseDue(p, list, latest);
        }
    }

    /// <summary>The index of the first row of person <paramref name="id"/> or later, by binary search over the ordered rows.</summary>
    static int First<T>(List<T> rows, long id, Func<T, long> personOf)
    {
        int low = 0, high = rows.Count;
        while (low < high)
        {
            var mid = (low + high) >>> 1;
            if (personOf(rows[mid]) < id) low = mid + 1;
            else high = mid;
        }
        return low;
    }
}
