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
        group.MapPost("/", CreateAsync).WithName("RegisterPerson")
            .WithSummary("Registers a case. 201 when saved; 409 with existingId when the ID number is already registered; 400 with field problems.");
        group.MapPut("/{id:long}", UpdateAsync).WithName("UpdatePerson")
            .WithSummary("Edits a case at the version it was read; 409 when someone saved in between.");
        return app;
    }

    static async Task<IResult> CreateAsync(HttpContext http, CaseHandler cases, IStringLocalizer localizer, CaseInput input,
        bool? confirmSimilar, CancellationToken ct)
    {
        var outcome = await cases.RegisterAsync(http.CurrentUser(), input, confirmSimilar ?? false, ct);
        if (outcome.PersonId is { } id) return TypedResults.Created($"/api/persons/{id}", new CaseSaved(id, outcome.Version));
        if (outcome.ExistingId is { } existing)
            return Results.Problem(title: localizer["case.id.alreadyRegistered"], statusCode: StatusCodes.Status409Conflict,
                extensions: new Dictionary<string, object?> { ["code"] = "case.id.alreadyRegistered", ["existingId"] = existing });
        if (outcome.Similar is { Count: > 0 } similar)
            return Results.Problem(title: localizer["case.similarFound"], statusCode: StatusCodes.Status409Conflict,
                extensions: new Dictionary<string, object?> { ["code"] = "case.similarFound", ["similar"] = similar });
        return Problems(outcome, localizer);
    }

    static async Task<IResult> UpdateAsync(HttpContext http, CaseHandler cases, IStringLocalizer localizer, long id, CaseUpdate update,
        CancellationToken ct)
    {
        var outcome = await cases.UpdateAsync(http.CurrentUser(), id, update.Version, update.Case, ct);
        return outcome.Saved ? TypedResults.Ok(new CaseSaved(id, outcome.Version)) : Problems(outcome, localizer);
    }

    static IResult Problems(CaseOutcome outcome, IStringLocalizer localizer)
    {
        var problems = outcome.Problems ?? [];
        var status = problems switch
        {
            [{ MessageKey: "person.notFound" }] => StatusCodes.Status404NotFound,
            [{ MessageKey: "case.version.stale" }] => StatusCodes.Status409Conflict,
            [{ MessageKey: "case.notAllowed" }] => StatusCodes.Status404NotFound,
            _ => StatusCodes.Status400BadRequest,
        };
        var errors = problems.GroupBy(p => p.Field.Length == 0 ? "case" : p.Field)
            .ToDictionary(g => g.Key, g => g.Select(p => localizer[p.MessageKey].Value).ToArray());
        return Results.ValidationProblem(errors, title: localizer[problems.Count > 0 ? problems[0].MessageKey : "error.400"], statusCode: status,
            extensions: new Dictionary<string, object?> { ["codes"] = problems.Select(p => p.MessageKey).ToArray() });
    }
}
