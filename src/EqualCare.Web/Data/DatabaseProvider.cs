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
            : configuration.GetConnectionString("Postgres")
              ?? throw new InvalidOperationException("ConnectionStrings:Postgres is required when Database:Provider is Postgres.");
        return new DatabaseSettings(provider, connection);
    }
}
