using EqualCare.Web.Domain;
using EqualCare.Web.Domain.Comparison;
using EqualCare.Web.Web;
using Microsoft.Extensions.Localization;

namespace EqualCare.Web.Features.Comparison;

/// <summary>A worker's resolution of a result: the reason (Registered, NotResident, Left, Duplicate, AgencyError) and a note.</summary>
public sealed record ResolutionRequest(ResolutionReason? Reason, string? Note);

public sealed record ResolutionCreated(long Id, long ResultId);

/// <summary>
/// The comparison results for other systems (issue 17 point 3): the lists the caller may open, the counts by community and kind,
/// a page of one kind's results (numbers masked, audited as a list view), and the resolution of one with a reason (audited with
/// the write). The upload and its column mapping stay on the pages: they are a person's decisions about a file.
/// </summary>
public static class ComparisonApi
{
    public static IEndpointRouteBuilder MapComparisonApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/comparison").WithTags("Comparison").RequireAuthorization();
        group.MapGet("/lists", async (HttpContext http, ComparisonQueries queries, CancellationToken ct) =>
                TypedResults.Ok(await queries.ListsAsync(http.CurrentUser(), ct)))
            .WithName("ListAgencyLists").ProducesErrors()
            .WithSummary("The agency lists the caller may open: uploaded in her scope or by an office above her (she sees her part of them).");
        group.MapGet("/counts", async (HttpContext http, ComparisonQueries queries, long? list, CancellationToken ct) =>
                TypedResults.Ok(await queries.CountsAsync(http.CurrentUser(), list, ct)))
            .WithName("GetComparisonCounts").ProducesErrors()
            .WithSummary("Results by community and kind (Missing 漏管, FileMissing 漏档, Unserved 漏检, Mismatch 不符): all and still open; of one list or of all.");
        group.MapGet("/results", ResultsAsync).WithName("ListComparisonResults").Produces<ResultPage>()
            .ProducesErrors(StatusCodes.Status400BadRequest)
            .WithSummary("A page of one kind's results (kind required; list, community = any unit in scope, open=true for the unresolved only; page): "
                         + "the agency's row (ID number masked), the case it was tied to or the candidate to confirm, which fields agreed, and its state.");
        group.MapPost("/results/{id:long}/resolution", ResolveAsync).WithName("ResolveComparisonResult")
            .Produces<ResolutionCreated>(StatusCodes.Status201Created)
            .ProducesErrors(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)
            .WithSummary("Resolves a result with a reason and an optional note (≤ 200 characters); one resolution per result, audited with the write.");
        return app;
    }

    static async Task<IResult> ResultsAsync(HttpContext http, ComparisonQueries queries, IStringLocalizer localizer, FindingKind? kind, long? list,
        string? community, bool? open, int? page, CancellationToken ct)
    {
        var user = http.CurrentUser();
        if (kind is not { } k || !Enum.IsDefined(k)) return Error.Validation("comparison.results.kind", "kind").ToProblem(localizer);
        return TypedResults.Ok(await queries.ResultsAsync(user, list, k, community, open ?? false, page ?? 1, ct));
    }

    static async Task<IResult> ResolveAsync(HttpContext http, ResolutionHandler handler, IStringLocalizer localizer, long id,
        ResolutionRequest request, CancellationToken ct)
    {
        var result = await handler.ResolveAsync(http.CurrentUser(), id, request.Reason, request.Note, null, ct);
        return result.IsSuccess
            ? TypedResults.Created($"/api/comparison/results/{id}", new ResolutionCreated(result.Value, id))
            : result.Error.ToProblem(localizer);
    }
}
