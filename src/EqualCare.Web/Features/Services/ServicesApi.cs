using EqualCare.Web.Web;
using Microsoft.Extensions.Localization;

namespace EqualCare.Web.Features.Services;

/// <summary>
/// Service records (the append-only history of what was done for a person) and what a person is due for: the
/// worklist, the checkup sheet, the reminders and the person page all read them through the services registered here.
/// </summary>
public static class ServicesApi
{
    public static IServiceCollection AddServices(this IServiceCollection services)
    {
        services.AddOptions<CareOptions>().BindConfiguration(CareOptions.Section);
        services.AddOptions<ServiceOptions>().BindConfiguration(ServiceOptions.Section);
        services.AddScoped<DueCalculator>();
        services.AddScoped<ServiceHandler>();
        services.AddScoped<TimelineQuery>();
        return services;
    }

    public static IEndpointRouteBuilder MapServicesApi(this IEndpointRouteBuilder app)
    {
        var person = app.MapGroup("/api/persons/{id:long}").WithTags("Services").RequireAuthorization();
        person.MapGet("/services", ListServicesAsync).WithName("ListServices").Produces<IReadOnlyList<ServiceItem>>().ProducesErrors(StatusCodes.Status404NotFound).WithSummary("Every service record of the case, newest first; voided ones flagged.");
        person.MapPost("/services", RecordServiceAsync).WithName("RecordService").Produces<ServiceItem>(StatusCodes.Status201Created).ProducesErrors(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound)
            .WithSummary("Appends a service record (kind HealthRecord, Immunisation, ImmunisationFile, ChildVisit, MaternalVisit, WomensCheckup, GynaecologicalScreening, PrePregnancyCheck, Operation, Contraceptives, HealthEducation).");
        person.MapPost("/services/{recordId:long}/void", VoidServiceAsync).WithName("VoidService").Produces<ServiceItem>(StatusCodes.Status201Created).ProducesErrors(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)
            .WithSummary("Cancels a record entered in error by appending a void record with the reason; nothing is deleted.");
        return app;
    }

    public sealed record VoidRequest(string? Reason);

    static async Task<IResult> ListServicesAsync(HttpContext http, ServiceHandler handler, IStringLocalizer localizer, long id,
        CancellationToken ct) =>
        (await handler.ListAsync(http.CurrentUser(), id, ct)).ToOk(localizer);

    static async Task<IResult> RecordServiceAsync(HttpContext http, ServiceHandler handler, IStringLocalizer localizer, long id,
        ServiceRequest request, CancellationToken ct) =>
        (await handler.RecordAsync(http.CurrentUser(), id, request, ct)).ToCreated($"/api/persons/{id}/services", localizer);

    static async Task<IResult> VoidServiceAsync(HttpContext http, ServiceHandler handler, IStringLocalizer localizer, long id,
        long recordId, VoidRequest request, CancellationToken ct) =>
        (await handler.VoidAsync(http.CurrentUser(), id, recordId, request.Reason, ct)).ToCreated($"/api/persons/{id}/services", localizer);
}
