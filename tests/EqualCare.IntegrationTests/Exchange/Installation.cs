using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using EqualCare.Web.Data;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace EqualCare.IntegrationTests.Exchange;

/// <summary>
/// One installation of the app for the tests between installations: the built app (<c>EqualCare.Web.dll</c>, the same
/// build the tests run against) started as an operating-system process of its own, listening on a real port of 127.0.0.1,
/// on its own database, with its own federation settings. The test reads and seeds that database directly, as an operator
/// would, through its own data services. Stopping kills the process (what a crash or a power cut does); starting another
/// on the same database and port is the restart the partner sees: the address refuses connections, then answers again.
/// </summary>
public sealed class Installation(DatabaseProvider provider, string connectionString, string folder, int port,
    IReadOnlyDictionary<string, string> settings) : IAsyncDisposable
{
    Process? process;
    readonly ConcurrentQueue<string> errors = new();
    ServiceProvider? data;

    public string BaseAddress => $"http://127.0.0.1:{port}";

    public async Task<Installation> StartAsync()
    {
        var (dll, contentRoot) = AppBuild();
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = contentRoot, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(BaseAddress);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        foreach (var (key, value) in Configuration()) start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            errors.Enqueue(e.Data);
            while (errors.Count > 40) errors.TryDequeue(out string? _);
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await WaitHealthyAsync();
        return this;
    }

    Dictionary<string, string> Configuration()
    {
        var values = new Dictionary<string, string>
        {
            ["Database:Provider"] = provider.ToString(),
            [provider == DatabaseProvider.Sqlite ? "ConnectionStrings:Sqlite" : "ConnectionStrings:Postgres"] = connectionString,
            ["EqualCare:Demo"] = "true",
            ["EqualCare:DemoPersons"] = "0",
            ["EqualCare:Sms:DailyRun"] = "false",
            ["EqualCare:Worklist:KeepDaily"] = "false",
            ["EqualCare:KeysFolder"] = Path.Combine(folder, "keys"),
        };
        foreach (var (key, value) in settings) values[key] = value;
        return values;
    }

    async Task WaitHealthyAsync()
    {
        using var probe = new HttpClient { BaseAddress = new Uri(BaseAddress), Timeout = TimeSpan.FromSeconds(5) };
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < TimeSpan.FromSeconds(90) && process is { HasExited: false })
        {
            try
            {
                using var response = await probe.GetAsync("/healthz");
                if (response.IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(200);
        }
        throw new InvalidOperationException($"The installation at {BaseAddress} did not answer /healthz; its last error lines:\n"
                                            + string.Join('\n', errors));
    }

    /// <summary>The app's own build beside this test build (same configuration and framework), and its project folder.</summary>
    static (string Dll, string ContentRoot) AppBuild()
    {
        var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var (framework, configuration) = (here.Name, here.Parent!.Name);
        for (var dir = here; dir is not null; dir = dir.Parent)
        {
            if (!File.Exists(Path.Combine(dir.FullName, "EqualCare.slnx"))) continue;
            var project = Path.Combine(dir.FullName, "src", "EqualCare.Web");
            var dll = Path.Combine(project, "bin", configuration, framework, "EqualCare.Web.dll");
            if (!File.Exists(dll)) throw new InvalidOperationException($"No app build at {dll}: build the solution first.");
            return (dll, project);
        }
        throw new InvalidOperationException("The repository root (EqualCare.slnx) is not above " + here.FullName);
    }

    /// <summary>The installation's database, opened from this process with the app's data services.</summary>
    public AsyncServiceScope Scope()
    {
        data ??= new ServiceCollection()
            .AddLogging()
            .AddData(new ConfigurationBuilder().AddInMemoryCollection(Configuration()!).Build())
            .BuildServiceProvider();
        return data.CreateAsyncScope();
    }

    public async Task<T> ReadAsync<T>(Func<EqualCareDb, Task<T>> read)
    {
        await using var scope = Scope();
        return await read(scope.ServiceProvider.GetRequiredService<EqualCareDb>());
    }

    public async ValueTask DisposeAsync()
    {
        if (process is { HasExited: false })
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        process?.Dispose();
        process = null;
        if (data is not null) await data.DisposeAsync();
        data = null;
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
