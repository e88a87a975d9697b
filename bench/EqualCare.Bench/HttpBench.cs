using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace EqualCare.Bench;

/// <summary>
/// `http [--seconds 20] [--warmup 5] [--settle 90] [--connections 32] [--user erqi] [--community CODE] [--district CODE] [--unit CODE]
/// [--token T] [--dll PATH] [--routes healthz,community,…]`: the real app under load through HTTP (issue 15, point 4). The bench starts the built
/// EqualCare.Web dll in the Production environment on a free port of 127.0.0.1, on the database configured as for the app
/// (Database__Provider, ConnectionStrings__…, passed on through the environment), takes a bearer token from the app's own
/// `tokens create` command for --user, drives all the chosen routes in turn for --settle seconds (a warm server: the
/// runtime's optimising JIT settles in that time), then drives each route in turn with --connections concurrent connections for
/// --seconds after --warmup seconds not counted: /healthz (the baseline: the app's cheapest route that still reads the
/// database), the to-do list first page of a community and of a district, a person record, the ID lookup and the
/// indicator table. It prints requests/s and p50/p95/p99 per route and each route's requests/s as a ratio of /healthz's,
/// then stops the app. The bearer token (rather than the sign-in cookie) is used because it is how a client drives the
/// API, and it reaches the same handlers; the person "page" is therefore the person's API record, <c>/api/persons/{id}</c>.
/// </summary>
static class HttpBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = Options.Parse(args);
        var root = RepositoryRoot();
        var dll = options.Dll ?? Path.Combine(root, "src", "EqualCare.Web", "bin", "Release", "net10.0", "EqualCare.Web.dll");
        if (!File.Exists(dll))
        {
            Console.Error.WriteLine($"No app build at {dll}: run `dotnet build src/EqualCare.Web -c Release` first, or pass --dll.");
            return 2;
        }
        // The app reads its Resources and wwwroot from the content root, its project folder, as `dotnet run` would.
        var contentRoot = Path.Combine(root, "src", "EqualCare.Web");
        if (!Directory.Exists(contentRoot)) contentRoot = Path.GetDirectoryName(Path.GetFullPath(dll))!;

        var port = FreePort();
        var baseAddress = new Uri($"http://127.0.0.1:{port}");
        using var app = Start(dll, contentRoot, ["--urls", baseAddress.ToString().TrimEnd('/')]);
        try
        {
            if (!await WaitHealthyAsync(app, baseAddress)) return 1;
            // Read once the app has started: in demo mode its start creates the demo users on a database made by `generate`.
            var targets = await PickTargetsAsync(options);
            if (targets is null) return 2;
            GenerateBench.Line("persons in database", targets.Total.ToString("N0", CultureInfo.InvariantCulture));
            GenerateBench.Line("community", $"{targets.Community} ({targets.CommunityPersons:N0} persons)");
            GenerateBench.Line("district", targets.District);
            var token = options.Token ?? await CreateTokenAsync(dll, contentRoot, options.User);
            if (token is null) return 1;

            using var client = new HttpClient(new SocketsHttpHandler
            {
                MaxConnectionsPerServer = options.Connections,
                // Accept compressed responses as a browser does; the app compresses what it can.
                AutomaticDecompression = DecompressionMethods.All,
                PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            }) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(120) };
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

            var persons = targets.Persons;
            var all = new (string Key, string Name, Func<long, string> Path)[]
            {
                ("healthz", "/healthz (baseline)", _ => "/healthz"),
                ("community", "community to-do list, page 1", _ => $"/api/worklist/persons?org={targets.Community}"),
                ("district", "district to-do list, page 1", _ => $"/api/worklist/persons?org={targets.District}"),
                ("person", "person record", i => $"/api/persons/{persons[(int)(i % persons.Count)].Id}"),
                ("lookup", "ID lookup", i => $"/api/persons?idNumber={persons[(int)(i % persons.Count)].IdNumber}"),
                ("indicators", "indicator table", _ => options.Unit is null ? "/api/indicators" : $"/api/indicators?unit={options.Unit}"),
            };
            // --routes healthz,community,… runs only those (in this order); the ratio column is against /healthz when it runs.
            var unknown = options.Routes?.Where(r => all.All(a => a.Key != r)).ToList() ?? [];
            if (unknown.Count > 0)
            {
                Console.Error.WriteLine("unknown route(s): " + string.Join(", ", unknown) + "; known: " + string.Join(",", all.Select(a => a.Key)));
                return 2;
            }
            var routes = all.Where(a => options.Routes is null || options.Routes.Contains(a.Key)).ToList();
            // Steady state first: for about a minute after the start the runtime is still compiling the hot code again,
            // optimised (tiered JIT), and under 32 connections on two cores that compiling takes most of a core (measured:
            // the app's JIT time 5–8 s per 10 s for the first 60–70 s of load, then none). Every route chosen is driven,
            // in turn per request, for --settle seconds before any is timed, so each figure is that of a warm server.
            if (options.Settle > 0)
            {
                var settleWatch = Stopwatch.StartNew();
                var cpuAtStart = app.TotalProcessorTime;
                var settle = await DriveAsync(client, i => routes[(int)(i % routes.Count)].Path(i / routes.Count), options.Connections,
                    TimeSpan.FromSeconds(options.Settle));
                GenerateBench.Line("settled", string.Create(CultureInfo.InvariantCulture,
                    $"{settle.Latencies.Count:N0} requests of the routes in turn in {settleWatch.Elapsed.TotalSeconds:F0} s (app CPU {(app.TotalProcessorTime - cpuAtStart).TotalSeconds:F0} s)"));
            }
            Console.WriteLine();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{options.Connections} connections, {options.Seconds} s per route after {options.Warmup} s of warm-up, user {options.User}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{"route",-32} {"requests",9} {"req/s",9} {"p50 ms",9} {"p95 ms",9} {"p99 ms",9} {"errors",7} {"× healthz",10} {"app CPU ms/req",15}"));
            double? baseline = null;
            foreach (var (key, name, path) in routes)
            {
                await DriveAsync(client, path, options.Connections, TimeSpan.FromSeconds(options.Warmup));
                // The app's own CPU per answered request: unlike requests/s it hardly moves with what else shares the cores, so
                // it is the figure to compare between code versions on a busy machine (the ratio to /healthz is the issue's).
                var cpuBefore = app.TotalProcessorTime;
                var run = await DriveAsync(client, path, options.Connections, TimeSpan.FromSeconds(options.Seconds));
                var cpuPerRequest = (app.TotalProcessorTime - cpuBefore).TotalMilliseconds / Math.Max(1, run.Latencies.Count + run.Errors);
                if (key == "healthz") baseline ??= run.PerSecond;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{name,-32} {run.Latencies.Count,9} {run.PerSecond,9:F1} {Percentile(run.Latencies, 0.50),9:F1} {Percentile(run.Latencies, 0.95),9:F1} {Percentile(run.Latencies, 0.99),9:F1} {run.Errors,7} {run.PerSecond / baseline,10:F3} {cpuPerRequest,15:F2}"));
                if (run.FirstError is not null) Console.WriteLine("  first error: " + run.FirstError);
            }
            return 0;
        }
        finally
        {
            if (!app.HasExited) app.Kill(entireProcessTree: true);
            await app.WaitForExitAsync();
        }
    }

    sealed record Run(List<double> Latencies, double PerSecond, int Errors, string? FirstError);

    /// <summary>
    /// <paramref name="connections"/> loops, each sending its next request when the previous one is read in full, until
    /// <paramref name="duration"/> is over (closed loop, as wrk). A non-2xx answer counts as an error, not as a request.
    /// </summary>
    static async Task<Run> DriveAsync(HttpClient client, Func<long, string> path, int connections, TimeSpan duration)
    {
        long sequence = 0;
        var errors = 0;
        string? firstError = null;
        var watch = Stopwatch.StartNew();
        var loops = Enumerable.Range(0, connections).Select(_ => Task.Run(async () =>
        {
            var latencies = new List<double>();
            while (watch.Elapsed < duration)
            {
                var started = Stopwatch.GetTimestamp();
                try
                {
                    using var response = await client.GetAsync(path(Interlocked.Increment(ref sequence)), HttpCompletionOption.ResponseContentRead);
                    if (response.IsSuccessStatusCode) latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    else
                    {
                        Interlocked.Increment(ref errors);
                        Interlocked.CompareExchange(ref firstError, $"{(int)response.StatusCode} {response.RequestMessage?.RequestUri}", null);
                    }
                }
                catch (HttpRequestException e)
                {
                    Interlocked.Increment(ref errors);
                    Interlocked.CompareExchange(ref firstError, e.Message, null);
                }
            }
            return latencies;
        })).ToList();
        var all = (await Task.WhenAll(loops)).SelectMany(l => l).Order().ToList();
        var elapsed = watch.Elapsed.TotalSeconds;
        return new Run(all, all.Count / elapsed, errors, firstError);
    }

    static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

    sealed record Targets(long Total, string Community, int CommunityPersons, string District, List<(long Id, string IdNumber)> Persons);

    /// <summary>
    /// From the database: the community (--community, else the one of median size, as `worklist`
    /// takes) within the scope of --user, its district, and up to 500 of its persons with their ID numbers for the person and lookup routes.
    /// </summary>
    static async Task<Targets?> PickTargetsAsync(Options options)
    {
        await using var host = BenchHost.Build(options.ConfigurationArgs);
        await using var scope = host.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<EqualCareDb>();
        var total = await db.Persons.LongCountAsync();
        // The routes answer within the user's scope only (a person outside it is a 404), so the targets are taken inside it.
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.UserName == options.User);
        if (user is null)
        {
            Console.Error.WriteLine($"No user {options.User}: start the app once in demo mode (EqualCare__Demo=true) for the demo users, or pass --user.");
            return null;
        }
        var sizes = await db.Persons.WithinOrg(p => p.CommunityCode, OrgCode.Parse(user.OrgCode))
            .GroupBy(p => p.CommunityCode).Select(g => new { Code = g.Key, Count = g.Count() }).ToListAsync();
        if (sizes.Count == 0)
        {
            Console.Error.WriteLine($"No persons in the scope of {options.User} ({user.OrgCode}): run the app's `demo generate --persons N` (or `generate`) first.");
            return null;
        }
        var community = options.Community is { } chosen
            ? sizes.FirstOrDefault(s => s.Code == OrgCode.Parse(chosen).Value) ?? new { Code = OrgCode.Parse(chosen).Value, Count = 0 }
            : sizes.OrderBy(s => s.Count).ThenBy(s => s.Code, StringComparer.Ordinal).ElementAt(sizes.Count / 2);
        var district = options.District ?? community.Code[..6];
        var persons = await db.Persons.Where(p => p.CommunityCode == community.Code).OrderBy(p => p.Id).Take(500)
            .Select(p => new { p.Id, p.IdNumber }).ToListAsync();
        if (persons.Count == 0)
        {
            Console.Error.WriteLine($"No persons in community {community.Code}.");
            return null;
        }
        return new Targets(total, community.Code, community.Count, district, persons.Select(p => (p.Id, p.IdNumber)).ToList());
    }

    static Process Start(string dll, string contentRoot, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = contentRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.GetFullPath(dll));
        foreach (var a in arguments) start.ArgumentList.Add(a);
        // The environment the app runs in for its users (DESIGN: Production); the database settings come through as they are.
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        // No SMS run during a measurement unless the operator configured one explicitly.
        if (Environment.GetEnvironmentVariable("EqualCare__Sms__DailyRun") is null) start.Environment["EqualCare__Sms__DailyRun"] = "false";
        // The indicator figures kept ahead of users are computed at the app's start (FiguresKeepingService): at 1,000,000
        // persons about 80 s of one core, which would fall inside the timed routes. Off unless asked for; the table read
        // by the bench is then the kept one if a keeping ran before, or computed once by its first request.
        if (Environment.GetEnvironmentVariable("EqualCare__Indicators__KeepFigures") is null) start.Environment["EqualCare__Indicators__KeepFigures"] = "false";
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        // Drained so a chatty log never blocks the app on a full pipe; kept out of the bench's own output.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) LastErrors.Enqueue(e.Data); while (LastErrors.Count > 20) LastErrors.TryDequeue(out string? _); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    static readonly System.Collections.Concurrent.ConcurrentQueue<string> LastErrors = new();

    static async Task<bool> WaitHealthyAsync(Process app, Uri baseAddress)
    {
        using var probe = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < TimeSpan.FromMinutes(3))
        {
            if (app.HasExited) break;
            try
            {
                using var response = await probe.GetAsync("/healthz");
                if (response.IsSuccessStatusCode)
                {
                    GenerateBench.Line("app started", string.Create(CultureInfo.InvariantCulture, $"{baseAddress} in {watch.Elapsed.TotalSeconds:F1} s"));
                    return true;
                }
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(250);
        }
        Console.Error.WriteLine("The app did not answer /healthz; its last error lines:");
        foreach (var line in LastErrors) Console.Error.WriteLine("  " + line);
        return false;
    }

    /// <summary>The app's own `tokens create` (same database, same environment); its first output line is the token.</summary>
    static async Task<string?> CreateTokenAsync(string dll, string contentRoot, string user)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = contentRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { Path.GetFullPath(dll), "tokens", "create", "--user", user, "--name", "http-bench" }) start.ArgumentList.Add(a);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var lines = (await output).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (process.ExitCode == 0 && lines.Length > 0) return lines[^1];
        Console.Error.WriteLine($"tokens create --user {user} failed: {string.Join(" / ", lines)} {await errors}");
        return null;
    }

    static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "EqualCare.slnx"))) return dir.FullName;
        return Directory.GetCurrentDirectory();
    }

    sealed record Options(int Seconds, int Warmup, int Settle, int Connections, string User, string? Community, string? District, string? Unit,
        string? Token, string? Dll, string[]? Routes, string[] ConfigurationArgs)
    {
        public static Options Parse(string[] args)
        {
            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            var rest = new List<string>();
            string[] known = ["--seconds", "--warmup", "--settle", "--connections", "--user", "--community", "--district", "--unit", "--token", "--dll", "--routes"];
            for (var i = 0; i < args.Length; i++)
            {
                if (known.Contains(args[i]) && i + 1 < args.Length) values[args[i]] = args[++i];
                else rest.Add(args[i]);
            }
            int Number(string key, int fallback) => values.TryGetValue(key, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
            return new Options(Number("--seconds", 20), Number("--warmup", 5), Number("--settle", 90), Number("--connections", 32),
                values.GetValueOrDefault("--user", "erqi"), values.GetValueOrDefault("--community"), values.GetValueOrDefault("--district"),
                values.GetValueOrDefault("--unit"), values.GetValueOrDefault("--token"), values.GetValueOrDefault("--dll"),
                values.TryGetValue("--routes", out var r) ? r.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : null,
                rest.ToArray());
        }
    }
}
