using EqualCare.Web.Domain;
using EqualCare.Web.Web;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;

namespace EqualCare.Web.Features.Worklist;

public static class WorklistApi
{
    public static IServiceCollection AddWorklist(this IServiceCollection services)
    {
        services.AddScoped<WorklistQuery>();
        services.AddScoped<DecisionHandler>();
        return services;
    }

    public static IEndpointRouteBuilder MapWorklistApi(this IEndpointRouteBuilder app)
    {
        var person = app.MapGroup("/api/persons/{id:long}").WithTags("Services").RequireAuthorization();
        person.MapGet("/due", DueAsync).WithName("GetPersonDue").Produces<PersonDueView>().ProducesErrors(StatusCodes.Status404NotFound)
            .WithSummary("What the person is due for today: due and overdue items with their dates and the schedule they come from, and the exempt items with the reason.");
        person.MapPost("/decisions", DecideAsync).WithName("DecideDueItem").Produces<Domain.Schedules.ExemptItem>(StatusCodes.Status201Created).ProducesErrors(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)
            .WithSummary("Exempts one due item (kind, itemKey, windowStart) with a reason (Pregnant, Divorced, Widowed, Sterilised, Unreachable, Other + note) for its window.");
        app.MapGet("/api/worklist", WorklistAsync).WithTags("Services").RequireAuthorization().WithName("GetWorklist").ProducesErrors()
            .WithSummary("The to-do list (待办) of an org unit in scope (default: the user's): counts and items, overdue first; IDs and phones masked.");
        return app;
    }

    static async Task<IResult> DueAsync(HttpContext http, DecisionHandler handler, IStringLocalizer localizer, long id, CancellationToken ct) =>
        (await handler.DueAsync(http.CurrentUser(), id, ct)).ToOk(localizer);

    static async Task<IResult> DecideAsync(HttpContext http, DecisionHandler handler, IStringLocalizer localizer, long id,
        DecisionRequest request, CancellationToken ct) =>
        (await handler.DecideAsync(http.CurrentUser(), id, request, ct)).ToCreated($"/api/persons/{id}/due", localizer);

    static async Task<Ok<Worklist>> WorklistAsync(HttpContext http, WorklistQuery query, string? org, CancellationToken ct) =>
        TypedResults.Ok(await query.ForAsync(http.CurrentUser(), OrgCode.TryParse(org, out var code) ? code : null, ct));
}
