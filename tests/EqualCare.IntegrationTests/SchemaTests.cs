using System.Data.Common;
using Dapper;
using EqualCare.IntegrationTests.Infrastructure;
using EqualCare.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace EqualCare.IntegrationTests;

/// <summary>The SQL migration scripts and the EF model describe the same schema, on each provider.</summary>
public abstract class SchemaTests(AppFixture app)
{
    [Fact]
    public async Task Every_table_and_column_of_the_EF_model_exists_in_the_migrated_database_with_the_same_nullability()
    {
        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<EqualCareDb>();
        var connections = scope.ServiceProvider.GetRequiredService<DbConnectionFactory>();
        await using var connection = await connections.OpenAsync();
        var problems = new List<string>();
        foreach (var entity in db.Model.GetEntityTypes())
        {
            var table = entity.GetTableName()!;
            var columns = await ColumnsAsync(connection, app.Provider, table);
            if (columns.Count == 0)
            {
                problems.Add($"table {table} missing");
                continue;
            }
            foreach (var property in entity.GetProperties())
            {
                var column = property.GetColumnName();
                if (!columns.TryGetValue(column, out var nullable)) problems.Add($"{table}.{column} missing");
                else if (nullable != property.IsColumnNullable()) problems.Add($"{table}.{column} nullable={nullable}, model says {property.IsColumnNullable()}");
            }
            var modelColumns = entity.GetProperties().Select(p => p.GetColumnName()).ToHashSet();
            problems.AddRange(columns.Keys.Where(c => !modelColumns.Contains(c)).Select(c => $"{table}.{c} not in the model"));
        }
        Assert.Empty(problems);
    }

    [Fact]
    public async Task Migrating_again_applies_nothing_and_records_each_script_once()
    {
        await using var scope = app.Scope();
        var runner = scope.ServiceProvider.GetRequiredService<MigrationRunner>();
        Assert.Empty(await runner.MigrateAsync());
        var connections = scope.ServiceProvider.GetRequiredService<DbConnectionFactory>();
        await using var connection = await connections.OpenAsync();
        var versions = (await connection.QueryAsync<string>("SELECT version FROM schema_migrations ORDER BY version")).ToList();
        Assert.Equal(MigrationRunner.Scripts(app.Provider).Select(s => s.Version), versions);
    }

    [Fact]
    public async Task The_database_refuses_to_update_or_delete_audit_rows()
    {
        await using var scope = app.Scope();
        var connections = scope.ServiceProvider.GetRequiredService<DbConnectionFactory>();
        await using var connection = await connections.OpenAsync();
        await connection.ExecuteAsync(
            "INSERT INTO audit_entries (at, user_name, action, entity, outcome) VALUES (@at, 'test', 'view', 'person', 1)",
            new { at = DateTime.SpecifyKind(new DateTime(2026, 1, 1), DateTimeKind.Utc) });
        var before = await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM audit_entries");

        await Assert.ThrowsAnyAsync<DbException>(() => connection.ExecuteAsync("UPDATE audit_entries SET user_name = 'x'"));
        await Assert.ThrowsAnyAsync<DbException>(() => connection.ExecuteAsync("DELETE FROM audit_entries"));

        Assert.Equal(before, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM audit_entries"));
    }

    static async Task<Dictionary<string, bool>> ColumnsAsync(DbConnection connection, DatabaseProvider provider, string table)
    {
        if (provider == DatabaseProvider.Postgres)
        {
            var rows = await connection.QueryAsync<(string Name, string Nullable)>(
                "SELECT column_name, is_nullable FROM information_schema.columns WHERE table_schema = 'public' AND table_name = @table",
                new { table });
            return rows.ToDictionary(r => r.Name, r => r.Nullable == "YES");
        }
        var info = await connection.QueryAsync<(long Cid, string Name, string Type, long NotNull, string? Default, long Pk)>(
            $"SELECT cid, name, type, \"notnull\", dflt_value, pk FROM pragma_table_info('{table}')");
        return info.ToDictionary(r => r.Name, r => r.NotNull == 0 && r.Pk == 0);
    }
}

[Collection(OnSqlite.Name)]
public sealed class SchemaTestsOnSqlite(SqliteApp app) : SchemaTests(app);

[Collection(OnPostgres.Name)]
public sealed class SchemaTestsOnPostgres(PostgresApp app) : SchemaTests(app);
