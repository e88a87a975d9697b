using EqualCare.Web.Features.Persons;
using EqualCare.Web.Web;
using Microsoft.Extensions.Localization;

namespace EqualCare.Web.Features.Duplicates;

public static class DuplicatesApi
{
    public static IServiceCollection AddDuplicates(this IServiceCollection services) =>
        services.AddScoped<DuplicateCheck>().AddScoped<DuplicateQueries>().AddScoped<DuplicateMerge>();

    /// <summary>What a client sends to check a case before registering it.</summary>
    public sealed record CheckRequest(string? IdNumber, string Name, DateOnly BirthDate, string HukouCountyCode, long? ExceptPersonId);

    public static IEndpointRouteBuilder MapDuplicatesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/duplicates").WithTags("Duplicates").RequireAuthorization();
        group.MapGet("/", ListAsync).WithName("ListDuplicates").Produces<DuplicateGroupPage>().ProducesErrors(StatusCodes.Status404NotFound)
            .WithSummary("Groups of suspected duplicates in the caller's scope (kind NameBirthHukou or SamePlaceholderId), 20 groups a page, ID numbers masked.");
        group.MapPost("/check", CheckAsync).WithName("CheckDuplicate").Produces<DuplicateFinding>().ProducesErrors(StatusCodes.Status404NotFound)
            .WithSummary("Entry check: the case already holding this ID number (open it instead), and cases with the same name, birth date and 户籍地 county.");
        group.MapPost("/merge", MergeAsync).WithName("MergeDuplicates").Produces<MergeResult>().ProducesErrors(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)
            .WithSummary("Merge cases into the surviving one (versions as read); both histories kept, audited. Community and street roles only.");
        return app;
    }

    static async Task<IResult> ListAsync(HttpContext http, DuplicateQueries queries, DuplicateKind? kind, int? page, CancellationToken ct)
    {
        var user = http.CurrentUser();
        if (!user.CanReadPersons) return TypedResults.NotFound();
        return TypedResults.Ok(await queries.ListAsync(user, kind ?? DuplicateKind.NameBirthHukou, page ?? 1, ct));
    }

    static async Task<IResult> CheckAsync(HttpContext http, DuplicateCheck check, CheckRequest request, CancellationToken ct)
    {
        var user = http.CurrentUser();
        if (!user.CanWritePersons) return TypedResults.NotFound();
        return TypedResults.Ok(await check.CheckAsync(user, request.IdNumber, request.Name, request.BirthDate, request.HukouCountyCode,
            request.ExceptPersonId, ct));
    }

    static async Task<IResult> MergeAsync(HttpContext http, DuplicateMerge merge, IStringLocalizer localizer, MergeRequest request,
        CancellationToken ct)
    {
        var result = await merge.MergeAsync(http.CurrentUser(), request, ct);
        return result.IsSuccess ? TypedResults.Ok(result.Value) : result.Error.ToProblem(localizer);
    }
}
