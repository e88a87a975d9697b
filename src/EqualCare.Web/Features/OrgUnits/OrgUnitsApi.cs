using EqualCare.Web.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace EqualCare.Web.Features.OrgUnits;

public static class OrgUnitsApi
{
    public static IServiceCollection AddOrgUnits(this IServiceCollection services) =>
        services.AddScoped<OrgUnitQueries>().AddScoped<OrgUnitAdder>().AddScoped<UnitResolver>().AddScoped<UnitContacts>()
            // Every page's unit field is resolved (name → code, in scope) before the page binds it.
            .Configure<MvcOptions>(o => o.Filters.Add<UnitPickerFilter>());

    public static IEndpointRouteBuilder MapOrgUnitsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/org-units").WithTags("OrgUnits").RequireAuthorization();
        group.MapGet("/", SearchAsync).WithName("SearchOrgUnits").Produces<OrgUnitSearchResult>().ProducesErrors(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound)
            .WithSummary("Org units whose code starts with q (digits) or whose name contains q, higher levels first, each with its parent's name; at most 100, within the caller's scope. With under: only that unit's subtree, and with an empty q its children.");
        group.MapGet("/{code}", GetAsync).WithName("GetOrgUnit").Produces<OrgUnitNode>().ProducesErrors(StatusCodes.Status404NotFound)
            .WithSummary("One org unit with its ancestors and children; 404 outside the caller's scope.");
        return app;
    }

    static async Task<IResult> SearchAsync(HttpContext http, OrgUnitQueries queries, IStringLocalizer localizer, string? q, string? under,
        CancellationToken ct)
    {
        var result = await queries.SearchAsync(http.CurrentUser(), q, ct, under);
        return result.IsSuccess ? TypedResults.Ok(result.Value) : result.Error.ToProblem(localizer);
    }

    static async Task<IResult> GetAsync(HttpContext http, OrgUnitQueries queries, IStringLocalizer localizer, string code, CancellationToken ct)
    {
        var result = await queries.GetAsync(http.CurrentUser(), code, ct);
        return result.IsSuccess ? TypedResults.Ok(result.Value) : result.Error.ToProblem(localizer);
    }
}
