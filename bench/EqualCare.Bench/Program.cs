using EqualCare.Bench;

// Benchmark commands; each measures against a baseline in the same run and prints the ratio (DESIGN, Performance).
// The database is chosen like the app's: Database__Provider, ConnectionStrings__Postgres|Sqlite.
const string Usage = "usage: dotnet run --project bench/EqualCare.Bench -c Release -- generate --persons N [--seed S]";

if (args is not ["generate", ..])
{
    Console.Error.WriteLine(Usage);
    return 2;
}
var options = BenchOptions.Parse(args[1..]);
if (options.Persons < 1)
{
    Console.Error.WriteLine(Usage);
    return 2;
}
await using var host = BenchHost.Build(options.ConfigurationArgs);
return await GenerateBench.RunAsync(host, options.Persons, options.Seed, CancellationToken.None);
