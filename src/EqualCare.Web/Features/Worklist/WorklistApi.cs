using EqualCare.Web.Data;
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
        services.AddScoped<DueKeeper>();
        services.AddScoped<DueUnits>();
        services.AddSingleton<DueKeepingProgress>();
        services.AddOptions<WorklistOptions>().BindConfiguration(WorklistOptions.Section);
        services.AddHostedService<DueKeepingService>();
        services.AddScoped<DueConsistency>();
        services.AddSingleton<Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor, DueKeepingInterceptor>();
        services.AddScoped<DecisionHandler>();
        services.AddScoped<WorkerWorklist>();
        services.AddSingleton<FirstPages>();
        services.AddScoped<AssignmentHandler>();
        services.AddScoped<FollowUpQuery>();
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
            .WithSummary("The to-do list (待办) of an org unit in scope (default: the user's): counts and items, overdue first; IDs and phones masked. "
                         + "A worker with persons assigned to her gets her own persons (scope=mine, the default) or the whole unit (scope=all).");
        app.MapGet("/api/worklist/persons", PersonsAsync).WithTags("Services").RequireAuthorization().WithName("GetWorklistByPerson")
            .Produces<WorklistPersonsPage>().ProducesErrors()
            .WithSummary("The same to-do list, one row per person with her items inside it, the most urgent first (逾期, then the earliest due date); "
                         + "filters group, view (all|overdue|week|month), name; paged by persons (page, pageSize ≤ 500); counts of the whole list; scope=mine|all as above.");
        app.MapGet("/api/worklist/follow-ups", FollowUpsAsync).WithTags("Services").RequireAuthorization().WithName("GetWorklistFollowUps")
            .Produces<FollowUps>().ProducesErrors(StatusCodes.Status404NotFound)
            .WithSummary("The to-do list's section 需要处理的比对结果与协查 of an org unit in scope (default: the user's): the open comparison results "
                         + "by kind (漏管, 漏档, 漏检, 不符) and the overdue 协查/代办 requests its offices must answer or wait for, each with the page that lists them.");
        var assignments = app.MapGroup("/api/worklist/assignments").WithTags("Services").RequireAuthorization();
        assignments.MapGet("", BoardAsync).WithName("GetWorkerAssignments").Produces<AssignmentBoard>()
            .ProducesErrors(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound)
            .WithSummary("A community of the street user's scope for assignment (分片包干): its workers, its buildings and a page of its persons with their current worker.");
        assignments.MapPost("", AssignAsync).WithName("AssignPersonsToWorker").Produces<AssignResult>()
            .ProducesErrors(StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)
            .WithSummary("A street user gives persons of one community (personIds, or every person of a building) to a community worker of it; "
                         + "a person's current assignment to another worker is ended and kept as history; every change audited.");
        return app;
    }

    static async Task<IResult> DueAsync(HttpContext http, DecisionHandler handler, IStringLocalizer localizer, long id, CancellationToken ct) =>
        (await handler.DueAsync(http.CurrentUser(), id, ct)).ToOk(localizer);

    static async Task<IResult> DecideAsync(HttpContext http, DecisionHandler handler, IStringLocalizer localizer, long id,
        DecisionRequest request, CancellationToken ct) =>
        (await handler.DecideAsync(http.CurrentUser(), id, request, ct)).ToCreated($"/api/persons/{id}/due", localizer);

    static async Task<Ok<Worklist>> WorklistAsync(HttpContext http, WorkerWorklist worklist, AuditLog audit, string? org, string? scope,
        CancellationToken ct)
    {
        var user = http.CurrentUser();
        var list = await worklist.ForAsync(user, OrgCode.TryParse(org, out var code) ? code : null, scope, ct);
        await WorklistAudit.RecordAsync(audit, user, list, ct);
        return TypedResults.Ok(list.List);
    }

    static async Task<IResult> PersonsAsync(HttpContext http, WorkerWorklist worklist, FirstPages firstPages, AuditLog audit, string? org, string? scope,
        WorkGroup? group, string? view, string? name, int? page, int? pageSize, CancellationToken ct)
    {
        var user = http.CurrentUser();
        var shown = await worklist.PageAsync(user, OrgCode.TryParse(org, out var code) ? code : null, scope, group,
            view, name, page ?? 1, pageSize ?? IndexModel.PageSize, ct);
        await WorklistAudit.RecordAsync(audit, user, shown, group, view, name, ct);
        return firstPages.Answer(shown);
    }

    static async Task<IResult> FollowUpsAsync(HttpContext http, FollowUpQuery query, IStringLocalizer localizer, string? org, CancellationToken ct)
    {
        var user = http.CurrentUser();
        if (!user.CanReadPersons) return Error.NotFound("worklist.unit.notFound").ToProblem(localizer);
        var unit = user.Org;
        if (org is { Length: > 0 } && (!OrgCode.TryParse(org, out unit) || !user.Org.Contains(unit.Value)))
            return Error.NotFound("worklist.unit.notFound").ToProblem(localizer);
        return TypedResults.Ok(await query.ForAsync(user, unit, ct));
    }

    static async Task<IResult> BoardAsync(HttpContext http, AssignmentHandler handler, IStringLocalizer localizer, string? community, string? building,
        bool? unassigned, int? page, CancellationToken ct) =>
        (await handler.BoardAsync(http.CurrentUser(), community, building, unassigned ?? false, page ?? 1, ct)).ToOk(localizer);

    static async Task<IResult> AssignAsync(HttpContext http, AssignmentHandler handler, IStringLocalizer localizer, AssignRequest request,
        CancellationToken ct) =>
        (await handler.AssignAsync(http.CurrentUser(), request, ct)).ToOk(localizer);
}
