using System.Data.Common;
using System.Globalization;
using Dapper;
using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using EqualCare.Web.Domain.Comparison;
using EqualCare.Web.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace EqualCare.Web.Features.Comparison;

public sealed record AgencyListInfo(long Id, string OrgCode, string Agency, AgencyListKind Kind, DateOnly ListDate, string FileName, int RowCount, string UploadedBy, DateTime UploadedAt);

/// <summary>One community's results of one kind: all of them, and those still open.</summary>
public sealed record CommunityCount(string Community, string CommunityName, FindingKind Kind, int Total, int Open);

/// <summary>A result as the lists show it: the agency's row (number masked), the case it was tied to, and its state.</summary>
public sealed record ResultView(
    long Id, long ListId, string Agency, AgencyListKind ListKind, FindingKind Kind, string Community, string CommunityName, int RowNumber,
    string Name, string IdNumberMasked, Sex? Sex, string? BirthDate, string? Address, long? PersonId, string? PersonName,
    long? CandidateId, string? CandidateName, MatchMethod Method, Agreement Agreed, string Detail,
    ResolutionReason? Resolution, string? ResolvedBy, bool RegisteredSince)
{
    public bool IsOpen => Resolution is null && !RegisteredSince;
}

public sealed record ResultPage(IReadOnlyList<ResultView> Rows, int Total, int Page, int PageSize);

/// <summary>
/// The result lists (issue 17 point 3): counts by community and kind, and the drill-down, always within the reader's scope
/// (each result carries the community it belongs to: the matched case's, or the row's own inside the uploader's scope, so
/// a row outside the uploader's scope has no result at all). A 漏管 result whose number has since been registered counts
/// as cleared, whoever registered it and how.
/// </summary>
public sealed class ComparisonQueries(EqualCareDb db, AuditLog audit)
{
    public const int PageSize = 50;

    /// <summary>SQL: the result c is still open.</summary>
    const string OpenSql = """
        NOT EXISTS (SELECT 1 FROM comparison_resolutions s0 WHERE s0.result_id = c.id)
        AND NOT (c.kind = 1 AND EXISTS (SELECT 1 FROM agency_list_rows r0 JOIN persons p0 ON p0.id_number = r0.id_number
            AND p0.id_state <> 2 AND p0.merged_into_id IS NULL WHERE r0.id = c.row_id))
        """;

    DbConnection Connection => db.Database.GetDbConnection();

    DbTransaction? Transaction => db.Database.CurrentTransaction?.GetDbTransaction();

    /// <summary>The lists the user may open: uploaded in her scope, or by an office above her (she sees her part of them).</summary>
    public async Task<IReadOnlyList<AgencyListInfo>> ListsAsync(CurrentUser user, CancellationToken ct)
    {
        if (!user.CanReadPersons) return [];
        var (low, high) = user.Org.Range;
        // The offices above the user, written into the statement: OrgCode values are digits only (OrgCode.TryParse).
        var above = new List<string>();
        for (var o = user.Org.Parent; o is { } parent; o = parent.Parent) above.Add("'" + parent.Value + "'");
        var aboveSql = above.Count == 0 ? "1 = 0" : "org_code IN (" + string.Join(',', above) + ")";
        var rows = await Connection.QueryAsync<ListRow>(new CommandDefinition(
            $"""
            SELECT id AS Id, org_code AS OrgCode, agency AS Agency, kind AS Kind, list_date AS ListDate, file_name AS FileName,
                   row_count AS RowCount, uploaded_by AS UploadedBy, uploaded_at AS UploadedAt
            FROM agency_lists WHERE (org_code >= @low AND org_code <= @high) OR {aboveSql} ORDER BY id DESC
            """, new { low, high }, Transaction, cancellationToken: ct));
        return rows.Select(r => r.ToInfo()).ToList();
    }

    public async Task<AgencyListInfo?> ListAsync(CurrentUser user, long id, CancellationToken ct) =>
        (await ListsAsync(user, ct)).FirstOrDefault(l => l.Id == id);

    /// <summary>Counts by community and kind, of one list or of every list (<paramref name="listId"/> null).</summary>
    public async Task<IReadOnlyList<CommunityCount>> CountsAsync(CurrentUser user, long? listId, CancellationToken ct)
    {
        if (!user.CanReadPersons) return [];
        var (low, high) = user.Org.Range;
        var rows = (await Connection.QueryAsync<(string Community, long Kind, long Total, long Open)>(new CommandDefinition(
            $"""
            SELECT c.community_code, c.kind, COUNT(*), SUM(CASE WHEN {OpenSql} THEN 1 ELSE 0 END)
            FROM comparison_results c
            WHERE c.community_code >= @low AND c.community_code <= @high AND (@list IS NULL OR c.list_id = @list)
            GROUP BY c.community_code, c.kind ORDER BY c.community_code, c.kind
            """, new { low, high, list = listId }, Transaction, cancellationToken: ct))).ToList();
        var names = await NamesAsync(rows.Select(r => r.Community), ct);
        return rows.Select(r => new CommunityCount(r.Community, names.GetValueOrDefault(r.Community) ?? r.Community, (FindingKind)r.Kind,
            (int)r.Total, (int)r.Open)).ToList();
    }

    /// <summary>
    /// The open results of a unit in the user's scope by kind, for the to-do list's section (issue 17 point 3: "an unresolved
    /// result shows on the community's to-do list"): one statement, a range scan of <c>ix_comparison_results_community</c>
    /// with a probe of the resolution's unique key per row (and, for a 漏管 row, of <c>ix_persons_id_number</c>). Empty for a
    /// unit outside the scope.
    /// </summary>
    public async Task<IReadOnlyDictionary<FindingKind, int>> OpenCountsAsync(CurrentUser user, OrgCode unit, CancellationToken ct)
    {
        if (!user.CanReadPersons || !user.Org.Contains(unit.Value)) return new Dictionary<FindingKind, int>();
        var (low, high) = unit.Range;
        var rows = await Connection.QueryAsync<(long Kind, long Open)>(new CommandDefinition(
            $"""
            SELECT c.kind, COUNT(*) FROM comparison_results c
            WHERE c.community_code >= @low AND c.community_code <= @high AND {OpenSql}
            GROUP BY c.kind
            """, new { low, high }, Transaction, cancellationToken: ct));
        return rows.ToDictionary(r => (FindingKind)r.Kind, r => (int)r.Open);
    }

    /// <summary>A page of results, audited as a list view (one row per request).</summary>
    public async Task<ResultPage> ResultsAsync(CurrentUser user, long? listId, FindingKind kind, string? community, bool openOnly, int page,
        CancellationToken ct, DateOnly? listFrom = null, DateOnly? listTo = null)
    {
        if (!user.CanReadPersons) return new([], 0, 1, PageSize);
        // The unit to show: a community or any unit inside the scope (the to-do list links its own unit's results), else the scope.
        var unit = community is not null && OrgCode.TryParse(community, out var named) && user.Org.Contains(named.Value) ? named : user.Org;
        community = unit == user.Org ? null : unit.Value;
        var (low, high) = unit.Range;
        page = Math.Max(1, page);
        var where = $"""
            c.community_code >= @low AND c.community_code <= @high AND c.kind = @kind AND (@list IS NULL OR c.list_id = @list)
            {(openOnly ? "AND " + OpenSql : "")}
            {(listFrom is null && listTo is null ? "" : "AND EXISTS (SELECT 1 FROM agency_lists l0 WHERE l0.id = c.list_id AND l0.list_date >= @from AND l0.list_date <= @to)")}
            """;
        var (scopeLow, scopeHigh) = user.Org.Range;
        var args = new
        {
            low, high, scopeLow, scopeHigh, kind = (short)kind, list = listId, skip = (page - 1) * PageSize, take = PageSize,
            from = Iso(listFrom ?? DateOnly.MinValue), to = Iso(listTo ?? DateOnly.MaxValue),
        };
        var total = await Connection.ExecuteScalarAsync<long>(new CommandDefinition(
            $"SELECT COUNT(*) FROM comparison_results c WHERE {where}", args, Transaction, cancellationToken: ct));
        var rows = (await Connection.QueryAsync<ResultRow>(new CommandDefinition(
            $"""
            SELECT c.id AS Id, c.list_id AS ListId, l.agency AS Agency, l.kind AS ListKind, c.kind AS Kind, c.community_code AS Community,
                   r.row_number AS RowNumber, r.name AS Name, r.id_number AS IdNumber, r.sex AS Sex, r.birth_date AS BirthDate,
                   r.address AS Address, p.id AS PersonId, p.name AS PersonName, q.id AS CandidateId, q.name AS CandidateName,
                   c.match_method AS Method, c.agreed AS Agreed, c.detail AS Detail, s.reason AS Reason, s.resolved_by AS ResolvedBy,
                   CASE WHEN c.kind = 1 AND EXISTS (SELECT 1 FROM persons p1 WHERE p1.id_number = r.id_number AND p1.id_state <> 2
                       AND p1.merged_into_id IS NULL) THEN 1 ELSE 0 END AS RegisteredSince
            FROM comparison_results c
            JOIN agency_list_rows r ON r.id = c.row_id
            JOIN agency_lists l ON l.id = c.list_id
            LEFT JOIN persons p ON p.id = c.person_id AND p.community_code >= @scopeLow AND p.community_code <= @scopeHigh
            LEFT JOIN persons q ON q.id = c.candidate_id AND q.community_code >= @scopeLow AND q.community_code <= @scopeHigh
            LEFT JOIN comparison_resolutions s ON s.result_id = c.id
            WHERE {where}
            ORDER BY c.community_code, c.id LIMIT @take OFFSET @skip
            """, args, Transaction, cancellationToken: ct))).ToList();
        var names = await NamesAsync(rows.Select(r => r.Community), ct);
        var views = rows.Select(r => r.ToView(names)).ToList();
        await audit.RecordListAsync(user, "comparison_results", user.Org.Value,
            $"list={listId?.ToString(CultureInfo.InvariantCulture) ?? "all"}; kind={kind}; community={community ?? "all"}; open={openOnly}; listDates={(listFrom is null && listTo is null ? "all" : Iso(listFrom ?? DateOnly.MinValue) + ".." + Iso(listTo ?? DateOnly.MaxValue))}; page={page}", views.Count, ct);
        return new ResultPage(views, (int)total, page, PageSize);
    }

    /// <summary>One result in the user's scope, with its row's full cells (for the registration it starts); null when none.</summary>
    public async Task<(ResultView View, string? IdNumber, string? Phone, MaritalStatus? Marital)?> ResultAsync(CurrentUser user, long id, CancellationToken ct)
    {
        if (!user.CanReadPersons) return null;
        var (low, high) = user.Org.Range;
        var row = await Connection.QueryFirstOrDefaultAsync<ResultRow>(new CommandDefinition(
            """
            SELECT c.id AS Id, c.list_id AS ListId, l.agency AS Agency, l.kind AS ListKind, c.kind AS Kind, c.community_code AS Community,
                   r.row_number AS RowNumber, r.name AS Name, r.id_number AS IdNumber, r.sex AS Sex, r.birth_date AS BirthDate,
                   r.address AS Address, r.phone AS Phone, r.marital_status AS Marital, c.person_id AS PersonId, c.candidate_id AS CandidateId,
                   c.match_method AS Method, c.agreed AS Agreed, c.detail AS Detail, s.reason AS Reason, s.resolved_by AS ResolvedBy,
                   CASE WHEN c.kind = 1 AND EXISTS (SELECT 1 FROM persons p1 WHERE p1.id_number = r.id_number AND p1.id_state <> 2
                       AND p1.merged_into_id IS NULL) THEN 1 ELSE 0 END AS RegisteredSince
            FROM comparison_results c
            JOIN agency_list_rows r ON r.id = c.row_id
            JOIN agency_lists l ON l.id = c.list_id
            LEFT JOIN comparison_resolutions s ON s.result_id = c.id
            WHERE c.id = @id AND c.community_code >= @low AND c.community_code <= @high
            """, new { id, low, high }, Transaction, cancellationToken: ct));
        if (row is null) return null;
        var names = await NamesAsync([row.Community], ct);
        return (row.ToView(names), row.IdNumber, row.Phone, row.Marital is { } m ? (MaritalStatus)m : null);
    }

    internal static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    internal async Task<Dictionary<string, string>> NamesAsync(IEnumerable<string> codes, CancellationToken ct)
    {
        var list = codes.Distinct().ToList();
        if (list.Count == 0) return [];
        return await db.OrgUnits.AsNoTracking().Where(u => list.Contains(u.Code)).ToDictionaryAsync(u => u.Code, u => u.Name, ct);
    }

    sealed class ListRow
    {
        public long Id { get; set; }
        public string OrgCode { get; set; } = "";
        public string Agency { get; set; } = "";
        public long Kind { get; set; }
        public string ListDate { get; set; } = "";
        public string FileName { get; set; } = "";
        public long RowCount { get; set; }
        public string UploadedBy { get; set; } = "";
        public string UploadedAt { get; set; } = "";

        public AgencyListInfo ToInfo() => new(Id, OrgCode, Agency, (AgencyListKind)Kind,
            DateOnly.ParseExact(ListDate, "yyyy-MM-dd", CultureInfo.InvariantCulture), FileName, (int)RowCount, UploadedBy,
            DateTime.Parse(UploadedAt, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind));
    }

    sealed class ResultRow
    {
        public long Id { get; set; }
        public long ListId { get; set; }
        public string Agency { get; set; } = "";
        public long ListKind { get; set; }
        public long Kind { get; set; }
        public string Community { get; set; } = "";
        public long RowNumber { get; set; }
        public string Name { get; set; } = "";
        public string? IdNumber { get; set; }
        public long? Sex { get; set; }
        public string? BirthDate { get; set; }
        public string? Address { get; set; }
        public string? Phone { get; set; }
        public long? Marital { get; set; }
        public long? PersonId { get; set; }
        public string? PersonName { get; set; }
        public long? CandidateId { get; set; }
        public string? CandidateName { get; set; }
        public long Method { get; set; }
        public long Agreed { get; set; }
        public string Detail { get; set; } = "";
        public long? Reason { get; set; }
        public string? ResolvedBy { get; set; }
        public long RegisteredSince { get; set; }

        public ResultView ToView(Dictionary<string, string> names) => new(Id, ListId, Agency, (AgencyListKind)ListKind, (FindingKind)Kind,
            Community, names.GetValueOrDefault(Community) ?? Community, (int)RowNumber, Name, Masking.IdNumber(IdNumber),
            Sex is { } s ? (Domain.Sex)s : null, BirthDate, Address, PersonId, PersonName, CandidateId, CandidateName, (MatchMethod)Method,
            (Agreement)Agreed, Detail, Reason is { } r ? (ResolutionReason)r : null, ResolvedBy, RegisteredSince != 0);
    }
}

/// <summary>
/// A worker closes a result with a reason (issue 17 point 3): one resolution per result (<c>ux_comparison_resolutions_result</c>
/// behind the check), written with its audit row in one transaction.
/// </summary>
public sealed class ResolutionHandler(EqualCareDb db, AuditLog audit, TimeProvider clock)
{
    public async Task<Result<long>> ResolveAsync(CurrentUser user, long resultId, ResolutionReason? reason, string? note, long? personId,
        CancellationToken ct)
    {
        if (!user.CanWritePersons) return Error.NotFound("comparison.notFound");
        if (reason is not { } why || !Enum.IsDefined(why)) return Error.Validation("comparison.resolve.reason", "reason");
        if (note is { Length: > 200 }) return Error.Validation("comparison.resolve.noteTooLong", "note");
        var (low, high) = user.Org.Range;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var connection = db.Database.GetDbConnection();
        var transaction = tx.GetDbTransaction();
        var found = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            "SELECT c.id FROM comparison_results c WHERE c.id = @resultId AND c.community_code >= @low AND c.community_code <= @high",
            new { resultId, low, high }, transaction, cancellationToken: ct));
        if (found is null) return Error.NotFound("comparison.notFound");
        var already = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            "SELECT id FROM comparison_resolutions WHERE result_id = @resultId", new { resultId }, transaction, cancellationToken: ct));
        if (already is not null) return Error.Conflict("comparison.resolve.already");
        long id;
        try
        {
            id = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                """
                INSERT INTO comparison_resolutions (result_id, reason, person_id, note, resolved_by, resolved_at)
                VALUES (@resultId, @reason, @personId, @note, @by, @at) RETURNING id
                """,
                new { resultId, reason = (short)why, personId, note = string.IsNullOrWhiteSpace(note) ? null : note.Trim(), by = user.UserName,
                      at = clock.UtcNow().ToString("O", CultureInfo.InvariantCulture) }, transaction, cancellationToken: ct));
        }
        catch (DbException e) when (UniqueKey.IsViolation(new DbUpdateException(e.Message, e)))
        {
            return Error.Conflict("comparison.resolve.already");
        }
        audit.Add(AuditLog.Actions.Update, "comparison_result", resultId.ToString(CultureInfo.InvariantCulture),
            detail: $"resolved={why}" + (personId is { } p ? $"; person={p.ToString(CultureInfo.InvariantCulture)}" : ""), userName: user.UserName);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return id;
    }
}
