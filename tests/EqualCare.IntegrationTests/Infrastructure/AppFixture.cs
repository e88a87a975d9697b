using EqualCare.TestSupport;
using EqualCare.Web.Data;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;

namespace EqualCare.IntegrationTests.Infrastructure;

/// <summary>
/// The real app on a real database of one provider: SQLite in a temporary file, or a fresh database on the throwaway
/// PostgreSQL server that test.sh starts (EQUALCARE_TEST_POSTGRES). Demo accounts, no generated persons: each test
/// makes the persons it needs, so tests never depend on each other's data. The app's clock is <see cref="Clock"/>, pinned
/// to <see cref="TestClock.MidQuarter"/>, so no test depends on the day it runs.
/// </summary>
public abstract class AppFixture : WebApplicationFactory<Program>, IAsyncLifetime
{
    readonly string folder = Directory.CreateTempSubdirectory("equalcare-it-").FullName;
    string? postgresDatabase;

    public abstract DatabaseProvider Provider { get; }

    public string ConnectionString { get; private set; } = "";

    /// <summary>The app's TimeProvider.</summary>
    public TestClock Clock { get; } = new(TestClock.MidQuarter);

    public async Task InitializeAsync()
    {
        if (Provider == DatabaseProvider.Postgres)
        {
            postgresDatabase = "eqc_it_" + Guid.NewGuid().ToString("N")[..12];
            await using var admin = new NpgsqlConnection(PostgresServer.ConnectionString);
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {postgresDatabase}", admin);
            await create.ExecuteNonQueryAsync();
            ConnectionString = new NpgsqlConnectionStringBuilder(PostgresServer.ConnectionString) { Database = postgresDatabase }.ConnectionString;
        }
        else
        {
            ConnectionString = $"Data Source={Path.Combine(folder, "equalcare.db")}";
        }
        _ = Server; // start the app: migrations, org units, demo accounts
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("Database:Provider", Provider.ToString());
        builder.UseSetting(Provider == DatabaseProvider.Sqlite ? "ConnectionStrings:Sqlite" : "ConnectionStrings:Postgres", ConnectionString);
        builder.UseSetting("EqualCare:Demo", "true");
        builder.UseSetting("EqualCare:DemoPersons", "0");
        builder.UseSetting("EqualCare:Sms:DailyRun", "false"); // tests run the reminders themselves, at the dates they choose
        builder.UseSetting("EqualCare:Worklist:KeepDaily", "false"); // tests read their lists at the dates they choose
        builder.UseSetting("EqualCare:Indicators:KeepFigures", "false"); // tests keep the figures themselves, at the dates they choose
        builder.UseSetting("EqualCare:KeysFolder", Path.Combine(folder, "keys"));
        builder.ConfigureServices(s => s.AddSingleton<IStartupFilter, ClientAddress>());
        builder.ConfigureTestServices(s =>
        {
            s.RemoveAll<TimeProvider>();
            s.AddSingleton<TimeProvider>(Clock);
        });
    }

    public AsyncServiceScope Scope() => Services.CreateAsyncScope();

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        if (postgresDatabase is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var admin = new NpgsqlConnection(PostgresServer.ConnectionString);
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {postgresDatabase} WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
        }
        Directory.Delete(folder, recursive: true);
    }
}

public sealed class SqliteApp : AppFixture
{
    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class PostgresApp : AppFixture
{
    public override DatabaseProvider Provider => DatabaseProvider.Postgres;
}

[CollectionDefinition(Name)]
public sealed class OnSqlite : ICollectionFixture<SqliteApp>
{
    public const string Name = "sqlite";
}

[CollectionDefinition(Name)]
public sealed class OnPostgres : ICollectionFixture<PostgresApp>
{
    public const string Name = "postgres";
}

public static class PostgresServer
{
    public const string Variable = "EQUALCARE_TEST_POSTGRES";

    /// <summary>The server test.sh started. Missing means the tests were not started by test.sh: that fails, it never skips.</summary>
    public static string ConnectionString =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"{Variable} is not set: run the tests with ./test.sh, which starts PostgreSQL.");
}
