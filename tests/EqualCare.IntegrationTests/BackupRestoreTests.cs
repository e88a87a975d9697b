using Dapper;
using EqualCare.IntegrationTests.Infrastructure;
using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using EqualCare.Web.Features.Backup;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;

namespace EqualCare.IntegrationTests;

/// <summary>
/// Backup and restore (issue 14, point 17 and acceptance 3): a database with persons and audit rows is backed up with
/// `db backup`, restored with `db restore` into an empty database, and every table compares equal in row count and
/// checksum; the audit log is kept at least six months (网络安全法 art. 21).
/// </summary>
public abstract class BackupRestoreTests(AppFixture app)
{
    static async Task<(int Exit, string[] Lines)> RunAsync(DatabaseBackup database, params string[] args)
    {
        var output = new StringWriter();
        var command = BackupCommand.Find(args) ?? throw new InvalidOperationException("not a backup command: " + string.Join(' ', args));
        var exit = await command.RunAsync(database, output, CancellationToken.None);
        return (exit, output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    DatabaseBackup Source => app.Services.GetRequiredService<DatabaseBackup>();

    /// <summary>An empty database of the fixture's provider, dropped when disposed.</summary>
    sealed class EmptyDatabase : IAsyncDisposable
    {
        readonly string? postgresName;
        readonly string folder = Directory.CreateTempSubdirectory("equalcare-restore-").FullName;

        public EmptyDatabase(AppFixture app)
        {
            if (app.Provider == DatabaseProvider.Postgres)
            {
                postgresName = "eqc_restore_" + Guid.NewGuid().ToString("N")[..12];
                using var admin = new NpgsqlConnection(PostgresServer.ConnectionString);
                admin.Open();
                admin.Execute($"CREATE DATABASE {postgresName}");
                ConnectionString = new NpgsqlConnectionStringBuilder(PostgresServer.ConnectionString) { Database = postgresName }.ConnectionString;
            }
            else
            {
                ConnectionString = $"Data Source={Path.Combine(folder, "restored.db")}";
            }
            Backup = new DatabaseBackup(new DatabaseSettings(app.Provider, ConnectionString), Options.Create(new BackupOptions()), app.Clock);
        }

        public string ConnectionString { get; }

        public DatabaseBackup Backup { get; }

        public string File(string name) => Path.Combine(folder, name);

        public async ValueTask DisposeAsync()
        {
            if (postgresName is not null)
            {
                NpgsqlConnection.ClearAllPools();
                await using var admin = new NpgsqlConnection(PostgresServer.ConnectionString);
                await admin.OpenAsync();
                await admin.ExecuteAsync($"DROP DATABASE IF EXISTS {postgresName} WITH (FORCE)");
            }
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    async Task<System.Data.Common.DbConnection> OpenAsync(string connectionString)
    {
        System.Data.Common.DbConnection connection = app.Provider == DatabaseProvider.Postgres
            ? new NpgsqlConnection(connectionString)
            : new SqliteConnection(connectionString);
        await connection.OpenAsync();
        return connection;
    }

    [Fact]
    public async Task A_backup_restored_into_an_empty_database_has_the_same_rows_and_checksums_in_every_table_audit_log_included()
    {
        // Data and audit rows: a person, a login, a view of the person (audited), her ID number revealed (audited).
        var person = await app.AddPersonAsync(TestData.Xianghe, "备份测试");
        var client = await app.SignedInAsync("xianghe");
        Assert.True((await client.GetAsync($"/Persons/{person.Id}")).IsSuccessStatusCode);
        Assert.True((await client.PostAsync($"/api/persons/{person.Id}/reveal", null)).IsSuccessStatusCode);
        await using var target = new EmptyDatabase(app);
        var file = target.File("equalcare.backup");

        var (backupExit, backupLines) = await RunAsync(Source, "db", "backup", "--to", file);
        Assert.True(backupExit == 0, string.Join('\n', backupLines));
        // It holds every full ID number: readable by the server's account only.
        if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        var (verifyExit, source) = await RunAsync(Source, "db", "verify");
        var (restoreExit, restored) = await RunAsync(target.Backup, "db", "restore", "--from", file);

        Assert.Equal(0, verifyExit);
        Assert.True(restoreExit == 0, string.Join('\n', restored));
        // Every table of the source, each with its count and checksum, is what the restore printed of the target.
        Assert.Equal(source, restored.Skip(1));
        var tables = source.Skip(1).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToDictionary(p => p[0], p => long.Parse(p[1], System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(tables.Count > 20, string.Join('\n', source));
        Assert.True(tables["persons"] >= 1);
        Assert.True(tables["audit_entries"] >= 4);
        Assert.Equal(tables.Keys.Order(StringComparer.Ordinal), (await target.Backup.VerifyAsync(CancellationToken.None)).Select(t => t.Table));

        await using var restoredDb = await OpenAsync(target.ConnectionString);
        Assert.Equal("备份测试", await restoredDb.ExecuteScalarAsync<string>("SELECT name FROM persons WHERE id = @id", new { id = person.Id }));
        var actions = (await restoredDb.QueryAsync<string>("SELECT action FROM audit_entries WHERE entity = 'database' ORDER BY id")).ToList();
        // The backup's own row travelled with it; the restore's row was added after what the restore printed.
        Assert.Equal("backup|restore", string.Join('|', actions.TakeLast(2)));
        Assert.Equal(tables["audit_entries"] + 1, await restoredDb.ExecuteScalarAsync<long>("SELECT count(*) FROM audit_entries"));
        // The restored audit log is still append-only: the triggers came back with it.
        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => restoredDb.ExecuteAsync("DELETE FROM audit_entries"));

        // The checksum is of the values, not only of the count: one changed name changes the persons line alone.
        await restoredDb.ExecuteAsync("UPDATE persons SET name = '备份测试改' WHERE id = @id", new { id = person.Id });
        var changed = (await target.Backup.VerifyAsync(CancellationToken.None)).ToDictionary(t => t.Table);
        var original = source.Skip(1).ToDictionary(l => l.Split(' ', 2)[0]);
        Assert.Equal(tables["persons"], changed["persons"].Rows);
        Assert.NotEqual(original["persons"], changed["persons"].ToString());
        Assert.Equal(original["org_units"], changed["org_units"].ToString());
    }

    [Fact]
    public async Task A_restore_into_a_database_that_has_tables_is_refused_and_changes_nothing()
    {
        await app.AddPersonAsync(TestData.Xianghe);
        await using var scratch = new EmptyDatabase(app);
        var file = scratch.File("equalcare.backup");
        Assert.Equal(0, (await RunAsync(Source, "db", "backup", "--to", file)).Exit);
        var before = await Source.VerifyAsync(CancellationToken.None);

        var (exit, lines) = await RunAsync(Source, "db", "restore", "--from", file);

        Assert.Equal(1, exit);
        Assert.Equal("error: restore.target_not_empty", Assert.Single(lines));
        Assert.Equal(before, await Source.VerifyAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_backup_never_overwrites_an_existing_file()
    {
        await using var scratch = new EmptyDatabase(app);
        var file = scratch.File("existing.backup");
        await File.WriteAllTextAsync(file, "kept");

        var (exit, lines) = await RunAsync(Source, "db", "backup", "--to", file);

        Assert.Equal(1, exit);
        Assert.Equal("error: backup.file_exists", Assert.Single(lines));
        Assert.Equal("kept", await File.ReadAllTextAsync(file));
    }

    [Fact]
    public async Task A_backup_into_a_folder_that_does_not_exist_is_refused()
    {
        await using var scratch = new EmptyDatabase(app);

        var (exit, lines) = await RunAsync(Source, "db", "backup", "--to", scratch.File(Path.Combine("missing", "equalcare.backup")));

        Assert.Equal(1, exit);
        Assert.Equal("error: backup.folder_missing", Assert.Single(lines));
    }

    [Fact]
    public async Task A_file_that_is_not_a_backup_is_refused_and_the_target_stays_empty()
    {
        await using var target = new EmptyDatabase(app);
        var file = target.File("not-a-backup");
        await File.WriteAllTextAsync(file, "这不是备份");

        var (exit, lines) = await RunAsync(target.Backup, "db", "restore", "--from", file);

        Assert.Equal(1, exit);
        Assert.StartsWith("error: ", Assert.Single(lines), StringComparison.Ordinal);
        Assert.Empty(await target.Backup.VerifyAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Audit_retention_below_six_months_stops_the_app_at_start_and_a_longer_one_is_kept()
    {
        await using (var shorter = app.WithWebHostBuilder(b => b.UseSetting("EqualCare:Audit:RetentionMonths", "5")))
        {
            var refused = Assert.ThrowsAny<Exception>(() => shorter.Server);
            Assert.Contains("RetentionMonths", refused.ToString(), StringComparison.Ordinal);
        }
        await using var longer = app.WithWebHostBuilder(b => b.UseSetting("EqualCare:Audit:RetentionMonths", "36"));
        Assert.Equal(36, longer.Services.GetRequiredService<IOptions<AuditRetentionOptions>>().Value.RetentionMonths);
        Assert.Equal(AuditRetentionOptions.MinimumMonths, app.Services.GetRequiredService<IOptions<AuditRetentionOptions>>().Value.RetentionMonths);
    }
}

[Collection(OnSqlite.Name)]
public sealed class BackupRestoreTestsOnSqlite(SqliteApp app) : BackupRestoreTests(app);

[Collection(OnPostgres.Name)]
public sealed class BackupRestoreTestsOnPostgres(PostgresApp app) : BackupRestoreTests(app)
{
    /// <summary>PostgreSQL only: SQLite's backup is in-process and needs no program.</summary>
    [Fact]
    public async Task A_failed_pg_dump_leaves_no_file_and_is_audited_as_failed()
    {
        var folder = Directory.CreateTempSubdirectory("equalcare-backup-").FullName;
        try
        {
            var settings = new DatabaseSettings(app.Provider, app.ConnectionString);
            var broken = new DatabaseBackup(settings, Options.Create(new BackupOptions { PostgresBin = Path.Combine(folder, "no-such-bin") }), app.Clock);
            var file = Path.Combine(folder, "equalcare.backup");
            var output = new StringWriter();

            var exit = await BackupCommand.Find(["db", "backup", "--to", file])!.RunAsync(broken, output, CancellationToken.None);

            Assert.Equal(1, exit);
            Assert.StartsWith("error: ", output.ToString(), StringComparison.Ordinal);
            Assert.False(File.Exists(file));
            await using var connection = new NpgsqlConnection(app.ConnectionString);
            var last = await connection.QuerySingleAsync<(string Action, short Outcome)>(
                "SELECT action, outcome FROM audit_entries WHERE entity = 'database' ORDER BY id DESC LIMIT 1");
            Assert.Equal(("backup", (short)AuditOutcome.Failed), last);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
