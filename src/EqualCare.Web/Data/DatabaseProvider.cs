namespace EqualCare.Web.Data;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

/// <summary>Which database, from <c>Database__Provider</c> and <c>ConnectionStrings__Sqlite|Postgres</c>.</summary>
public sealed record DatabaseSettings(DatabaseProvider Provider, string ConnectionString)
{
    public const string DefaultSqlite = "Data Source=data/equalcare.db";

    public static DatabaseSettings From(IConfiguration configuration)
    {
        var providerText = configuration["Database:Provider"] ?? nameof(DatabaseProvider.Sqlite);
        if (!Enum.TryParse<DatabaseProvider>(providerText, ignoreCase: true, out var provider))
            throw new InvalidOperationException($"Database:Provider must be Sqlite or Postgres, not '{providerText}'.");
        var connection = provider == DatabaseProvider.Sqlite
            ? configuration.GetConnectionString("Sqlite") ?? DefaultSqlite
            : Prepared(configuration.GetConnectionString("Postgres")
              ?? throw new InvalidOperationException("ConnectionStrings:Postgres is required when Database:Provider is Postgres."));
        return new DatabaseSettings(provider, connection);
    }

    /// <summary>The statements the app sends over and over, prepared once per connection.</summary>
    /// <remarks>
    /// Npgsql plans nothing ahead unless told to, so PostgreSQL planned each of the to-do list page's statements on every
    /// request: 2.0 ms of planning against 2.1 ms of execution per page (pg_stat_statements with track_planning, 32
    /// connections; the items' statement alone 0.96 ms planned, 1.6 ms run). With automatic preparation a statement used
    /// 5 times on a connection is prepared there and planned again only when PostgreSQL decides to. A connection string
    /// that sets "Max Auto Prepare" itself (0 turns it off) is left as it is.
    /// </remarks>
    public static string Prepared(string connectionString)
    {
        if (connectionString.Contains("Max Auto Prepare", StringComparison.OrdinalIgnoreCase)) return connectionString;
        return new Npgsql.NpgsqlConnectionStringBuilder(connectionString) { MaxAutoPrepare = 64 }.ConnectionString;
    }
}
