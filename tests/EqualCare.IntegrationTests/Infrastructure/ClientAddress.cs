using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace EqualCare.IntegrationTests.Infrastructure;

/// <summary>
/// The in-memory test server has no socket, so no remote address; this gives every request the address a real
/// connection would carry (a documentation address, RFC 5737), so tests can check that the audit records it.
/// </summary>
public sealed class ClientAddress : IStartupFilter
{
    public const string Value = "203.0.113.7";

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, following) =>
        {
            context.Connection.RemoteIpAddress ??= IPAddress.Parse(Value);
            return following(context);
        });
        next(app);
    };
}
