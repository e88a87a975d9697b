using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using EqualCare.Web.Domain.Exchange;
using EqualCare.Web.Features.Exchange;
using EqualCare.Web.Features.Exchange.Federation;
using EqualCare.Web.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EqualCare.Bench;

/// <summary>
/// `exchange [--messages 10000] [--cases 1000] [--parallelism 16] [--dll PATH]` (issue 16 acceptance 3): two installations
/// on this machine — two processes of the built app, 郑州 (prefix 4101) and 开封 (prefix 4102), each on its own SQLite
/// file and free port — and N 回执 written at 郑州 through the app's write path (ExchangeService: message row, outbox row
/// and audit in one transaction, from this process on 郑州's database) about `cases` women whose 户籍地 is 开封's. The
/// 郑州 process delivers them (signed, per-case order) and 开封 applies them (verified, idempotent inbox). Measured end to
/// end: written (created_at at 郑州) → applied (received_at in 开封's inbox); messages per second over the whole run and
/// p50/p95 latency. Baseline in the same run: N bare HTTP POSTs of the same body size to an empty endpoint, with the same
/// parallelism; the ratio is printed.
/// </summary>
static class ExchangeBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var o = Options.Parse(args);
        var root = RepositoryRoot();
        var dll = o.Dll ?? Path.Combine(root, "src", "EqualCare.Web", "bin", "Release", "net10.0", "EqualCare.Web.dll");
        if (!File.Exists(dll))
        {
            Console.Error.WriteLine($"No app build at {dll}: run `dotnet build src/EqualCare.Web -c Release` first, or pass --dll.");
            return 2;
        }
        var contentRoot = Path.Combine(root, "src", "EqualCare.Web");
        var folder = Directory.CreateTempSubdirectory("equalcare-exchange-bench-").FullName;
        var (zzKey, kfKey) = (ExchangeSignature.NewKeyPair(), ExchangeSignature.NewKeyPair());
        var (zzPort, kfPort) = (FreePort(), FreePort());
        var zzDb = $"Data Source={Path.Combine(folder, "zhengzhou.db")}";
        var kfDb = $"Data Source={Path.Combine(folder, "kaifeng.db")}";
        var zzSettings = Settings("zhengzhou", "4101", zzKey.PrivatePem, "kaifeng", "4102", kfPort, kfKey.PublicPem, zzDb, Path.Combine(folder, "zz-keys"), o.Parallelism);
        var kfSettings = Settings("kaifeng", "4102", kfKey.PrivatePem, "zhengzhou", "4101", zzPort, zzKey.PublicPem, kfDb, Path.Combine(folder, "kf-keys"), o.Parallelism);
        GenerateBench.Line("exchange bench", $"{o.Messages} messages about {o.Cases} cases, parallelism {o.Parallelism}, both SQLite, {Environment.ProcessorCount} cores");

        using var kaifeng = Start(dll, contentRoot, kfPort, kfSettings);
        using var zhengzhou = Start(dll, contentRoot, zzPort, zzSettings);
        try
        {
            if (!await WaitHealthyAsync(kaifeng, kfPort) || !await WaitHealthyAsync(zhengzhou, zzPort)) return 1;

            // This process writes at 郑州 through the app's own services, on 郑州's database.
            await using var host = BenchHost.Build([.. zzSettings.Select(kv => $"--{kv.Key.Replace("__", ":", StringComparison.Ordinal)}={kv.Value}")], s =>
            {
                s.AddHttpContextAccessor();
                s.AddScoped<AuditLog>();
                s.AddExchange();
                s.AddFederation();
            });
            var cases = await AddCasesAsync(host, o.Cases);
            var user = await WriterAsync(host);
            using var kfHost = BenchHost.Build([$"--Database:Provider=Sqlite", $"--ConnectionStrings:Sqlite={kfDb}"]);

            var write = Stopwatch.StartNew();
            for (var i = 0; i < o.Messages; i++)
            {
                await using var scope = host.CreateAsyncScope();
                var service = scope.ServiceProvider.GetRequiredService<ExchangeService>();
                var sent = await service.SendAboutPersonAsync(user, cases[i % cases.Count], new SendInput
                {
                    Kind = MessageKind.CheckupReceipt, Quarter = "2026Q1", CheckedOn = new DateOnly(2026, 3, 12), Attended = true,
                    Pregnant = false, IudNormal = true,
                }, CancellationToken.None);
                if (sent.IsFailure) throw new InvalidOperationException("write refused: " + sent.Error.Code);
            }
            write.Stop();
            GenerateBench.Line("written at 郑州", string.Create(CultureInfo.InvariantCulture, $"{o.Messages} in {write.Elapsed.TotalSeconds:F1} s ({o.Messages / write.Elapsed.TotalSeconds:F0}/s)"));

            var wait = Stopwatch.StartNew();
            while (await CountAsync(kfHost, db => db.Set<InboxEntry>().CountAsync()) < o.Messages)
            {
                if (wait.Elapsed > TimeSpan.FromMinutes(30) || zhengzhou.HasExited || kaifeng.HasExited)
                {
                    Console.Error.WriteLine("Not every message was applied at 开封 in time.");
                    return 1;
                }
                await Task.Delay(200);
            }
            var written = await ReadAsync(host, db => db.Set<ExchangeMessage>().AsNoTracking().Select(m => new { m.MessageId, m.CreatedAt }).ToListAsync());
            var applied = await ReadAsync(kfHost, db => db.Set<InboxEntry>().AsNoTracking().Select(i => new { i.MessageId, i.ReceivedAt }).ToListAsync());
            var at = written.ToDictionary(w => w.MessageId, w => w.CreatedAt);
            var latencies = applied.Select(a => (a.ReceivedAt - at[a.MessageId]).TotalMilliseconds).Order().ToList();
            var span = (applied.Max(a => a.ReceivedAt) - written.Min(w => w.CreatedAt)).TotalSeconds;
            var duplicates = await ReadAsync(kfHost, db => db.Set<ExchangeMessage>().CountAsync()) - o.Messages;
            var bodySize = (int)await ReadAsync(host, db => db.Set<OutboxEntry>().AverageAsync(e => (double)e.Body.Length));
            var rate = o.Messages / span;
            GenerateBench.Line("exchange end to end", string.Create(CultureInfo.InvariantCulture,
                $"{rate:F0} msg/s, p50 {Percentile(latencies, 50):F0} ms, p95 {Percentile(latencies, 95):F0} ms (written → applied; {duplicates} applied twice)"));

            var baseline = await BaselineAsync(o.Messages, bodySize, o.Parallelism);
            GenerateBench.Line("baseline bare POST", string.Create(CultureInfo.InvariantCulture,
                $"{baseline.Rate:F0} req/s, p50 {baseline.P50:F1} ms, p95 {baseline.P95:F1} ms ({o.Messages} × {bodySize} B to an empty endpoint)"));
            GenerateBench.Line("ratio", string.Create(CultureInfo.InvariantCulture,
                $"throughput {baseline.Rate / rate:F1}× below bare POSTs; p95 {Percentile(latencies, 95) / baseline.P95:F0}× the bare POST's"));
            return duplicates == 0 ? 0 : 1;
        }
        finally
        {
            foreach (var p in new[] { zhengzhou, kaifeng })
                if (!p.HasExited) p.Kill(entireProcessTree: true);
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
        }
    }

    static Dictionary<string, string> Settings(string id, string prefix, string privatePem, string partner, string partnerPrefix, int partnerPort,
        string partnerKey, string db, string keys, int parallelism) => new()
    {
        ["Database__Provider"] = "Sqlite",
        ["ConnectionStrings__Sqlite"] = db,
        ["EqualCare__Demo"] = "true",
        ["EqualCare__DemoPersons"] = "0",
        ["EqualCare__KeysFolder"] = keys,
        ["EqualCare__Sms__DailyRun"] = "false",
        ["EqualCare__Federation__InstallationId"] = id,
        ["EqualCare__Federation__Prefixes__0"] = prefix,
        ["EqualCare__Federation__PrivateKey"] = privatePem,
        ["EqualCare__Federation__PollMilliseconds"] = "50",
        ["EqualCare__Federation__BatchSize"] = "500",
        ["EqualCare__Federation__Parallelism"] = parallelism.ToString(CultureInfo.InvariantCulture),
        ["EqualCare__Federation__Partners__0__InstallationId"] = partner,
        ["EqualCare__Federation__Partners__0__Prefixes__0"] = partnerPrefix,
        ["EqualCare__Federation__Partners__0__BaseAddress"] = $"http://127.0.0.1:{partnerPort}",
        ["EqualCare__Federation__Partners__0__PublicKey"] = partnerKey,
    };

    /// <summary>Women registered at 祥和社区 (郑州) whose 户籍地 is 龙亭区 (开封): the cases the messages are about.</summary>
    static async Task<List<long>> AddCasesAsync(IServiceProvider host, int count)
    {
        await using var scope = host.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<EqualCareDb>();
        var now = TimeProvider.System.GetUtcNow().UtcDateTime;
        var persons = Enumerable.Range(0, count).Select(i =>
        {
            var birth = new DateOnly(1985, 1, 1).AddDays(i / 500);
            var first17 = "410202" + birth.ToString("yyyyMMdd", CultureInfo.InvariantCulture) + (i % 500 * 2).ToString("D3", CultureInfo.InvariantCulture);
            return new Person
            {
                Name = "交换" + i.ToString(CultureInfo.InvariantCulture), IdNumber = first17 + IdNumberChecksum.CheckCharacter(first17), Sex = Sex.Female,
                BirthDate = birth, CommunityCode = "410103007001", HukouCountyCode = "410202", ArrivalDate = new DateOnly(2025, 3, 1),
                MaritalStatus = MaritalStatus.Unmarried, CreatedAt = now, UpdatedAt = now,
            };
        }).ToList();
        db.Persons.AddRange(persons);
        await db.SaveChangesAsync();
        return persons.Select(p => p.Id).ToList();
    }

    static async Task<CurrentUser> WriterAsync(IServiceProvider host)
    {
        var u = await ReadAsync(host, db => db.Users.AsNoTracking().SingleAsync(x => x.UserName == "xianghe"));
        return new CurrentUser(u.Id, u.UserName, u.Role, OrgCode.Parse(u.OrgCode));
    }

    static async Task<T> ReadAsync<T>(IServiceProvider host, Func<EqualCareDb, Task<T>> read)
    {
        await using var scope = host.CreateAsyncScope();
        return await read(scope.ServiceProvider.GetRequiredService<EqualCareDb>());
    }

    static Task<int> CountAsync(IServiceProvider host, Func<EqualCareDb, Task<int>> read) => ReadAsync(host, read);

    /// <summary>N POSTs of the same size to an endpoint that reads the body and answers 200, in this process, same parallelism.</summary>
    static async Task<(double Rate, double P50, double P95)> BaselineAsync(int count, int size, int parallelism)
    {
        var port = FreePort();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, port));
        await using var app = builder.Build();
        app.MapPost("/empty", async (HttpRequest r) =>
        {
            await r.Body.CopyToAsync(Stream.Null);
            return Results.Ok();
        });
        await app.StartAsync();
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        var body = new byte[size];
        Array.Fill(body, (byte)'x');
        var times = new ConcurrentBag<double>();
        var watch = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = parallelism }, async (_, ct) =>
        {
            var one = Stopwatch.StartNew();
            using var content = new ByteArrayContent(body);
            using var response = await client.PostAsync("/empty", content, ct);
            response.EnsureSuccessStatusCode();
            times.Add(one.Elapsed.TotalMilliseconds);
        });
        watch.Stop();
        await app.StopAsync();
        var sorted = times.Order().ToList();
        return (count / watch.Elapsed.TotalSeconds, Percentile(sorted, 50), Percentile(sorted, 95));
    }

    static double Percentile(List<double> sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Count) - 1, 0, sorted.Count - 1)];

    static Process Start(string dll, string contentRoot, int port, Dictionary<string, string> settings)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = contentRoot, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.GetFullPath(dll));
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add($"http://127.0.0.1:{port}");
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (var (k, v) in settings) start.Environment[k] = v;
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Errors.Enqueue(e.Data); while (Errors.Count > 20) Errors.TryDequeue(out string? _); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    static readonly ConcurrentQueue<string> Errors = new();

    static async Task<bool> WaitHealthyAsync(Process app, int port)
    {
        using var probe = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(5) };
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < TimeSpan.FromMinutes(3) && !app.HasExited)
        {
            try
            {
                using var response = await probe.GetAsync("/healthz");
                if (response.IsSuccessStatusCode) return true;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(250);
        }
        Console.Error.WriteLine("An installation did not answer /healthz; its last error lines:");
        foreach (var line in Errors) Console.Error.WriteLine("  " + line);
        return false;
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

    sealed record Options(int Messages, int Cases, int Parallelism, string? Dll)
    {
        public static Options Parse(string[] args)
        {
            var values = new Dictionary<string, string>();
            for (var i = 0; i + 1 < args.Length; i += 2) values[args[i]] = args[i + 1];
            int Int(string name, int fallback) => values.TryGetValue(name, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
            var messages = Int("--messages", 10_000);
            return new Options(messages, Int("--cases", Math.Max(1, messages / 10)), Int("--parallelism", 16), values.GetValueOrDefault("--dll"));
        }
    }
}
