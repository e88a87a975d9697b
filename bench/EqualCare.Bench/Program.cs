Console.WriteLine("usage: dotnet run --project bench/EqualCare.Bench -c Release -- <command>");
