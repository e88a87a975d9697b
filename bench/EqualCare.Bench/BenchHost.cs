using EqualCare.Web.Data;
using EqualCare.Web.Features.Demo;
using EqualCare.Web.Features.Services;
using EqualCare.Web.Features.Worklist;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EqualCare.Bench;

/// <summary>The app's data services, registered as Program.cs registers them, without the web server.</summary>
static class BenchHost
{
    public static ServiceProvider Build(string[] args, Action<IServiceCollection>? more = null)
    {
        var builder = Host.CreateApplicationBuilder(args);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var services = builder.Services;
        services.AddSingleton(TimeProvider.System);
        services.AddData(builder.Configuration);
        services.AddScoped<DemoPersonsWriter>();
        services.AddServices();
        services.AddWorklist();
        more?.Invoke(services);
        return services.BuildServiceProvider();
    }
}
