using EqualCare.Web.Data;
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

    /// <summary>
    /// What the entry check tells a client. A case outside the caller's scope is only "registered elsewhere in the
    /// installation": no case id, no community (issue 14, point 8; the street's move request is a page of its own).
    /// </summary>
    public sealed record CheckAnswer(long? ExistingPersonId, bool ExistingInScope, bool RegisteredElsewhere,
        IReadOnlyList<DuplicateCandidate> Similar)
    {
        public bool OpensExisting => ExistingPersonId is not null;
        public bool HasWarning => Similar.Count > 0;
    }

    public static IEndpointRouteBuilder MapDuplicatesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/duplicates").WithTags("Duplicates").RequireAuthorization();
        group.MapGet("/", ListAsync).WithName("ListDuplicates").Produces<DuplicateGroupPage>().ProducesErrors(StatusCodes.Status404NotFound)
            .WithSummary("Groups of suspected duplicates in the caller's scope (kind NameBirthHukou or SamePlaceholderId), 20 groups a page, ID numbers masked.");
        group.MapPost("/check", CheckAsync).WithName("CheckDuplicate").Produces<CheckAnswer>().ProducesErrors(StatusCodes.Status404NotFound)
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

    static async Task<IResult> CheckAsync(HttpContext http, DuplicateCheck check, AuditLog audit, CheckRequest request, CancellationToken ct)
    {
        var user = http.CurrentUser();
        if (!user.CanWritePersons) return TypedResults.NotFound();
        var finding = await check.CheckAsync(user, request.IdNumber, request.Name, request.BirthDate, request.HukouCountyCode,
            request.ExceptPersonId, ct);
        var elsewhere = finding.ExistingPersonId is not null && !finding.ExistingInScope;
        var answer = new CheckAnswer(finding.ExistingInScope ? finding.ExistingPersonId : null, finding.ExistingInScope, elsewhere,
            finding.Similar.Select(c => c.InScope ? c : c with { CommunityCode = null }).ToList());
        // Every check is audited (who, from which unit, what it found), never the number asked about: the log must not
        // become a second register of ID numbers.
        var found = finding.ExistingInScope ? "in_scope" : elsewhere ? "elsewhere" : "none";
        await audit.RecordAsync(AuditLog.Actions.View, "duplicate_check", null,
            detail: $"unit={user.Org.Value} number={found} similar={finding.Similar.Count}", ct: ct);
        return TypedResults.Ok(answer);
    }

    static async Task<IResult> MergeAsync(HttpContext http, DuplicateMerge merge, IStringLocalizer localizer, MergeRequest request,
        CancellationToken ct)
    {
        var result = await merge.MergeAsync(http.CurrentUser(), request, ct);
        return result.IsSuccess ? TypedResults.Ok(result.Value) : result.Error.ToProblem(localizer);
    }
}
