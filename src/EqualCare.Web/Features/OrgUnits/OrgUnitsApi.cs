using EqualCare.Web.Web;
using Microsoft.Extensions.Localization;

namespace EqualCare.Web.Features.OrgUnits;

public static class OrgUnitsApi
{
    public static IServiceCollection AddOrgUnits(this IServiceCollection services) => services.AddScoped<OrgUnitQueries>().AddScoped<OrgUnitAdder>().AddScoped<UnitContacts>();

    public static IEndpointRouteBuilder MapOrgUnitsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/org-units").WithTags("OrgUnits").RequireAuthorization();
        group.MapGet("/", SearchAsync).WithName("SearchOrgUnits").Produces<OrgUnitSearchResult>().ProducesErrors(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound)
            .WithSummary("Org units whose code starts with q (digits) or whose name contains q; at most 100, within the caller's scope.");
        group.MapGet("/{code}", GetAsync).WithName("GetOrgUnit").Produces<OrgUnitNode>().ProducesErrors(StatusCodes.Status404NotFound)
            .WithSummary("One org unit with its ancestors and children; 404 outside the caller's scope.");
        return app;
    }

    static async Task<IResult> SearchAsync(HttpContext http, OrgUnitQueries queries, IStringLocalizer localizer, string? q, CancellationToken ct)
    {
        var result = await queries.SearchAsync(http.CurrentUser(), q, ct);
        return result.IsSuccess ? TypedResults.Ok(result.Value) : result.Error.ToProblem(localizer);
    }

    static async Task<IResult> GetAsync(HttpContext http, OrgUnitQueries queries, IStringLocalizer localizer, string code, CancellationToken ct)
    {
        var result = await queries.GetAsync(http.CurrentUser(), code, ct);
        return result.IsSuccess ? TypedResults.Ok(result.Value) : result.Error.ToProblem(localizer);
    }
}
