using EqualCare.Web.Web;
using Microsoft.Extensions.Localization;

namespace EqualCare.Web.Features.Movements;

public static class MovementsApi
{
    public static IServiceCollection AddMovements(this IServiceCollection services, IConfiguration? configuration = null)
    {
        if (configuration is not null) services.Configure<MoveRequestOptions>(configuration.GetSection(MoveRequestOptions.Section));
        return services.AddScoped<MovementHandler>().AddScoped<MoveRequests>();
    }

    public static IEndpointRouteBuilder MapMovementsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/persons/{id:long}/movements").WithTags("Movements").RequireAuthorization();
        group.MapGet("/", GetAsync).WithName("GetMovements").Produces<MovementHistory>().ProducesErrors(StatusCodes.Status404NotFound)
            .WithSummary("A case's movement history, oldest first, with both the date it happened and the time it was recorded; 404 outside scope.");
        group.MapPost("/", PostAsync).WithName("RecordMovement").Produces<MovementRecorded>(StatusCodes.Status201Created).ProducesErrors(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)
            .WithSummary("Records MoveWithinArea, Departure, ReturnHome, Withdrawal, Restoration or Death; `version` must be the case's current version (409 otherwise).");
        return app;
    }

    static async Task<IResult> GetAsync(HttpContext http, MovementHandler handler, IStringLocalizer localizer, long id, CancellationToken ct)
    {
        var result = await handler.HistoryAsync(http.CurrentUser(), id, ct);
        return result.IsSuccess ? TypedResults.Ok(result.Value) : result.Error.ToProblem(localizer);
    }

    static async Task<IResult> PostAsync(HttpContext http, MovementHandler handler, IStringLocalizer localizer, long id,
        MovementRequest request, CancellationToken ct)
    {
        var result = await handler.RecordAsync(http.CurrentUser(), id, request, ct);
        return result.IsSuccess
            ? TypedResults.Created($"/api/persons/{id}/movements", result.Value)
            : result.Error.ToProblem(localizer);
    }
}
