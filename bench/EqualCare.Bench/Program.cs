if (args is ["import", ..]) return await EqualCare.Bench.ImportBench.RunAsync(args[1..]);
Console.WriteLine("usage: dotnet run --project bench/EqualCare.Bench -c Release -- <command>");
return 2;
