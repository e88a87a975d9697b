using EqualCare.Bench;

return args.FirstOrDefault() switch
{
    "lookup" => await LookupBench.RunAsync(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.WriteLine("usage: dotnet run --project bench/EqualCare.Bench -c Release -- <command>");
    Console.WriteLine("  lookup [--persons N] [--lookups M]   person lookup by ID number on PostgreSQL (EQUALCARE_BENCH_POSTGRES)");
    return 1;
}
