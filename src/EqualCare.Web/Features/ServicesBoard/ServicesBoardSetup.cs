using System.Threading.RateLimiting;
using EqualCare.Web.Data;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;

namespace EqualCare.Web.Features.ServicesBoard;

public static class ServicesBoardSetup
{
    /// <summary>Requests a minute one client address may make to the public page: <c>EqualCare:ServicesBoard:PublicRequestsPerMinute</c>.</summary>
    public const string RateKey = "EqualCare:ServicesBoard:PublicRequestsPerMinute";
    public const int DefaultPerMinute = 60;

    /// <summary>
    /// The office pages (/ServicesBoard), the public page's read-only context and query, and the public page's rate limit:
    /// a fixed window per client address (behind a named proxy, the forwarded client address), answered 429 with
    /// Retry-After. A person reading her community's page needs a few requests; sixty a minute stops scraping and floods.
    /// </summary>
    public static IServiceCollection AddServicesBoard(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<BoardItems>();
        services.AddScoped<PublicBoardQuery>();
        services.AddDbContext<PublicBoardDb>((sp, options) =>
        {
            var settings = sp.GetRequiredService<DatabaseSettings>();
            if (settings.Provider == DatabaseProvider.Sqlite) options.UseSqlite(settings.ConnectionString);
            else options.UseNpgsql(settings.ConnectionString);
            options.UseQueryTrackingBehavior(QueryTrackingBehavior.NoTracking);
        });
        var perMinute = int.TryParse(configuration[RateKey], out var n) && n > 0 ? n : DefaultPerMinute;
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = (context, _) =>
            {
                context.HttpContext.Response.Headers.RetryAfter = "60";
                return ValueTask.CompletedTask;
            };
            o.AddPolicy(PublicModel.RatePolicy, http => RateLimitPartition.GetFixedWindowLimiter(
                http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
        });
        return services;
    }
}
