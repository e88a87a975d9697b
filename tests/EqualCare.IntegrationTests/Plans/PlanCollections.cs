using EqualCare.IntegrationTests.Infrastructure;

namespace EqualCare.IntegrationTests.Plans;

// The plan tests add seed 004's communities of 2012 to the org units: their own databases keep the other tests' view
// of the division data as it is.
[CollectionDefinition(Name)]
public sealed class PlansOnSqlite : ICollectionFixture<SqliteApp>
{
    public const string Name = "plans-sqlite";
}

[CollectionDefinition(Name)]
public sealed class PlansOnPostgres : ICollectionFixture<PostgresApp>
{
    public const string Name = "plans-postgres";
}
