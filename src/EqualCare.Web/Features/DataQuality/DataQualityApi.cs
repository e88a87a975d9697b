using EqualCare.Web.Web;
using Microsoft.Extensions.Localization;

namespace EqualCare.Web.Features.DataQuality;

public static class DataQualityApi
{
    public static IServiceCollection AddDataQuality(this IServiceCollection services) => services.AddScoped<DataQualityQueries>();

    public static IEndpointRouteBuilder MapDataQualityApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/data-quality").WithTags("DataQuality").RequireAuthorization();
        group.MapGet("/", ReportAsync).WithName("DataQualityReport").Produces<DataQualityReport>().ProducesErrors(StatusCodes.Status404NotFound)
            .WithSummary("Per community of the unit (default: the caller's): ID errors by check, placeholder IDs, missing required fields, married women 15–49 without contraception, cases unchanged for 12 months; ID accuracy per child unit.");
        group.MapGet("/list", ListAsync).WithName("DataQualityList").Produces<QualityListPage>().ProducesErrors(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound)
            .WithSummary("The cases behind one count (issue, community), 50 a page, ID numbers masked.");
        return app;
    }

    static async Task<IResult> ReportAsync(HttpContext http, DataQualityQueries queries, IStringLocalizer localizer, string? unit,
        CancellationToken ct)
    {
        var result = await queries.ReportAsync(http.CurrentUser(), unit, ct);
        return result.IsSuccess ? TypedResults.Ok(result.Value) : result.Error.ToProblem(localizer);
    }

    static async Task<IResult> ListAsync(HttpContext http, DataQualityQueries queries, IStringLocalizer localizer, QualityIssue issue,
        string? community, int? page, CancellationToken ct)
    {
        var result = await queries.ListAsync(http.CurrentUser(), issue, community, page ?? 1, ct);
        return result.IsSuccess ? TypedResults.Ok(result.Value) : result.Error.ToProblem(localizer);
    }
}
