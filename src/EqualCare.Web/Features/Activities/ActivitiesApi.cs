using EqualCare.Web.Web;
using Microsoft.Extensions.Localization;

namespace EqualCare.Web.Features.Activities;

public static class ActivitiesApi
{
    public static IServiceCollection AddActivities(this IServiceCollection services) => services.AddScoped<ActivityHandler>().AddScoped<PublicitySiteHandler>();

    public static IEndpointRouteBuilder MapActivitiesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/activities").WithTags("Activities").RequireAuthorization();
        group.MapGet("/", ListAsync).WithName("ListActivities").Produces<IReadOnlyList<ActivityItem>>().ProducesErrors()
            .WithSummary("The activity log entries in scope between from and to (default: this month), newest first; replaced entries name their correction.");
        group.MapPost("/", RecordAsync).WithName("RecordActivity").Produces<ActivityItem>(StatusCodes.Status201Created).ProducesErrors(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound)
            .WithSummary("Appends an entry of the user's community: date, place, kind, quantities by form column code in base units (persons, copies, yuan). With correctsEntryId and reason it replaces that entry; siteId names a fixed publicity site of the community.");
        return app;
    }

    static async Task<IResult> ListAsync(HttpContext http, ActivityHandler handler, TimeProvider clock, DateOnly? from, DateOnly? to,
        CancellationToken ct)
    {
        var today = clock.Today();
        var start = from ?? new DateOnly(today.Year, today.Month, 1);
        return TypedResults.Ok(await handler.ListAsync(http.CurrentUser(), start, to ?? start.AddMonths(1).AddDays(-1), ct));
    }

    static async Task<IResult> RecordAsync(HttpContext http, ActivityHandler handler, IStringLocalizer localizer, ActivityRequest request,
        CancellationToken ct) =>
        (await handler.RecordAsync(http.CurrentUser(), request, ct)).ToCreated("/api/activities", localizer);
}
