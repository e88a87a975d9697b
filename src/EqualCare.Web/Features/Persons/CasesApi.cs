using EqualCare.Web.Domain.Cases;
using EqualCare.Web.Web;
using Microsoft.Extensions.Localization;

namespace EqualCare.Web.Features.Persons;

public sealed record CaseSaved(long Id, int Version);

/// <summary>An update carries the version it was read at (optimistic concurrency).</summary>
public sealed record CaseUpdate(int Version, CaseInput Case);

public static class CasesApi
{
    public static IServiceCollection AddRegistry(this IServiceCollection services) =>
        services.AddScoped<CaseHandler>();

    public static IEndpointRouteBuilder MapCasesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/persons").WithTags("Persons").RequireAuthorization();
        group.MapPost("/", CreateAsync).WithName("RegisterPerson").Produces<CaseSaved>(StatusCodes.Status201Created).ProducesErrors(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)
            .WithSummary("Registers a case. 201 when saved; 409 with existingId when the ID number is already registered; 400 with field problems.");
        group.MapPut("/{id:long}", UpdateAsync).WithName("UpdatePerson").Produces<CaseSaved>().ProducesErrors(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)
            .WithSummary("Edits a case at the version it was read; 409 when someone saved in between.");
        return app;
    }

    static async Task<IResult> CreateAsync(HttpContext http, CaseHandler cases, IStringLocalizer localizer, CaseInput input,
        bool? confirmSimilar, CancellationToken ct) =>
        (await cases.RegisterAsync(http.CurrentUser(), input, confirmSimilar ?? false, ct)).ToCreated(saved => $"/api/persons/{saved.Id}", localizer);

    static async Task<IResult> UpdateAsync(HttpContext http, CaseHandler cases, IStringLocalizer localizer, long id, CaseUpdate update,
        CancellationToken ct) =>
        (await cases.UpdateAsync(http.CurrentUser(), id, update.Version, update.Case, ct)).ToOk(localizer);
}
