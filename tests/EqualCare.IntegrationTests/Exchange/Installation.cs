using System.Net;
using System.Net.Sockets;
using EqualCare.TestSupport;
using EqualCare.Web.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace EqualCare.IntegrationTests.Exchange;

/// <summary>
/// One installation of the app for the tests between installations: the real app (Program) in Kestrel on a real port of
/// 127.0.0.1, on its own database, with its own federation settings. Stopping it and starting another on the same
/// database and port is a restart (what the partner sees: the address refuses connections, then answers again).
/// </summary>
public sealed class Installation(DatabaseProvider provider, string connectionString, string folder, int port, TestClock clock,
    IReadOnlyDictionary<string, string> settings) : WebApplicationFactory<Program>
{
    public string BaseAddress => $"http://127.0.0.1:{port}";

    public Installation Start()
    {
        UseKestrel(o => o.Listen(IPAddress.Loopback, port));
        StartServer();
        return this;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("Database:Provider", provider.ToString());
        builder.UseSetting(provider == DatabaseProvider.Sqlite ? "ConnectionStrings:Sqlite" : "ConnectionStrings:Postgres", connectionString);
        builder.UseSetting("EqualCare:Demo", "true");
        builder.UseSetting("EqualCare:DemoPersons", "0");
        builder.UseSetting("EqualCare:Sms:DailyRun", "false");
        builder.UseSetting("EqualCare:Worklist:KeepDaily", "false");
        builder.UseSetting("EqualCare:KeysFolder", Path.Combine(folder, "keys"));
        foreach (var (key, value) in settings) builder.UseSetting(key, value);
        builder.ConfigureTestServices(s =>
        {
            s.RemoveAll<TimeProvider>();
            s.AddSingleton<TimeProvider>(clock);
        });
    }

    public AsyncServiceScope Scope() => Services.CreateAsyncScope();

    public async Task<T> ReadAsync<T>(Func<EqualCareDb, Task<T>> read)
    {
        await using var scope = Scope();
        return await read(scope.ServiceProvider.GetRequiredService<EqualCareDb>());
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
