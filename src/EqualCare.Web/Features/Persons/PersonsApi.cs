using EqualCare.Web.Web;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;

namespace EqualCare.Web.Features.Persons;

public static class PersonsApi
{
    public static IServiceCollection AddPersons(this IServiceCollection services) => services.AddScoped<PersonQueries>();

    public static IEndpointRouteBuilder MapPersonsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/persons").WithTags("Persons").RequireAuthorization();
        group.MapGet("/", ListAsync).WithName("ListPersons").WithSummary("Persons in the caller's scope (ID numbers masked).");
        group.MapGet("/{id:long}", GetAsync).WithName("GetPerson").WithSummary("One person in the caller's scope; 404 outside it.");
        return app;
    }

    static async Task<Ok<PersonPage>> ListAsync(HttpContext http, PersonQueries queries, string? name, string? community,
        int? page, int? pageSize, CancellationToken ct) =>
        TypedResults.Ok(await queries.ListAsync(http.CurrentUser(), new PersonSearch(name, community, page ?? 1, pageSize ?? 20), ct));

    static async Task<IResult> GetAsync(HttpContext http, PersonQueries queries, IStringLocalizer localizer, long id, CancellationToken ct)
    {
        var result = await queries.GetAsync(http.CurrentUser(), id, ct);
        return result.IsSuccess ? TypedResults.Ok(result.Value) : result.Error!.ToProblem(localizer);
    }
}
