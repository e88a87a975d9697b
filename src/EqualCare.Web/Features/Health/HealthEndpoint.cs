using EqualCare.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace EqualCare.Web.Features.Health;

public static class HealthEndpoint
{
    /// <summary>/healthz: 200 when the database answers, 503 when it does not.</summary>
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", async (EqualCareDb db, CancellationToken ct) =>
                await db.Database.CanConnectAsync(ct)
                    ? Results.Text("ok")
                    : Results.Text("database unreachable", statusCode: StatusCodes.Status503ServiceUnavailable))
            .AllowAnonymous().ExcludeFromDescription();
        return app;
    }
}
