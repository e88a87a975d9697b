using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace EqualCare.Web.Web;

/// <summary>
/// Behind a TLS-terminating proxy (issue 14, point 13): the proxies named in <c>EqualCare:Proxy:KnownProxies</c>
/// (addresses or networks, comma-separated: <c>127.0.0.1,10.0.0.0/8</c>) are trusted for X-Forwarded-For and
/// X-Forwarded-Proto, so the request is seen as HTTPS (cookies Secure, HSTS) and the audit records the client's address.
/// No proxy named: the forwarded headers are ignored, whoever sends them (else anyone could write any address into the
/// audit log).
/// </summary>
public static class ProxySetup
{
    public const string KnownProxiesKey = "EqualCare:Proxy:KnownProxies";

    public static IServiceCollection AddEqualCareProxy(this IServiceCollection services, IConfiguration configuration)
    {
        var entries = (configuration[KnownProxiesKey] ?? "").Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries);
        services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // Only the named proxies: not the framework's default of loopback.
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            foreach (var entry in entries)
            {
                if (entry.Contains('/')) o.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(entry));
                else o.KnownProxies.Add(IPAddress.Parse(entry));
            }
            // One proxy in front of the app: the client is the last address it appends.
            o.ForwardLimit = 1;
        });
        return services;
    }

    /// <summary>First in the pipeline, so that everything after sees the client's address and scheme.</summary>
    public static WebApplication UseEqualCareProxy(this WebApplication app)
    {
        if (!string.IsNullOrWhiteSpace(app.Configuration[KnownProxiesKey])) app.UseForwardedHeaders();
        return app;
    }
}
