using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using Dapper;
using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using EqualCare.Web.Web;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace EqualCare.Web.Features.Backup;

/// <summary>
/// Backup and restore of the configured database with the database's own tools (issue 14, point 17; 等保 2.0 三级 数据备份恢复):
/// PostgreSQL through pg_dump / pg_restore (custom format: schema, data, sequences, triggers), SQLite through its online
/// backup API, which copies a consistent snapshot while the app keeps serving. A restore goes only into an empty
/// database, so it never mixes with or overwrites live data. Both are audited in the database they act on.
/// </summary>
public sealed class DatabaseBackup(DatabaseSettings settings, IOptions<BackupOptions> options, TimeProvider clock)
{
    public const string AuditEntity = "database";
    public const string BackupAction = "backup";
    public const string RestoreAction = "restore";

    public DatabaseProvider Provider => settings.Provider;

    /// <summary>Writes a backup of the whole database to <paramref name="file"/>, which must not exist yet.</summary>
    /// <param name="by">Who ran it, for the audit row (an operator at the server's console).</param>
    public async Task<Result<long>> BackupAsync(string file, string by, CancellationToken ct)
    {
        var path = Path.GetFullPath(file);
        if (!Directory.Exists(Path.GetDirectoryName(path))) return Error.NotFound("backup.folder_missing");
        if (!CreateOwnerOnly(path)) return Error.Conflict("backup.file_exists");
        try
        {
            // The audit row is committed first, so the backup holds the record that it was taken (a restored database
            // shows when its data left the server).
            await AuditAsync(BackupAction, by, ct);
            if (settings.Provider == DatabaseProvider.Sqlite) await SqliteBackupAsync(path, ct);
            else await RunPostgresToolAsync("pg_dump", ["--format=custom", "--no-owner", "--no-privileges", "--file=" + path], ct);
        }
        catch
        {
            File.Delete(path); // a half-written file must not pass for a backup
            try
            {
                await AuditAsync(BackupAction, by, CancellationToken.None, AuditOutcome.Failed);
            }
            catch (Exception auditFailure) when (auditFailure is DbException or DbUpdateException)
            {
                // The database is what failed: the operator gets the original error below.
            }
            throw;
        }
        return new FileInfo(path).Length;
    }

    /// <summary>Restores <paramref name="file"/> into the configured database, which must be empty (no table).</summary>
    public async Task<Result<bool>> RestoreAsync(string file, CancellationToken ct)
    {
        var path = Path.GetFullPath(file);
        if (!File.Exists(path)) return Error.NotFound("restore.file_missing");
        if (await HasTablesAsync(ct)) return Error.Conflict("restore.target_not_empty");
        if (settings.Provider == DatabaseProvider.Sqlite)
        {
            if (!await SqliteRestoreAsync(path, ct)) return Error.Validation("restore.not_a_backup");
        }
        else
        {
            // One transaction: a dump that fails half-way leaves the target empty, not half restored.
            await RunPostgresToolAsync("pg_restore",
                ["--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction", "--dbname=" + Builder().Database, path], ct);
        }
        return true;
    }

    /// <summary>Appends the audit row of a restore to the restored database (after the caller has verified it).</summary>
    public Task AuditRestoreAsync(string by, CancellationToken ct) => AuditAsync(RestoreAction, by, ct);

    /// <summary>Row count and checksum of every table, ordered by name (<see cref="TableChecksums"/>).</summary>
    public async Task<IReadOnlyList<TableChecksum>> VerifyAsync(CancellationToken ct)
    {
        if (settings.Provider == DatabaseProvider.Sqlite)
        {
            await using var sqlite = new SqliteConnection(settings.ConnectionString);
            await sqlite.OpenAsync(ct);
            return await TableChecksums.OfSqliteAsync(sqlite, ct);
        }
        await using var postgres = new NpgsqlConnection(settings.ConnectionString);
        await postgres.OpenAsync(ct);
        return await TableChecksums.OfPostgresAsync(postgres, ct);
    }

    async Task AuditAsync(string action, string by, CancellationToken ct, AuditOutcome outcome = AuditOutcome.Success)
    {
        var builder = new DbContextOptionsBuilder<EqualCareDb>();
        if (settings.Provider == DatabaseProvider.Sqlite) builder.UseSqlite(settings.ConnectionString);
        else builder.UseNpgsql(settings.ConnectionString);
        await using var db = new EqualCareDb(builder.Options);
        db.AuditEntries.Add(new AuditEntry
        {
            At = clock.UtcNow(),
            UserName = by,
            Action = action,
            Entity = AuditEntity,
            Outcome = outcome,
            Detail = "operator command: db " + action,
        });
        await db.SaveChangesAsync(ct);
    }

    async Task<bool> HasTablesAsync(CancellationToken ct)
    {
        if (settings.Provider == DatabaseProvider.Sqlite)
        {
            var file = new SqliteConnectionStringBuilder(settings.ConnectionString).DataSource;
            if (!File.Exists(file)) return false;
            await using var sqlite = new SqliteConnection(settings.ConnectionString);
            await sqlite.OpenAsync(ct);
            return await sqlite.ExecuteScalarAsync<long>("SELECT count(*) FROM sqlite_schema") > 0;
        }
        await using var postgres = new NpgsqlConnection(settings.ConnectionString);
        await postgres.OpenAsync(ct);
        return await postgres.ExecuteScalarAsync<long>(
            """
            SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
              AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\_%'
            """) > 0;
    }

    /// <summary>
    /// Creates the empty backup file, readable and writable by the server's own account only: a backup holds every full
    /// ID number (PIPL art. 51, access control of personal information). False when the file exists: never overwritten.
    /// pg_dump and SQLite then write into it and keep its mode.
    /// </summary>
    static bool CreateOwnerOnly(string path)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        try
        {
            new FileStream(path, options).Dispose();
            return true;
        }
        catch (IOException) when (File.Exists(path))
        {
            return false;
        }
    }

    async Task SqliteBackupAsync(string path, CancellationToken ct)
    {
        // No pooling: the files are closed when the connections are, so the backup is complete and movable at once.
        await using var source = new SqliteConnection(Unpooled(settings.ConnectionString));
        await using var target = new SqliteConnection(Unpooled("Data Source=" + path));
        await source.OpenAsync(ct);
        await target.OpenAsync(ct);
        source.BackupDatabase(target);
        // One self-contained file: the copied header may say WAL; the backup should not need a -wal file beside it.
        await target.ExecuteAsync("PRAGMA journal_mode=DELETE");
    }

    async Task<bool> SqliteRestoreAsync(string path, CancellationToken ct)
    {
        await using var source = new SqliteConnection(Unpooled("Data Source=" + path + ";Mode=ReadOnly"));
        await source.OpenAsync(ct);
        try
        {
            // An EqualCare database records its migrations; anything else is not one of our backups.
            if (await source.ExecuteScalarAsync<long>("SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'schema_migrations'") == 0)
                return false;
        }
        catch (SqliteException)
        {
            return false; // not a database file at all
        }
        await using var target = new SqliteConnection(Unpooled(settings.ConnectionString));
        await target.OpenAsync(ct);
        source.BackupDatabase(target);
        return true;
    }

    static string Unpooled(string connectionString) =>
        new SqliteConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString;

    NpgsqlConnectionStringBuilder Builder() => new(settings.ConnectionString);

    /// <summary>
    /// Runs a PostgreSQL client program on the configured database. The connection goes through libpq's environment
    /// variables, so the password never appears on a command line (which every user of the server can read).
    /// </summary>
    async Task RunPostgresToolAsync(string tool, IReadOnlyList<string> arguments, CancellationToken ct)
    {
        var connection = Builder();
        var start = new ProcessStartInfo(FindPostgresTool(tool))
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        start.Environment["PGHOST"] = connection.Host;
        start.Environment["PGPORT"] = connection.Port.ToString(CultureInfo.InvariantCulture);
        start.Environment["PGDATABASE"] = connection.Database;
        if (connection.Username is { Length: > 0 } user) start.Environment["PGUSER"] = user;
        if (connection.Password is { Length: > 0 } password) start.Environment["PGPASSWORD"] = password;
        if (SslMode(connection.SslMode) is { } sslMode) start.Environment["PGSSLMODE"] = sslMode;
        Process? started;
        try
        {
            started = Process.Start(start);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new BackupToolException($"{start.FileName} did not start: {e.Message} (EqualCare:Backup:PostgresBin names the folder of PostgreSQL's client programs)");
        }
        using var process = started ?? throw new BackupToolException($"{tool} did not start");
        var errors = process.StandardError.ReadToEndAsync(ct);
        var output = process.StandardOutput.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        await output;
        if (process.ExitCode != 0)
            throw new BackupToolException($"{tool} failed with exit code {process.ExitCode}: {(await errors).Trim()}");
    }

    static string? SslMode(Npgsql.SslMode mode) => mode switch
    {
        Npgsql.SslMode.Disable => "disable",
        Npgsql.SslMode.Allow => "allow",
        Npgsql.SslMode.Require => "require",
        Npgsql.SslMode.VerifyCA => "verify-ca",
        Npgsql.SslMode.VerifyFull => "verify-full",
        _ => null, // prefer: libpq's own default
    };

    /// <summary>The configured folder, else the newest Debian /usr/lib/postgresql/N/bin holding the tool, else the PATH.</summary>
    string FindPostgresTool(string tool)
    {
        if (options.Value.PostgresBin is { Length: > 0 } folder) return Path.Combine(folder, tool);
        const string debian = "/usr/lib/postgresql";
        if (Directory.Exists(debian))
        {
            var newest = Directory.GetDirectories(debian)
                .Select(d => (Path: Path.Combine(d, "bin", tool), Version: int.TryParse(Path.GetFileName(d), CultureInfo.InvariantCulture, out var v) ? v : -1))
                .Where(c => c.Version >= 0 && File.Exists(c.Path))
                .OrderByDescending(c => c.Version)
                .FirstOrDefault();
            if (newest.Path is not null) return newest.Path;
        }
        return tool;
    }
}

/// <summary>pg_dump or pg_restore failed; the message is the program's own (it names neither password nor data).</summary>
public sealed class BackupToolException(string message) : Exception(message);
