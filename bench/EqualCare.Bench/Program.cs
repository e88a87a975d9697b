using EqualCare.Bench;

// Benchmark commands; each measures against a baseline in the same run and prints the ratio (docs/design.md §Performance).
// The database is chosen like the app's: Database__Provider, ConnectionStrings__Postgres|Sqlite.
const string Usage = """
    usage: dotnet run --project bench/EqualCare.Bench -c Release -- <command>
      generate --persons N [--seed S]        demo-data generation vs the database's own bulk loader
      lookup [--persons N] [--lookups M]     person lookup by ID number on PostgreSQL (ConnectionStrings__Postgres)
      worklist [--community CODE] [--district CODE] [--runs 50] [--district-runs 5]
                                             to-do list of a community and a district vs a plain read, PostgreSQL
      import --rows N                        CSV import vs psql \copy (PostgreSQL) or a bare prepared-insert loop (SQLite)
      indicators [--runs N] [--unit CODE]    the full indicator table of a unit vs count(*) GROUP BY community_code
      search [--community CODE] [--runs 200] [--seed 13]
                                             each kind of the persons search box vs an exact-ID lookup, a community and its street
      http [--seconds 20] [--warmup 5] [--connections 32] [--user erqi] [--community CODE] [--district CODE] [--unit CODE] [--routes healthz,community,district,person,lookup,indicators]
                                             the built app on a free port under 32 connections: to-do lists, person, ID lookup,
                                             indicators vs /healthz (requests/s, p50/p95/p99)
      compare [--persons 1000000] [--rows 200000] [--database eqc_bench_compare]
                                             an agency list compared with the register through the app's upload path vs one
                                             SQL hash join of the same list against persons on the ID number (PostgreSQL)
      write [--community CODE] [--writes 500] [--warmup 50] [--profile]
                                             one service record at a time through the app's write path (kept to-do items
                                             updated) vs a bare INSERT of the same row (p50/p95/p99, writes/s)
      exchange [--messages 10000] [--cases N/10] [--parallelism 16] [--dll PATH]
                                             two installations (two app processes, SQLite) deliver N 回执 end to end
                                             (msg/s, p50/p95 written → applied) vs N bare POSTs of the same size
    """;

switch (args)
{
    case ["import", ..]:
        return await ImportBench.RunAsync(args[1..]);
    case ["worklist", ..]:
        return await WorklistBench.RunAsync(args[1..]);
    case ["indicators", ..]:
        return await IndicatorBench.RunAsync(args[1..]);
    case ["search", ..]:
        return await SearchBench.RunAsync(args[1..]);
    case ["http", ..]:
        return await HttpBench.RunAsync(args[1..]);
    case ["write", ..]:
        return await WriteBench.RunAsync(args[1..]);
    case ["compare", ..]:
        return await CompareBench.RunAsync(args[1..]);
    case ["exchange", ..]:
        return await ExchangeBench.RunAsync(args[1..]);
    case ["lookup", ..]:
        return await LookupBench.RunAsync(args[1..]);
    case ["generate", ..]:
        var options = BenchOptions.Parse(args[1..]);
        if (options.Persons < 1) break;
        await using (var host = BenchHost.Build(options.ConfigurationArgs))
            return await GenerateBench.RunAsync(host, options.Persons, options.Seed, CancellationToken.None);
}
Console.Error.WriteLine(Usage);
return 2;
