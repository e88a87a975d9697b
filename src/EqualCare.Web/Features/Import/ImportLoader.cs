using System.Globalization;
using System.Text;
using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using EqualCare.Web.Domain.Cases;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;

namespace EqualCare.Web.Features.Import;

/// <summary>What the audit row of an import records.</summary>
public sealed record ImportAudit(string UserName, string? ClientAddress, string FileName, int Rows, int Valid, int Rejected, int AlreadyPresent,
    string Mode);

/// <summary>
/// Loads rows.bin in one transaction, never through the change tracker. PostgreSQL: binary COPY of the persons with their
/// ids, then binary COPY of their Arrival movements, then the audit row; if a number was registered meanwhile, binary COPY
/// into a temporary staging table, then one INSERT … SELECT … ON CONFLICT DO NOTHING into persons whose RETURNING feeds the
/// Arrival movements in the same statement, then the audit row. SQLite: prepared multi-row INSERTs of the persons with their ids
/// (ON CONFLICT DO NOTHING) and of their Arrival movements from those ids, then the audit row.
/// </summary>
public sealed class ImportLoader(DbConnectionFactory connections)
{
    public const string AuditAction = "import";
    public const string AuditEntity = "persons";

    /// <returns>The number of persons added.</returns>
    public async Task<int> LoadAsync(string rowsFile, ImportAudit audit, DateTime nowUtc, CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct);
        return connection switch
        {
            NpgsqlConnection pg => await LoadPostgresAsync(pg, rowsFile, audit, nowUtc, ct),
            SqliteConnection sqlite => LoadSqlite(sqlite, ImportRecord.ReadAll(rowsFile), audit.UserName, Task.FromResult<ImportAudit?>(audit), nowUtc, ct),
            _ => throw new NotSupportedException(),
        };
    }

    static string Detail(ImportAudit a, int loaded) => string.Create(CultureInfo.InvariantCulture,
        $"file={a.FileName}; rows={a.Rows}; valid={a.Valid}; rejected={a.Rejected}; present={a.AlreadyPresent}; loaded={loaded}; mode={a.Mode}");

    static readonly string ColumnList = string.Join(", ", ImportRecord.Columns);
    const string ExtraColumns = "id_override_by, id_override_at, created_at, updated_at, version, status";

    /// <summary>
    /// The rows were checked against the database when the file was validated, so they normally go straight into persons by
    /// binary COPY (as fast as psql's \copy), with ids this load takes from persons' sequence under a lock that keeps other
    /// writers out for the load, and the arrival events follow by a second COPY of those ids (no pass over the loaded rows).
    /// If someone registered one of the numbers between the check and the load, the unique index refuses the COPY, nothing is
    /// kept, and the careful path merges through a staging table instead.
    /// </summary>
    static async Task<int> LoadPostgresAsync(NpgsqlConnection connection, string rowsFile, ImportAudit audit, DateTime now, CancellationToken ct)
    {
        try
        {
            return await CopyStraightAsync(connection, ImportRecord.ReadAll(rowsFile), audit.UserName, Task.FromResult<ImportAudit?>(audit), now, ct);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            return await MergeThroughStagingAsync(connection, rowsFile, audit, now, ct);
        }
    }

    /// <summary>
    /// Rows arriving while the file is still being checked: written as they come; committed only when
    /// <paramref name="verdict"/> gives the audit (null: roll back, nothing kept). On a number registered meanwhile the
    /// careful path runs from the rows file once the check has finished.
    /// </summary>
    public async Task<int> LoadWhileValidatingAsync(IEnumerable<ImportRecord> incoming, string userName, Task<ImportAudit?> verdict,
        Func<string> rowsFile, DateTime now, CancellationToken ct)
    {
        await using var opened = await connections.OpenAsync(ct);
        try
        {
            if (opened is SqliteConnection sqlite) return LoadSqlite(sqlite, incoming, userName, verdict, now, ct);
            var connection = (NpgsqlConnection)opened;
            try
            {
                return await CopyStraightAsync(connection, incoming, userName, verdict, now, ct);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
            {
                foreach (var _ in incoming)
                {
                    // Keep taking rows so the check can finish; they are in the rows file as well.
                }
                return await verdict is { } audit ? await MergeThroughStagingAsync(connection, rowsFile(), audit, now, ct) : 0;
            }
        }
        catch
        {
            foreach (var _ in incoming)
            {
                // Never leave the checking side blocked on a full hand-over.
            }
            throw;
        }
    }

    static async Task<int> CopyStraightAsync(NpgsqlConnection connection, IEnumerable<ImportRecord> records, string userName,
        Task<ImportAudit?> verdict, DateTime now, CancellationToken ct)
    {
        await using var tx = await connection.BeginTransactionAsync(ct);
        // SHARE ROW EXCLUSIVE: readers (the check included) go on; other inserts wait. An INSERT takes its lock on persons
        // before it evaluates the identity default, so while the lock is held nobody else draws from persons' sequence and
        // the ids from its next value upwards are this load's to give: the persons are copied with their ids, and their
        // Arrival movements can be copied too instead of being read back by a second INSERT … SELECT over the new rows
        // (issue 15 point 3: that pass was 30 % of an import).
        long firstId;
        await using (var lockCmd = new NpgsqlCommand(
                         "LOCK TABLE persons IN SHARE ROW EXCLUSIVE MODE; " +
                         "SELECT greatest(nextval(pg_get_serial_sequence('persons', 'id')), (SELECT coalesce(max(id), 0) + 1 FROM persons))",
                         connection, tx))
            firstId = (long)(await lockCmd.ExecuteScalarAsync(ct))!;

        // What each Arrival needs, kept while the persons stream: one COPY cannot run inside another on a connection, and
        // the movements' key on persons needs the persons first. Community codes are few: one string each.
        var arrivals = new List<(long PersonId, DateOnly On, string Community)>();
        var communities = new Dictionary<string, string>(StringComparer.Ordinal);
        var nextId = firstId;
        await using (var writer = await connection.BeginBinaryImportAsync(
                         $"COPY persons (id, {ColumnList}, {ExtraColumns}) FROM STDIN (FORMAT BINARY)", ct))
        {
            foreach (var r in records)
            {
                ct.ThrowIfCancellationRequested();
                writer.StartRow();
                writer.Write(nextId, NpgsqlDbType.Bigint);
                WriteCaseColumns(writer, r);
                var overridden = r.IdState == IdState.Overridden;
                Text(writer, overridden ? userName : null);
                if (overridden) writer.Write(now, NpgsqlDbType.TimestampTz);
                else writer.WriteNull();
                writer.Write(now, NpgsqlDbType.TimestampTz);
                writer.Write(now, NpgsqlDbType.TimestampTz);
                writer.Write(0, NpgsqlDbType.Integer);
                writer.Write((short)CaseStatus.Active, NpgsqlDbType.Smallint);
                if (!communities.TryGetValue(r.CommunityCode, out var community)) communities[r.CommunityCode] = community = r.CommunityCode;
                arrivals.Add((nextId++, r.ArrivalDate, community));
            }
            await writer.CompleteAsync(ct);
        }
        if (await verdict is not { } audit) return 0; // the check refused the file: the transaction rolls back unused

        if (arrivals.Count > 0)
        {
            // The sequence goes on after the copied ids, so the next registration does not draw one of them.
            await using (var advance = new NpgsqlCommand("SELECT setval(pg_get_serial_sequence('persons', 'id'), @last)", connection, tx))
            {
                advance.Parameters.AddWithValue("last", NpgsqlDbType.Bigint, nextId - 1);
                await advance.ExecuteScalarAsync(ct);
            }
            await using var writer = await connection.BeginBinaryImportAsync(
                "COPY movements (person_id, kind, occurred_on, recorded_at, recorded_by, to_community_code) FROM STDIN (FORMAT BINARY)", ct);
            foreach (var (personId, on, community) in arrivals)
            {
                ct.ThrowIfCancellationRequested();
                writer.StartRow();
                writer.Write(personId, NpgsqlDbType.Bigint);
                writer.Write((short)MovementKind.Arrival, NpgsqlDbType.Smallint);
                writer.Write(on, NpgsqlDbType.Date);
                writer.Write(now, NpgsqlDbType.TimestampTz);
                writer.Write(audit.UserName, NpgsqlDbType.Text);
                writer.Write(community, NpgsqlDbType.Varchar);
            }
            await writer.CompleteAsync(ct);
        }
        var loaded = arrivals.Count;
        await WriteAuditAsync(connection, tx, audit, now, loaded, ct);
        await tx.CommitAsync(ct);
        return loaded;
    }

    static async Task<int> MergeThroughStagingAsync(NpgsqlConnection connection, string rowsFile, ImportAudit audit, DateTime now, CancellationToken ct)
    {
        await using var tx = await connection.BeginTransactionAsync(ct);
        await using (var create = new NpgsqlCommand(
                         $"CREATE TEMP TABLE import_staging ON COMMIT DROP AS SELECT 0 AS row_number, {ColumnList} FROM persons WITH NO DATA",
                         connection, tx))
            await create.ExecuteNonQueryAsync(ct);

        await using (var writer = await connection.BeginBinaryImportAsync(
                         $"COPY import_staging (row_number, {ColumnList}) FROM STDIN (FORMAT BINARY)", ct))
        {
            foreach (var r in ImportRecord.ReadAll(rowsFile))
            {
                ct.ThrowIfCancellationRequested();
                writer.StartRow();
                writer.Write(r.RowNumber, NpgsqlDbType.Integer);
                WriteCaseColumns(writer, r);
            }
            await writer.CompleteAsync(ct);
        }

        // Placeholder numbers are not unique, so ON CONFLICT cannot see a repeated placeholder person: drop those first.
        var dropKnownPlaceholders = $"""
            DELETE FROM import_staging s
            WHERE s.id_state = {(int)IdState.Placeholder}
              AND EXISTS (SELECT 1 FROM persons p WHERE p.id_state = {(int)IdState.Placeholder} AND p.id_number = s.id_number AND p.name = s.name AND p.birth_date = s.birth_date)
            """;
        await using (var drop = new NpgsqlCommand(dropKnownPlaceholders, connection, tx)) await drop.ExecuteNonQueryAsync(ct);

        var insert = $"""
            WITH added AS (
                INSERT INTO persons ({ColumnList}, {ExtraColumns})
                SELECT {ColumnList},
                       CASE WHEN id_state = {(int)IdState.Overridden} THEN @user END,
                       CASE WHEN id_state = {(int)IdState.Overridden} THEN @now END,
                       @now, @now, 0, {(int)CaseStatus.Active}
                FROM import_staging
                ON CONFLICT (id_number) WHERE id_state <> {(int)IdState.Placeholder} DO NOTHING
                RETURNING id, arrival_date, community_code
            )
            INSERT INTO movements (person_id, kind, occurred_on, recorded_at, recorded_by, to_community_code)
            SELECT id, {(int)MovementKind.Arrival}, arrival_date, @now, @user, community_code FROM added
            """;
        int loaded;
        await using (var cmd = new NpgsqlCommand(insert, connection, tx))
        {
            cmd.CommandTimeout = 0;
            cmd.Parameters.AddWithValue("user", NpgsqlDbType.Text, audit.UserName);
            cmd.Parameters.AddWithValue("now", NpgsqlDbType.TimestampTz, now);
            loaded = await cmd.ExecuteNonQueryAsync(ct);
        }

        await WriteAuditAsync(connection, tx, audit, now, loaded, ct);
        await tx.CommitAsync(ct);
        return loaded;
    }

    /// <summary>The <see cref="ImportRecord.Columns"/> of one row, in order.</summary>
    static void WriteCaseColumns(NpgsqlBinaryImporter writer, ImportRecord r)
    {
        writer.Write(r.Name, NpgsqlDbType.Text);
        writer.Write(r.IdNumber, NpgsqlDbType.Varchar);
        Text(writer, r.IdNumberEntered);
        writer.Write((short)r.IdState, NpgsqlDbType.Smallint);
        Text(writer, r.IdFailedChecks);
        Text(writer, r.IdOverrideReason);
        writer.Write((short)r.Sex, NpgsqlDbType.Smallint);
        writer.Write(r.BirthDate, NpgsqlDbType.Date);
        Text(writer, r.Ethnicity);
        writer.Write(r.HukouCountyCode, NpgsqlDbType.Varchar);
        Text(writer, r.HukouAddress);
        writer.Write(r.CommunityCode, NpgsqlDbType.Varchar);
        Text(writer, r.ResidenceAddress);
        Small(writer, (short?)r.HousingType);
        Text(writer, r.LandlordOrEmployer);
        writer.Write(r.ArrivalDate, NpgsqlDbType.Date);
        writer.Write((short)r.FlowDirection, NpgsqlDbType.Smallint);
        Small(writer, (short?)r.HouseholdType);
        writer.Write((short)r.MaritalStatus, NpgsqlDbType.Smallint);
        Date(writer, r.MarriageDate);
        writer.Write(r.AccompanyingChild, NpgsqlDbType.Boolean);
        Small(writer, (short?)r.ContraceptionMethod);
        Date(writer, r.ContraceptionStart);
        Text(writer, r.ContraceptionProvider);
        Date(writer, r.PregnancyLmp);
        Date(writer, r.PregnancyExpectedDate);
        Small(writer, (short?)r.PregnancyOutcome);
        Date(writer, r.PregnancyOutcomeDate);
        Text(writer, r.Phone);
        Small(writer, (short?)r.Education);
        Text(writer, r.Occupation);
    }
    static async Task WriteAuditAsync(NpgsqlConnection connection, NpgsqlTransaction tx, ImportAudit audit, DateTime now, int loaded,
        CancellationToken ct)
    {
        await using (var auditCmd = new NpgsqlCommand(
                         "INSERT INTO audit_entries (at, user_name, action, entity, entity_id, client_address, outcome, detail) " +
                         "VALUES (@now, @user, @action, @entity, NULL, @client, @outcome, @detail)", connection, tx))
        {
            auditCmd.Parameters.AddWithValue("now", NpgsqlDbType.TimestampTz, now);
            auditCmd.Parameters.AddWithValue("user", NpgsqlDbType.Text, audit.UserName);
            auditCmd.Parameters.AddWithValue("action", NpgsqlDbType.Text, AuditAction);
            auditCmd.Parameters.AddWithValue("entity", NpgsqlDbType.Text, AuditEntity);
            auditCmd.Parameters.AddWithValue("client", NpgsqlDbType.Text, (object?)audit.ClientAddress ?? DBNull.Value);
            auditCmd.Parameters.AddWithValue("outcome", NpgsqlDbType.Smallint, (short)AuditOutcome.Success);
            auditCmd.Parameters.AddWithValue("detail", NpgsqlDbType.Text, Detail(audit, loaded));
            await auditCmd.ExecuteNonQueryAsync(ct);
        }
    }

    static void Text(NpgsqlBinaryImporter w, string? value)
    {
        if (value is null) w.WriteNull();
        else w.Write(value, NpgsqlDbType.Text);
    }

    static void Small(NpgsqlBinaryImporter w, short? value)
    {
        if (value is null) w.WriteNull();
        else w.Write(value.Value, NpgsqlDbType.Smallint);
    }

    static void Date(NpgsqlBinaryImporter w, DateOnly? value)
    {
        if (value is null) w.WriteNull();
        else w.Write(value.Value, NpgsqlDbType.Date);
    }

    /// <summary>EF Core's SQLite text forms, so that rows written here read back exactly like rows EF wrote.</summary>
    public static string SqliteDate(DateOnly d) => SqliteBulk.Date(d);

    public static string SqliteTimestamp(DateTime utc) => SqliteBulk.Timestamp(utc);

    /// <summary>Rows per multi-row INSERT of Arrival movements on SQLite: 50 × 3 values, far under SQLite's 32,766 variables.</summary>
    const int SqliteRowsPerInsert = 50;

    /// <summary>
    /// SQLite: one transaction (BEGIN IMMEDIATE: the write lock is this load's from the start), prepared INSERTs reused for
    /// every row, their values bound by position (issue 15 point 3). As on PostgreSQL the persons get their ids from this
    /// load (the next rowid upwards: nobody else can insert while the lock is held), so their Arrival movements are written
    /// from those ids by a multi-row INSERT of <see cref="SqliteRowsPerInsert"/> rows, never read back. A number registered
    /// since the check is skipped by ON CONFLICT DO NOTHING, seen from the statement's change count, and gets no Arrival.
    /// Commits when <paramref name="verdict"/> gives the audit, else rolls back.
    /// </summary>
    static int LoadSqlite(SqliteConnection connection, IEnumerable<ImportRecord> records, string userName, Task<ImportAudit?> verdict,
        DateTime now, CancellationToken ct)
    {
        // Six persons indexes and two movements indexes take a million rows in random order: with SQLite's default 2 MB page
        // cache every insert misses. 128 MB for this connection's import only (pooled connections get the default back).
        // temp_store = MEMORY keeps the statement journal in memory: a multi-row INSERT (and any INSERT into movements, which
        // has a foreign key and a trigger) may abort halfway, so SQLite saves the pages it first touches into a statement journal,
        // by default a file in /var/tmp once it passes 64 KB. Measured (strace, 200,000 rows, persons then still 50 a statement):
        // 1.08 million pwrite calls, 2.1 GB to that file, a third of the load thread's CPU. In memory the journal holds one
        // statement's pages and is emptied after each statement. Set outside the transaction, as SQLite requires; back to the
        // default afterwards.
        using (var pragma = connection.CreateCommand())
        {
            pragma.CommandText = "PRAGMA cache_size = -131072; PRAGMA temp_store = MEMORY";
            pragma.ExecuteNonQuery();
        }
        try
        {
            using var tx = connection.BeginTransaction(deferred: false);
            using var loader = new SqliteBulkRows(connection, tx, userName, SqliteTimestamp(now), ct);
            foreach (var r in records)
            {
                ct.ThrowIfCancellationRequested();
                loader.Add(r);
            }
            var loaded = loader.Complete();
            // Runs on its own thread beside the check; waiting here holds no request thread.
            if (verdict.GetAwaiter().GetResult() is not { } audit) return 0; // refused: the transaction rolls back unused

            using (var auditCmd = connection.CreateCommand())
            {
                auditCmd.Transaction = tx;
                auditCmd.CommandText = "INSERT INTO audit_entries (at, user_name, action, entity, entity_id, client_address, outcome, detail) " +
                                       "VALUES (@now, @user, @action, @entity, NULL, @client, @outcome, @detail)";
                auditCmd.Parameters.AddWithValue("@now", SqliteTimestamp(now));
                auditCmd.Parameters.AddWithValue("@user", audit.UserName);
                auditCmd.Parameters.AddWithValue("@action", AuditAction);
                auditCmd.Parameters.AddWithValue("@entity", AuditEntity);
                auditCmd.Parameters.AddWithValue("@client", (object?)audit.ClientAddress ?? DBNull.Value);
                auditCmd.Parameters.AddWithValue("@outcome", (int)AuditOutcome.Success);
                auditCmd.Parameters.AddWithValue("@detail", Detail(audit, loaded));
                auditCmd.ExecuteNonQuery();
            }
            tx.Commit();
            return loaded;
        }
        finally
        {
            using var pragma = connection.CreateCommand();
            pragma.CommandText = "PRAGMA cache_size = -2000; PRAGMA temp_store = DEFAULT";
            pragma.ExecuteNonQuery();
        }
    }

    /// <summary>
    /// The persons of an import (one prepared INSERT per row) and their Arrival movements (a prepared multi-row INSERT)
    /// into SQLite, the values bound by position through the SQLite handle underneath the connection: Microsoft.Data.Sqlite
    /// binds each parameter by name, a linear search of the statement's variables. Persons go one row per statement: a
    /// statement that writes several rows and may abort halfway makes SQLite copy every page it first touches into a
    /// statement journal, and a person's row touches about ten pages at random places (its indexes), so 50 persons a
    /// statement meant about 2 MB copied per statement, a few tens of GB per million rows; one row a statement needs no
    /// statement journal, as in the baseline's loop. The movements of a group go on one page or two at the end of their
    /// table and index, so their multi-row INSERT journals little. Persons with a placeholder number (not unique, rare) go
    /// through a NOT EXISTS insert.
    /// </summary>
    sealed class SqliteBulkRows : IDisposable
    {
        /// <summary>?1 is the load's timestamp, ?2 the user; each row's values follow.</summary>
        const int Shared = 2;
        const int PersonValues = 34; // id, the 31 columns, id_override_by, id_override_at
        const int MovementValues = 3; // person_id, occurred_on, to_community_code

        readonly SqliteConnection connection;
        readonly SqliteTransaction tx;
        readonly string userName;
        readonly string nowText;
        readonly CancellationToken ct;
        readonly SQLitePCL.sqlite3 db;
        readonly SQLitePCL.sqlite3_stmt persons;
        readonly SQLitePCL.sqlite3_stmt movements;
        readonly SqliteCommand placeholder;
        readonly SqliteParameter[] placeholderSlots;
        readonly (long Id, ImportRecord Row)[] movementRows = new (long, ImportRecord)[SqliteRowsPerInsert];
        readonly object[] values = new object[ImportRecord.Columns.Length];
        int movementCount, loaded;
        long nextId;

        public SqliteBulkRows(SqliteConnection connection, SqliteTransaction tx, string userName, string nowText, CancellationToken ct)
        {
            (this.connection, this.tx, this.userName, this.nowText, this.ct) = (connection, tx, userName, nowText, ct);
            db = connection.Handle!;
            using (var first = connection.CreateCommand())
            {
                first.Transaction = tx;
                first.CommandText = "SELECT coalesce(max(id), 0) + 1 FROM persons";
                nextId = (long)first.ExecuteScalar()!;
            }
            persons = Prepare(PersonsInsert(1));
            movements = Prepare(MovementsInsert(SqliteRowsPerInsert));

            placeholder = connection.CreateCommand();
            placeholder.Transaction = tx;
            var names = ImportRecord.Columns.Select(c => "@" + c).ToArray();
            placeholder.CommandText = $"INSERT INTO persons (id, {ColumnList}, {ExtraColumns}) " +
                                      $"SELECT @id, {string.Join(", ", names)}, NULL, NULL, @now, @now, 0, {(int)CaseStatus.Active} " +
                                      $"WHERE NOT EXISTS (SELECT 1 FROM persons WHERE id_state = {(int)IdState.Placeholder} AND id_number = @id_number AND name = @name AND birth_date = @birth_date)";
            placeholderSlots = names.Select(n => placeholder.Parameters.Add(new SqliteParameter(n, null))).ToArray();
            placeholder.Parameters.Add(new SqliteParameter("@id", null));
            placeholder.Parameters.Add(new SqliteParameter("@now", nowText));
            placeholder.Prepare();
        }

        static string PersonsInsert(int rows) =>
            $"INSERT INTO persons (id, {ColumnList}, {ExtraColumns}) VALUES " +
            string.Join(", ", Enumerable.Range(0, rows).Select(r =>
                "(" + string.Join(", ", Enumerable.Range(1, PersonValues).Select(k => "?" + (Shared + r * PersonValues + k).ToString(CultureInfo.InvariantCulture)))
                + $", ?1, ?1, 0, {(int)CaseStatus.Active})")) +
            $" ON CONFLICT (id_number) WHERE id_state <> {(int)IdState.Placeholder} DO NOTHING";

        static string MovementsInsert(int rows) =>
            "INSERT INTO movements (person_id, kind, occurred_on, recorded_at, recorded_by, to_community_code) VALUES " +
            string.Join(", ", Enumerable.Range(0, rows).Select(r =>
            {
                var at = Shared + r * MovementValues;
                return string.Create(CultureInfo.InvariantCulture, $"(?{at + 1}, {(int)MovementKind.Arrival}, ?{at + 2}, ?1, ?2, ?{at + 3})");
            }));

        SQLitePCL.sqlite3_stmt Prepare(string sql)
        {
            var rc = SQLitePCL.raw.sqlite3_prepare_v2(db, sql, out var statement);
            SqliteException.ThrowExceptionForRC(rc, db);
            Check(SQLitePCL.raw.sqlite3_bind_text(statement, 1, nowText));
            Check(SQLitePCL.raw.sqlite3_bind_text(statement, 2, userName));
            return statement;
        }

        public void Add(ImportRecord r)
        {
            if (r.IdState == IdState.Placeholder)
            {
                AddPlaceholder(r);
                return;
            }
            var id = nextId++;
            Check(SQLitePCL.raw.sqlite3_bind_int64(persons, Shared + 1, id));
            BindColumns(persons, Shared + 2, r);
            var overridden = r.IdState == IdState.Overridden;
            Text(persons, Shared + 33, overridden ? userName : null);
            Text(persons, Shared + 34, overridden ? nowText : null);
            Step(persons);
            // 0: a number registered since the check, skipped by ON CONFLICT DO NOTHING (its id stays unused).
            if (SQLitePCL.raw.sqlite3_changes(db) == 1) AddMovement(id, r);
        }

        /// <returns>The number of persons added.</returns>
        public int Complete()
        {
            FlushMovements();
            return loaded;
        }

        void AddPlaceholder(ImportRecord r)
        {
            Fill(values, r);
            for (var i = 0; i < values.Length; i++) placeholderSlots[i].Value = values[i];
            var id = nextId++;
            placeholder.Parameters["@id"].Value = id;
            if (placeholder.ExecuteNonQuery() == 1) AddMovement(id, r);
        }

        void AddMovement(long personId, ImportRecord r)
        {
            loaded++;
            movementRows[movementCount++] = (personId, r);
            if (movementCount == SqliteRowsPerInsert) FlushMovements();
        }

        void FlushMovements()
        {
            if (movementCount == 0) return;
            var count = movementCount;
            movementCount = 0;
            var statement = count == SqliteRowsPerInsert ? movements : Prepare(MovementsInsert(count));
            try
            {
                for (var r = 0; r < count; r++)
                {
                    var (id, row) = movementRows[r];
                    var at = Shared + r * MovementValues;
                    Check(SQLitePCL.raw.sqlite3_bind_int64(statement, at + 1, id));
                    Date(statement, at + 2, row.ArrivalDate);
                    Text(statement, at + 3, row.CommunityCode);
                }
                Step(statement);
            }
            finally
            {
                if (!ReferenceEquals(statement, movements)) statement.Dispose();
            }
        }

        /// <summary>
        /// The <see cref="ImportRecord.Columns"/> of one row from <paramref name="at"/> on, as <see cref="Fill"/> gives them
        /// (the placeholder path's form), without boxing a value or making a string: texts are encoded into one reused UTF-8
        /// buffer and dates formatted into it (SQLite copies what is bound). Before, each row made about 20 objects and arrays
        /// (boxed numbers, date strings, a UTF-8 copy of each text).
        /// </summary>
        void BindColumns(SQLitePCL.sqlite3_stmt s, int at, ImportRecord r)
        {
            Text(s, at, r.Name);
            Text(s, at + 1, r.IdNumber);
            Text(s, at + 2, r.IdNumberEntered);
            Number(s, at + 3, (int)r.IdState);
            Text(s, at + 4, r.IdFailedChecks);
            Text(s, at + 5, r.IdOverrideReason);
            Number(s, at + 6, (int)r.Sex);
            Date(s, at + 7, r.BirthDate);
            Text(s, at + 8, r.Ethnicity);
            Text(s, at + 9, r.HukouCountyCode);
            Text(s, at + 10, r.HukouAddress);
            Text(s, at + 11, r.CommunityCode);
            Text(s, at + 12, r.ResidenceAddress);
            Number(s, at + 13, (short?)r.HousingType);
            Text(s, at + 14, r.LandlordOrEmployer);
            Date(s, at + 15, r.ArrivalDate);
            Number(s, at + 16, (int)r.FlowDirection);
            Number(s, at + 17, (short?)r.HouseholdType);
            Number(s, at + 18, (int)r.MaritalStatus);
            Date(s, at + 19, r.MarriageDate);
            Number(s, at + 20, r.AccompanyingChild ? 1 : 0);
            Number(s, at + 21, (short?)r.ContraceptionMethod);
            Date(s, at + 22, r.ContraceptionStart);
            Text(s, at + 23, r.ContraceptionProvider);
            Date(s, at + 24, r.PregnancyLmp);
            Date(s, at + 25, r.PregnancyExpectedDate);
            Number(s, at + 26, (short?)r.PregnancyOutcome);
            Date(s, at + 27, r.PregnancyOutcomeDate);
            Text(s, at + 28, r.Phone);
            Number(s, at + 29, (short?)r.Education);
            Text(s, at + 30, r.Occupation);
        }

        byte[] utf8 = new byte[1024];

        void Text(SQLitePCL.sqlite3_stmt statement, int index, string? text)
        {
            if (text is null)
            {
                Check(SQLitePCL.raw.sqlite3_bind_null(statement, index));
                return;
            }
            var most = Encoding.UTF8.GetMaxByteCount(text.Length);
            if (most > utf8.Length) utf8 = new byte[most];
            var length = Encoding.UTF8.GetBytes(text, utf8);
            Check(SQLitePCL.raw.sqlite3_bind_text(statement, index, new ReadOnlySpan<byte>(utf8, 0, length)));
        }

        void Number(SQLitePCL.sqlite3_stmt statement, int index, int? value) =>
            Check(value is { } v ? SQLitePCL.raw.sqlite3_bind_int64(statement, index, v) : SQLitePCL.raw.sqlite3_bind_null(statement, index));

        /// <summary>EF Core's SQLite date form (<see cref="SqliteBulk.DateFormat"/>), written as UTF-8 straight into the buffer.</summary>
        void Date(SQLitePCL.sqlite3_stmt statement, int index, DateOnly? date)
        {
            if (date is not { } d)
            {
                Check(SQLitePCL.raw.sqlite3_bind_null(statement, index));
                return;
            }
            if (!d.TryFormat(utf8, out var length, SqliteBulk.DateFormat, CultureInfo.InvariantCulture))
                throw new InvalidOperationException("date does not fit the buffer");
            Check(SQLitePCL.raw.sqlite3_bind_text(statement, index, new ReadOnlySpan<byte>(utf8, 0, length)));
        }

        void Step(SQLitePCL.sqlite3_stmt statement)
        {
            ct.ThrowIfCancellationRequested();
            var rc = SQLitePCL.raw.sqlite3_step(statement);
            SQLitePCL.raw.sqlite3_reset(statement);
            if (rc != SQLitePCL.raw.SQLITE_DONE) SqliteException.ThrowExceptionForRC(rc, db);
        }

        void Check(int rc) => SqliteException.ThrowExceptionForRC(rc, db);

        public void Dispose()
        {
            persons.Dispose();
            movements.Dispose();
            placeholder.Dispose();
        }
    }

    /// <summary>The record's values in <see cref="ImportRecord.Columns"/> order, as SQLite stores them.</summary>
    static void Fill(object[] v, ImportRecord r)
    {
        static object N(string? s) => (object?)s ?? DBNull.Value;
        static object C(short? c) => c is { } x ? (int)x : DBNull.Value;
        static object D(DateOnly? d) => d is { } x ? SqliteDate(x) : DBNull.Value;
        v[0] = r.Name;
        v[1] = r.IdNumber;
        v[2] = N(r.IdNumberEntered);
        v[3] = (int)r.IdState;
        v[4] = N(r.IdFailedChecks);
        v[5] = N(r.IdOverrideReason);
        v[6] = (int)r.Sex;
        v[7] = SqliteDate(r.BirthDate);
        v[8] = N(r.Ethnicity);
        v[9] = r.HukouCountyCode;
        v[10] = N(r.HukouAddress);
        v[11] = r.CommunityCode;
        v[12] = N(r.ResidenceAddress);
        v[13] = C((short?)r.HousingType);
        v[14] = N(r.LandlordOrEmployer);
        v[15] = SqliteDate(r.ArrivalDate);
        v[16] = (int)r.FlowDirection;
        v[17] = C((short?)r.HouseholdType);
        v[18] = (int)r.MaritalStatus;
        v[19] = D(r.MarriageDate);
        v[20] = r.AccompanyingChild ? 1 : 0;
        v[21] = C((short?)r.ContraceptionMethod);
        v[22] = D(r.ContraceptionStart);
        v[23] = N(r.ContraceptionProvider);
        v[24] = D(r.PregnancyLmp);
        v[25] = D(r.PregnancyExpectedDate);
        v[26] = C((short?)r.PregnancyOutcome);
        v[27] = D(r.PregnancyOutcomeDate);
        v[28] = N(r.Phone);
        v[29] = C((short?)r.Education);
        v[30] = N(r.Occupation);
    }
}
