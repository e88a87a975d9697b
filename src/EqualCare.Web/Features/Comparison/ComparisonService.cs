using System.Data.Common;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Dapper;
using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using EqualCare.Web.Domain.Cases;
using EqualCare.Web.Domain.Comparison;
using EqualCare.Web.Features.Import;
using EqualCare.Web.Features.Services;
using EqualCare.Web.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace EqualCare.Web.Features.Comparison;

/// <summary>The mapping step's view of an upload: the headings, a few rows, and the layout to start from.</summary>
public sealed record UploadPreview(UploadInfo Info, IReadOnlyList<string> Header, IReadOnlyList<string[]> Sample, ColumnMapping Mapping, bool Remembered);

/// <summary>What a comparison stored: the list and how many results of each kind it gave.</summary>
public sealed record ComparisonOutcome(long ListId, int Rows, int Matched, int Candidates, IReadOnlyDictionary<FindingKind, int> Findings);

/// <summary>
/// Issue 17 points 1 and 2: an agency's list is uploaded, its columns mapped (the layout remembered per office, agency and
/// kind), then stored as received and compared with the register in one transaction with its audit row: the exact part as
/// one SQL join on the normalised ID number, the name, birth date and sex part (<see cref="Matcher"/>) only for the rows
/// left, and what each matched case lacks from the schedules (<see cref="DueCalculator"/>, <see cref="Gaps"/>).
/// </summary>
public sealed class ComparisonService(
    EqualCareDb db, ComparisonUploads uploads, ImportSettings settings, DueCalculator due, AuditLog audit, TimeProvider clock)
{
    /// <summary>Rows per INSERT statement on SQLite (well inside its 32,766 parameters); PostgreSQL takes them by binary COPY.</summary>
    const int InsertBatch = 400;

    /// <summary>Below this share of a mapped column's filled cells reading as their field, the mapping is taken as wrong.</summary>
    const double WrongMappingBelow = 0.5;

    public async Task<Result<Guid>> UploadAsync(CurrentUser user, Stream content, string fileName, string? agency, AgencyListKind? kind,
        DateOnly? listDate, CancellationToken ct)
    {
        if (!user.CanWritePersons) return Error.NotFound("comparison.notFound");
        var problems = new List<Error>();
        if (string.IsNullOrWhiteSpace(agency) || agency.Trim().Length > 100) problems.Add(Error.Validation("comparison.agency.required", "agency"));
        if (kind is not { } k || !Enum.IsDefined(k)) problems.Add(Error.Validation("comparison.kind.required", "kind"));
        if (listDate is not { } d || d > clock.Today()) problems.Add(Error.Validation("comparison.date.invalid", "listDate"));
        if (!ImportFileReader.IsSupported(fileName)) problems.Add(Error.Validation("comparison.file.type", "upload"));
        if (problems.Count > 0) return Error.Invalid(problems);
        var token = await uploads.SaveAsync(user, content, new UploadInfo(agency!.Trim(), kind!.Value, listDate!.Value, Path.GetFileName(fileName), clock.UtcNow()), ct);
        var opened = Open(user, token);
        if (opened.IsFailure)
        {
            uploads.Remove(user, token);
            return opened.Error;
        }
        opened.Value.Reader.Dispose();
        return token;
    }

    Result<(ImportFileReader Reader, UploadInfo Info)> Open(CurrentUser user, Guid token)
    {
        if (uploads.Find(user, token) is not { } found) return Error.NotFound("comparison.upload.gone");
        try
        {
            var reader = ImportFileReader.Open(found.Path, found.Info.FileName, settings.Limits);
            if (reader is null) return Error.Validation("comparison.file.noHeader", "upload");
            return (reader, found.Info);
        }
        catch (ImportValidator.FileProblemException e)
        {
            return Error.Validation(e.Code, "upload");
        }
        catch (Exception e) when (e is InvalidDataException or FileFormatException or IOException or System.Xml.XmlException
                                   or DocumentFormat.OpenXml.Packaging.OpenXmlPackageException or CsvHelper.CsvHelperException)
        {
            return Error.Validation("comparison.file.unreadable", "upload");
        }
    }

    public async Task<Result<UploadPreview>> PreviewAsync(CurrentUser user, Guid token, CancellationToken ct)
    {
        if (!user.CanWritePersons) return Error.NotFound("comparison.notFound");
        var opened = Open(user, token);
        if (opened.IsFailure) return opened.Error;
        var (reader, info) = opened.Value;
        using var _ = reader;
        var sample = new List<string[]>();
        try
        {
            foreach (var row in reader.Rows())
            {
                sample.Add(row.Cells);
                if (sample.Count == 5) break;
            }
        }
        catch (ImportValidator.FileProblemException e)
        {
            return Error.Validation(e.Code, "upload");
        }
        var header = reader.Header;
        var saved = await db.Database.GetDbConnection().QueryFirstOrDefaultAsync<(string Header, string Mapping)>(new CommandDefinition(
            "SELECT header, mapping FROM agency_layouts WHERE org_code = @org AND agency = @agency AND kind = @kind",
            new { org = user.Org.Value, agency = info.Agency, kind = (short)info.Kind }, cancellationToken: ct));
        var mapping = saved.Mapping is null
            ? ColumnMapping.Guess(header)
            : ColumnMapping.Remembered(ColumnMapping.Parse(saved.Mapping), JsonSerializer.Deserialize<string[]>(saved.Header) ?? [], header);
        return new UploadPreview(info, header, sample, mapping, saved.Mapping is not null);
    }

    /// <summary>Stores the list as received and compares it with the register; nothing is stored when anything is refused.</summary>
    public async Task<Result<ComparisonOutcome>> CompareAsync(CurrentUser user, Guid token, ColumnMapping mapping, CancellationToken ct)
    {
        if (!user.CanWritePersons) return Error.NotFound("comparison.notFound");
        var opened = Open(user, token);
        if (opened.IsFailure) return opened.Error;
        var (reader, info) = opened.Value;
        List<ReadRow> rows;
        string[] header;
        using (reader)
        {
            header = reader.Header;
            var problems = mapping.Problems(header.Length);
            if (problems.Count > 0) return Error.Invalid(problems.Select(p => Error.Validation(p, "mapping")).ToList());
            rows = [];
            try
            {
                var ordinal = 0;
                foreach (var row in reader.Rows())
                {
                    if (++ordinal > settings.Limits.MaxRows) return Error.Validation("comparison.file.tooManyRows", "upload");
                    rows.Add(new ReadRow(ordinal, row.Cells, AgencyRow.Read(row.Cells, mapping)));
                }
            }
            catch (ImportValidator.FileProblemException e)
            {
                return Error.Validation(e.Code, "upload");
            }
            catch (Exception e) when (e is InvalidDataException or IOException or System.Xml.XmlException or CsvHelper.CsvHelperException)
            {
                return Error.Validation("comparison.file.unreadable", "upload");
            }
        }
        if (rows.Count == 0) return Error.Validation("comparison.file.empty", "upload");
        if (WrongColumn(rows, mapping) is { } wrong) return Error.Validation("comparison.mapping.wrong." + wrong, "mapping");

        var communities = await CommunitiesAsync(user, ct);
        var today = clock.Today();
        var now = clock.UtcNow();
        var outcome = await CompareRowsAsync(user, info, header, mapping, rows, communities, today, now, ct);
        uploads.Remove(user, token);
        return outcome;
    }

    sealed record ReadRow(int Ordinal, string[] Cells, AgencyRow Row);

    /// <summary>
    /// A mapped column whose filled cells mostly do not read as its field (names under 身份证号, dates under 性别): the
    /// mapping is wrong, and nothing is stored. The field's name is the answer.
    /// </summary>
    static string? WrongColumn(List<ReadRow> rows, ColumnMapping mapping)
    {
        bool Wrong(ListField field, Func<string, bool> reads)
        {
            if (mapping[field] is not { } i) return false;
            var filled = rows.Select(r => i < r.Cells.Length ? r.Cells[i] : "").Where(c => !string.IsNullOrWhiteSpace(c)).ToList();
            return filled.Count > 0 && filled.Count(reads) < filled.Count * WrongMappingBelow;
        }
        if (Wrong(ListField.IdNumber, c => Normalise.IdNumber(c) is not null || Domain.IdNumbers.Placeholders.Recognise(Domain.IdNumbers.IdNumberValidator.Normalize(c)) is not null)) return "idNumber";
        if (Wrong(ListField.BirthDate, c => Normalise.Date(c) is not null)) return "birthDate";
        if (Wrong(ListField.Sex, c => Normalise.SexOf(c) is not null)) return "sex";
        // A name column holding numbers or dates only (the ID number's or the birth date's column chosen by mistake).
        if (Wrong(ListField.Name, c => !c.All(ch => char.IsAsciiDigit(ch) || ch is '-' or '/' or '.' or 'X' or 'x' or ' '))) return "name";
        if (Wrong(ListField.MaritalStatus, c => Normalise.Marital(c) is not null)) return "maritalStatus";
        return rows.Count(r => r.Row.Usable) < rows.Count * WrongMappingBelow ? "unusable" : null;
    }

    /// <summary>The communities of the user's scope, by code and by name, for the rows that name theirs.</summary>
    async Task<Dictionary<string, string>> CommunitiesAsync(CurrentUser user, CancellationToken ct)
    {
        var units = await db.OrgUnits.AsNoTracking().Where(u => u.Level == 5)
            .WithinOrg(u => u.Code, user.Org).Select(u => new { u.Code, u.Name }).ToListAsync(ct);
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var u in units)
        {
            map[u.Code] = u.Code;
            map.TryAdd(u.Name, u.Code);
        }
        if (user.Org.Level == 5) map.TryAdd(user.Org.Value, user.Org.Value);
        return map;
    }

    async Task<Result<ComparisonOutcome>> CompareRowsAsync(CurrentUser user, UploadInfo info, string[] header, ColumnMapping mapping,
        List<ReadRow> rows, Dictionary<string, string> communities, DateOnly today, DateTime now, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var connection = db.Database.GetDbConnection();
        var transaction = tx.GetDbTransaction();
        var headerJson = JsonSerializer.Serialize(header);
        var listId = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            """
            INSERT INTO agency_lists (org_code, agency, kind, list_date, file_name, header, mapping, row_count, uploaded_by, uploaded_at)
            VALUES (@org, @agency, @kind, @date, @file, @header, @mapping, @count, @by, @at) RETURNING id
            """,
            new
            {
                org = user.Org.Value, agency = info.Agency, kind = (short)info.Kind, date = Iso(info.ListDate), file = info.FileName,
                header = headerJson, mapping = mapping.ToString(), count = rows.Count, by = user.UserName, at = now.ToString("O", CultureInfo.InvariantCulture),
            }, transaction, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO agency_layouts (org_code, agency, kind, header, mapping, updated_at, updated_by)
            VALUES (@org, @agency, @kind, @header, @mapping, @at, @by)
            ON CONFLICT (org_code, agency, kind) DO UPDATE SET header = excluded.header, mapping = excluded.mapping,
                updated_at = excluded.updated_at, updated_by = excluded.updated_by
            """,
            new { org = user.Org.Value, agency = info.Agency, kind = (short)info.Kind, header = headerJson, mapping = mapping.ToString(), at = now.ToString("O", CultureInfo.InvariantCulture), by = user.UserName },
            transaction, cancellationToken: ct));

        // Each row's community: the one it names when that lies in the uploader's scope; a row naming another is kept (the
        // list as received) but out of scope: it is never compared and so never shown to anyone.
        var stored = new List<StoredRow>(rows.Count);
        foreach (var r in rows)
        {
            string? community = null;
            var inScope = true;
            if (r.Row.Community is { } named)
            {
                inScope = communities.TryGetValue(named, out var code);
                community = inScope ? code : (named.Length == 12 && named.All(char.IsAsciiDigit) ? named : null);
            }
            stored.Add(new StoredRow(r.Ordinal, r.Cells, r.Row, community, inScope));
        }
        await InsertRowsAsync(connection, transaction, listId, stored, ct);
        var rowIds = (await connection.QueryAsync<(long Id, int RowNumber)>(new CommandDefinition(
            "SELECT id, row_number FROM agency_list_rows WHERE list_id = @listId", new { listId }, transaction, cancellationToken: ct)))
            .ToDictionary(r => r.RowNumber, r => r.Id);

        // 1. The exact part: one join of the list's rows with the register on the normalised number (ix_persons_id_number).
        var (low, high) = user.Org.Range;
        var exact = (await connection.QueryAsync<(long RowId, long PersonId)>(new CommandDefinition(
            """
            SELECT r.id, p.id FROM agency_list_rows r
            JOIN persons p ON p.id_number = r.id_number AND p.id_state <> 2
            WHERE r.list_id = @listId AND r.in_scope = @yes AND p.merged_into_id IS NULL
              AND p.community_code >= @low AND p.community_code <= @high
            """, new { listId, yes = true, low, high }, transaction, cancellationToken: ct)))
            .GroupBy(m => m.RowId).ToDictionary(g => g.Key, g => g.First().PersonId);

        var matches = new Dictionary<long, (long PersonId, MatchMethod Method, Agreement Agreed)>();
        var candidates = new Dictionary<long, (long PersonId, Agreement Agreed)>();
        var byId = stored.ToDictionary(s => rowIds[s.Ordinal]);
        // 2. The rest, on name + birth date + sex: only the persons born on a row's date (or its day-month swap) are read.
        var left = byId.Where(r => r.Value.InScope && !exact.ContainsKey(r.Key) && r.Value.Row.BirthDate is not null).ToList();
        var dates = left.SelectMany(r => new[] { r.Value.Row.BirthDate!.Value, Matcher.Swapped(r.Value.Row.BirthDate!.Value) ?? r.Value.Row.BirthDate!.Value })
            .Distinct().ToList();
        // Each person's particulars are normalised once as read, not again for every row born on her day.
        var born = new Dictionary<DateOnly, List<(long Id, Particulars Particulars)>>();
        foreach (var chunk in dates.Chunk(2000))
        {
            var people = await db.Persons.AsNoTracking().InScopeOf(user)
                .Where(p => chunk.Contains(p.BirthDate) && p.MergedIntoId == null)
                .Select(p => new PersonIdentity(p.Id, p.Name, p.IdState == IdState.Placeholder ? null : p.IdNumber, p.BirthDate, p.Sex))
                .ToListAsync(ct);
            foreach (var p in people)
            {
                if (!born.TryGetValue(p.BirthDate, out var list)) born[p.BirthDate] = list = [];
                list.Add((p.Id, new Particulars(Normalise.Name(p.Name), p.IdNumber, p.BirthDate, p.Sex)));
            }
        }
        foreach (var (rowId, row) in left)
        {
            var identity = row.Row.Particulars;
            MatchOutcome? best = null;
            long bestPerson = 0;
            var birth = row.Row.BirthDate!.Value;
            foreach (var day in new[] { birth, Matcher.Swapped(birth) ?? birth }.Distinct())
            {
                if (!born.TryGetValue(day, out var people)) continue;
                foreach (var p in people)
                {
                    var o = Matcher.Compare(identity, p.Particulars);
                    if (o.Level > (best?.Level ?? MatchLevel.None))
                    {
                        best = o;
                        bestPerson = p.Id;
                    }
                }
            }
            if (best is { Level: MatchLevel.Match } m) matches[rowId] = (bestPerson, m.Method, m.Agreed);
            else if (best is { Level: MatchLevel.Candidate } c) candidates[rowId] = (bestPerson, c.Agreed);
        }
        foreach (var (rowId, personId) in exact)
            matches[rowId] = (personId, MatchMethod.IdNumber, Agreement.IdNumber);

        // 3. What each matched case lacks, from the schedules, and where she disagrees with the row.
        var personIds = matches.Values.Select(m => m.PersonId).Distinct().ToArray();
        var cases = new Dictionary<long, CaseView>();
        foreach (var chunk in personIds.Chunk(5000))
        {
            var views = await db.Persons.AsNoTracking().Where(p => chunk.Contains(p.Id))
                .Select(p => new CaseView(p.Id, p.Name, p.BirthDate, p.Sex, p.CommunityCode, p.ResidenceAddress, p.MaritalStatus))
                .ToListAsync(ct);
            var dueLists = await due.CasesAsync(db.Persons.Where(p => chunk.Contains(p.Id)), today, ct);
            var dueOf = dueLists.ToDictionary(d => d.Case.Id, d => d.List.Due);
            foreach (var v in views) cases[v.Id] = v with { Due = dueOf.GetValueOrDefault(v.Id) ?? [] };
        }

        var results = new List<ResultRow>();
        foreach (var (rowId, row) in byId.OrderBy(r => r.Key))
        {
            if (!row.InScope) continue;
            if (matches.TryGetValue(rowId, out var m))
            {
                var c = cases[m.PersonId];
                var agreed = m.Agreed | Matcher.Compare(row.Row.Particulars, new Particulars(Normalise.Name(c.Name), null, c.BirthDate, c.Sex)).Agreed
                    & (Agreement.Name | Agreement.BirthDate | Agreement.Sex);
                var files = Gaps.MissingFiles(c.Due);
                if (files.Count > 0) results.Add(new(rowId, FindingKind.FileMissing, c.CommunityCode, c.Id, null, m.Method, agreed, Names(files)));
                var unserved = Gaps.Unserved(info.Kind, c.Due);
                if (unserved.Count > 0) results.Add(new(rowId, FindingKind.Unserved, c.CommunityCode, c.Id, null, m.Method, agreed, Names(unserved)));
                var differ = Gaps.Disagreements(info.Kind, row.Row.Address, row.Row.MaritalStatus, c.ResidenceAddress, c.MaritalStatus);
                if (differ.Count > 0) results.Add(new(rowId, FindingKind.Mismatch, c.CommunityCode, c.Id, null, m.Method, agreed, string.Join(',', differ)));
            }
            else
            {
                var candidate = candidates.TryGetValue(rowId, out var cand) ? cand : ((long, Agreement)?)null;
                results.Add(new(rowId, FindingKind.Missing, row.Community ?? user.Org.Value, null, candidate?.Item1, MatchMethod.None,
                    candidate?.Item2 ?? Agreement.None, ""));
            }
        }
        await InsertResultsAsync(connection, transaction, listId, results, ct);
        // The rates' denominators (0026): rows compared per community (a matched row counts in its case's community, another in
        // the one its result names) and rows matched there.
        var tallies = new Dictionary<string, (int Compared, int Matched)>(StringComparer.Ordinal);
        foreach (var (rowId, row) in byId)
        {
            if (!row.InScope) continue;
            var matched = matches.TryGetValue(rowId, out var m);
            var community = matched ? cases[m.PersonId].CommunityCode : row.Community ?? user.Org.Value;
            var t = tallies.GetValueOrDefault(community);
            tallies[community] = (t.Compared + 1, t.Matched + (matched ? 1 : 0));
        }
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO comparison_tallies (list_id, community_code, compared, matched) VALUES (@listId, @community, @compared, @matched)",
            tallies.Select(t => new { listId, community = t.Key, compared = t.Value.Compared, matched = t.Value.Matched }), transaction, cancellationToken: ct));

        var counts = Enum.GetValues<FindingKind>().ToDictionary(k => k, k => results.Count(r => r.Kind == k));
        audit.Add(AuditLog.Actions.Create, "agency_list", listId.ToString(CultureInfo.InvariantCulture),
            detail: $"unit={user.Org.Value}; kind={info.Kind}; rows={rows.Count}; outOfScope={stored.Count(s => !s.InScope)}; matched={matches.Count}; candidates={candidates.Count}; "
                    + string.Join("; ", counts.Select(c => $"{c.Key}={c.Value}")), userName: user.UserName);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new ComparisonOutcome(listId, rows.Count, matches.Count, candidates.Count, counts);
    }

    static string Names(IEnumerable<Domain.Schedules.DueItem> items) => string.Join("、", items.Select(i => i.Name).Distinct().Take(12));

    static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    sealed record StoredRow(int Ordinal, string[] Cells, AgencyRow Row, string? Community, bool InScope);

    sealed record PersonIdentity(long Id, string Name, string? IdNumber, DateOnly BirthDate, Sex Sex);

    sealed record CaseView(long Id, string Name, DateOnly BirthDate, Sex Sex, string CommunityCode, string? ResidenceAddress, MaritalStatus MaritalStatus)
    {
        public IReadOnlyList<Domain.Schedules.DueItem> Due { get; init; } = [];
    }

    sealed record ResultRow(long RowId, FindingKind Kind, string Community, long? PersonId, long? CandidateId, MatchMethod Method, Agreement Agreed, string Detail);

    static async Task InsertRowsAsync(DbConnection connection, DbTransaction transaction, long listId, List<StoredRow> rows, CancellationToken ct)
    {
        if (connection is NpgsqlConnection npgsql)
        {
            await ComparisonCopy.RowsAsync(npgsql, listId, rows.Select(r => new ComparisonCopy.Row(r.Ordinal, JsonSerializer.Serialize(r.Cells),
                r.Row.Name, r.Row.IdNumber, (short?)r.Row.Sex, r.Row.BirthDate is { } b ? Iso(b) : null, r.Row.Address,
                (short?)r.Row.MaritalStatus, r.Row.Phone, r.Community, r.InScope)), ct);
            return;
        }
        foreach (var batch in rows.Chunk(InsertBatch))
        {
            var sql = new StringBuilder("INSERT INTO agency_list_rows (list_id, row_number, cells, name, id_number, sex, birth_date, address, marital_status, phone, community_code, in_scope) VALUES ");
            var p = new DynamicParameters();
            p.Add("list", listId);
            for (var i = 0; i < batch.Length; i++)
            {
                var r = batch[i];
                if (i > 0) sql.Append(',');
                sql.Append(CultureInfo.InvariantCulture, $"(@list,@n{i},@c{i},@a{i},@i{i},@s{i},@b{i},@d{i},@m{i},@p{i},@u{i},@o{i})");
                p.Add("n" + i, r.Ordinal);
                p.Add("c" + i, JsonSerializer.Serialize(r.Cells));
                p.Add("a" + i, r.Row.Name);
                p.Add("i" + i, r.Row.IdNumber);
                p.Add("s" + i, (short?)r.Row.Sex);
                p.Add("b" + i, r.Row.BirthDate is { } b ? Iso(b) : null);
                p.Add("d" + i, r.Row.Address);
                p.Add("m" + i, (short?)r.Row.MaritalStatus);
                p.Add("p" + i, r.Row.Phone);
                p.Add("u" + i, r.Community);
                p.Add("o" + i, r.InScope);
            }
            await connection.ExecuteAsync(new CommandDefinition(sql.ToString(), p, transaction, cancellationToken: ct));
        }
    }

    static async Task InsertResultsAsync(DbConnection connection, DbTransaction transaction, long listId, List<ResultRow> rows, CancellationToken ct)
    {
        if (connection is NpgsqlConnection npgsql)
        {
            await ComparisonCopy.ResultsAsync(npgsql, listId, rows.Select(r => new ComparisonCopy.Result(r.RowId, (short)r.Kind, r.Community,
                r.PersonId, r.CandidateId, (short)r.Method, (int)r.Agreed, r.Detail)), ct);
            return;
        }
        foreach (var batch in rows.Chunk(InsertBatch))
        {
            var sql = new StringBuilder("INSERT INTO comparison_results (list_id, row_id, kind, community_code, person_id, candidate_id, match_method, agreed, detail) VALUES ");
            var p = new DynamicParameters();
            p.Add("list", listId);
            for (var i = 0; i < batch.Length; i++)
            {
                var r = batch[i];
                if (i > 0) sql.Append(',');
                sql.Append(CultureInfo.InvariantCulture, $"(@list,@r{i},@k{i},@c{i},@p{i},@q{i},@m{i},@a{i},@d{i})");
                p.Add("r" + i, r.RowId);
                p.Add("k" + i, (short)r.Kind);
                p.Add("c" + i, r.Community);
                p.Add("p" + i, r.PersonId);
                p.Add("q" + i, r.CandidateId);
                p.Add("m" + i, (short)r.Method);
                p.Add("a" + i, (int)r.Agreed);
                p.Add("d" + i, r.Detail);
            }
            await connection.ExecuteAsync(new CommandDefinition(sql.ToString(), p, transaction, cancellationToken: ct));
        }
    }
}
