using System.Data.Common;
using System.Globalization;
using System.Text;
using Dapper;
using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using EqualCare.Web.Domain.Cases;
using EqualCare.Web.Domain.IdNumbers;
using EqualCare.Web.Web;
using Microsoft.Extensions.Localization;
using Npgsql;

namespace EqualCare.Web.Features.Import;

/// <summary>One problem of one row: the row as the user numbers it, the column's header, the (masked) value, the message key.</summary>
public sealed record ImportProblem(int Row, string Column, string Value, string Code);

/// <summary>What the validation pass found; kept as report.json beside the upload until the user loads or cancels.</summary>
public sealed record ImportReport
{
    public required string Id { get; init; }
    public required string FileName { get; init; }
    public DateTime CreatedAt { get; init; }
    /// <summary>Data rows in the file (blank rows not counted).</summary>
    public int Rows { get; init; }
    /// <summary>Rows that pass every check and are new: what "load" adds.</summary>
    public int Valid { get; init; }
    public int Rejected { get; init; }
    /// <summary>Rows whose person is already in the database, or appears earlier in the file.</summary>
    public int AlreadyPresent { get; init; }
    public IReadOnlyList<string> UnknownHeaders { get; init; } = [];
    /// <summary>The first <see cref="ImportValidator.MaxProblemsShown"/> problems; the rejected-rows file has them all.</summary>
    public IReadOnlyList<ImportProblem> Problems { get; init; } = [];
    public int ProblemCount { get; init; }
    /// <summary>Set once loaded: how many persons were added (rows that became duplicates since the report are skipped).</summary>
    public int? Loaded { get; init; }
}

/// <summary>
/// One streaming pass over the upload: each row is parsed by header, checked by <see cref="CaseRules.Check"/>, its community
/// checked against the user's scope and the org units, and its ID against the file so far and the database (in batches).
/// Writes rows.bin (the new, valid rows), rejected.csv (rejected rows with 错误说明) and returns the report. Memory is
/// bounded by one batch plus one 8-byte key per ID seen.
/// </summary>
public sealed class ImportValidator(DbConnectionFactory connections, Func<string, AreaCodeStatus> areaCodes, IStringLocalizer localizer)
{
    public const int MaxProblemsShown = 1000;

    /// <summary>What the file may hold; checked before and while it is read.</summary>
    public ImportLimits Limits { get; init; } = ImportLimits.Default;
    const int BatchSize = 2000;
    public const string RowsFile = "rows.bin";
    public const string RejectedFile = "rejected.csv";

    public sealed class FileProblemException(string code, IReadOnlyList<string> details) : Exception(code)
    {
        public string Code { get; } = code;
        public IReadOnlyList<string> Details { get; } = details;
    }

    /// <exception cref="FileProblemException">The file cannot be imported at all (no header, a required column missing, …).</exception>
    /// <param name="onValid">Also hands each new valid row on as soon as it is known, so a load can run beside the check.</param>
    public async Task<ImportReport> ValidateAsync(string uploadPath, string fileName, string workFolder, string id, CurrentUser user,
        DateOnly today, DateTime now, CancellationToken ct, Action<ImportRecord>? onValid = null)
    {
        ImportFileReader? file;
        try
        {
            file = ImportFileReader.Open(uploadPath, fileName, Limits);
        }
        catch (Exception e) when (e is InvalidDataException or FileFormatException or IOException or System.Xml.XmlException
                                   or DocumentFormat.OpenXml.Packaging.OpenXmlPackageException)
        {
            throw new FileProblemException("import.file.unreadable", []);
        }
        if (file is null) throw new FileProblemException("import.file.noHeader", []);
        using var _ = file;

        var header = file.Header;
        var map = new ImportColumn?[header.Length];
        var unknown = new List<string>();
        var seenColumns = new HashSet<ImportColumn>();
        for (var i = 0; i < header.Length; i++)
        {
            map[i] = ImportColumns.Find(header[i]);
            if (map[i] is null)
            {
                if (!string.IsNullOrWhiteSpace(header[i])) unknown.Add(header[i].Trim());
            }
            else if (!seenColumns.Add(map[i]!)) throw new FileProblemException("import.file.duplicateColumn", [map[i]!.Header]);
        }
        var missing = ImportColumns.All.Where(c => c.Required && !seenColumns.Contains(c)).Select(c => c.Header).ToList();
        if (missing.Count > 0) throw new FileProblemException("import.file.missingColumns", missing);
        var cellOf = new int[ImportColumns.All.Count];
        var columnIndex = ImportColumns.All.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => x.i);
        Array.Fill(cellOf, -1);
        for (var i = 0; i < map.Length; i++)
            if (map[i] is { } c) cellOf[columnIndex[c]] = i;

        await using var connection = await connections.OpenAsync(ct);
        var (low, high) = user.Org.Range;
        var communities = (await connection.QueryAsync<string>(
            "SELECT code FROM org_units WHERE level = 5 AND code >= @low AND code <= @high", new { low, high })).ToHashSet(StringComparer.Ordinal);

        Directory.CreateDirectory(workFolder);
        await using var rowsStream = new FileStream(Path.Combine(workFolder, RowsFile), FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        await using var rows = new BinaryWriter(rowsStream, Encoding.UTF8);
        await using var rejectedText = new StreamWriter(Path.Combine(workFolder, RejectedFile), false, new UTF8Encoding(true), 1 << 16);
        await using var rejected = new SafeCsv(rejectedText);
        foreach (var h in header) rejected.WriteField(h);
        rejected.WriteField(ImportColumns.ErrorColumn);
        await rejected.NextRecordAsync();

        var seenIds = new HashSet<long>();
        var seenPlaceholders = new HashSet<string>(StringComparer.Ordinal);
        var batch = new List<ImportRecord>(BatchSize);
        var problems = new List<ImportProblem>();
        int total = 0, valid = 0, rejectedCount = 0, present = 0, problemCount = 0;
        var rowProblems = new List<Error>();
        var messages = new StringBuilder();

        async Task FlushAsync()
        {
            if (batch.Count == 0) return;
            var existing = await ExistingAsync(connection, batch, ct);
            foreach (var record in batch)
            {
                if (existing.Contains(record)) present++;
                else
                {
                    record.Write(rows);
                    onValid?.Invoke(record);
                    valid++;
                }
            }
            batch.Clear();
        }

        foreach (var (rowNumber, cells) in file.Rows())
        {
            ct.ThrowIfCancellationRequested();
            total++;
            rowProblems.Clear();
            var input = new RowInput();
            for (var c = 0; c < cellOf.Length; c++)
            {
                var at = cellOf[c];
                if (at < 0 || at >= cells.Length || cells[at].Length == 0) continue;
                var column = ImportColumns.All[c];
                if (column.Set(cells[at], input) is { } parseProblem) rowProblems.Add(Error.Validation(parseProblem, column.Field));
            }
            var (checkedCase, ruleProblems) = CaseRules.Check(input.ToCaseInput(), today, areaCodes);
            foreach (var p in ruleProblems)
                if (!rowProblems.Exists(x => x.Field == p.Field)) rowProblems.Add(p);
            if (checkedCase is not null && rowProblems.Count == 0)
            {
                var community = OrgCode.Parse(input.CommunityCode!).Value;
                if (!user.Org.Contains(community)) rowProblems.Add(Error.Validation("import.community.outOfScope", nameof(CaseInput.CommunityCode)));
                else if (!communities.Contains(community)) rowProblems.Add(Error.Validation("import.community.unknown", nameof(CaseInput.CommunityCode)));
            }

            if (rowProblems.Count == 0)
            {
                var record = ImportRecord.From(rowNumber, checkedCase!);
                var fresh = record.IdState == IdState.Placeholder
                    ? seenPlaceholders.Add(PlaceholderKey(record))
                    : seenIds.Add(IdKey(record.IdNumber));
                if (!fresh) present++;
                else
                {
                    batch.Add(record);
                    if (batch.Count == BatchSize) await FlushAsync();
                }
                continue;
            }

            rejectedCount++;
            messages.Clear();
            foreach (var p in rowProblems)
            {
                var column = ImportColumns.ByField[p.Field ?? ""];
                var at = cellOf[columnIndex[column]];
                var value = at >= 0 && at < cells.Length ? cells[at] : "";
                problemCount++;
                if (problems.Count < MaxProblemsShown) problems.Add(new ImportProblem(rowNumber, column.Header, column.Shown(value), p.Code));
                if (messages.Length > 0) messages.Append('；');
                messages.Append(column.Header).Append('：').Append(ImportMessages.Text(localizer, p.Code));
            }
            for (var i = 0; i < header.Length; i++) rejected.WriteField(i < cells.Length ? cells[i] : "");
            rejected.WriteField(messages.ToString());
            await rejected.NextRecordAsync();
        }
        await FlushAsync();

        return new ImportReport
        {
            Id = id, FileName = fileName, CreatedAt = now, Rows = total, Valid = valid, Rejected = rejectedCount, AlreadyPresent = present,
            UnknownHeaders = unknown, Problems = problems, ProblemCount = problemCount,
        };
    }

    /// <summary>18 characters as one number: 17 digits × 11 + the check character (X = 10). Fits a long; 8 bytes per ID seen.</summary>
    public static long IdKey(string id18)
    {
        long key = 0;
        for (var i = 0; i < 17; i++) key = key * 10 + (id18[i] - '0');
        return key * 11 + (id18[17] == 'X' ? 10 : id18[17] - '0');
    }

    /// <summary>Placeholder numbers repeat by nature: the same placeholder, name and birth date is the same person.</summary>
    static string PlaceholderKey(ImportRecord r) =>
        string.Concat(r.IdNumber, "|", r.Name, "|", r.BirthDate.DayNumber.ToString(CultureInfo.InvariantCulture));

    static async Task<HashSet<ImportRecord>> ExistingAsync(DbConnection connection, List<ImportRecord> batch, CancellationToken ct)
    {
        var found = new HashSet<ImportRecord>(ReferenceEqualityComparer.Instance);
        var real = batch.Where(r => r.IdState != IdState.Placeholder).ToList();
        if (real.Count > 0)
        {
            var ids = real.Select(r => r.IdNumber).ToArray();
            var sql = connection is NpgsqlConnection
                ? $"SELECT id_number FROM persons WHERE id_number = ANY(@ids) AND id_state <> {(int)IdState.Placeholder}"
                : $"SELECT id_number FROM persons WHERE id_number IN (SELECT value FROM json_each(@ids)) AND id_state <> {(int)IdState.Placeholder}";
            object ids2 = connection is NpgsqlConnection ? ids : System.Text.Json.JsonSerializer.Serialize(ids);
            var existing = (await connection.QueryAsync<string>(new CommandDefinition(sql, new { ids = ids2 }, cancellationToken: ct)))
                .ToHashSet(StringComparer.Ordinal);
            foreach (var r in real)
                if (existing.Contains(r.IdNumber)) found.Add(r);
        }
        foreach (var r in batch.Where(r => r.IdState == IdState.Placeholder))
            if (await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
                    $"SELECT EXISTS (SELECT 1 FROM persons WHERE name = @name AND birth_date = @birth AND id_number = @id AND id_state = {(int)IdState.Placeholder})",
                    new { name = r.Name, birth = connection is NpgsqlConnection ? (object)r.BirthDate : r.BirthDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), id = r.IdNumber }, cancellationToken: ct)))
                found.Add(r);
        return found;
    }
}

/// <summary>Import's messages are the case rules' and ID checks' own: a row is refused for the same words as the form.</summary>
public static class ImportMessages
{
    public static string Text(IStringLocalizer localizer, string code) => localizer[code];
}
