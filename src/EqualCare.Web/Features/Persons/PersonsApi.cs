using EqualCare.Web.Domain;
using EqualCare.Web.Domain.Cases;
using EqualCare.Web.Web;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;

namespace EqualCare.Web.Features.Persons;

public static class PersonsApi
{
    public static IServiceCollection AddPersons(this IServiceCollection services) =>
        services.AddScoped<PersonQueries>().AddScoped<PersonReveal>();

    public static IEndpointRouteBuilder MapPersonsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/persons").WithTags("Persons").RequireAuthorization();
        group.MapGet("/", ListAsync).WithName("ListPersons").ProducesErrors()
            .WithSummary("Persons in the caller's scope, filtered and paged; ID numbers and phones masked, merged duplicates left out.");
        group.MapGet("/{id:long}", GetAsync).WithName("GetPerson").Produces<CaseDto>().ProducesErrors(StatusCodes.Status404NotFound).WithSummary("One person in the caller's scope; 404 outside it.");
        group.MapPost("/{id:long}/reveal", RevealAsync).WithName("RevealPerson").Produces<RevealedIdentity>().ProducesErrors(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound)
            .WithSummary("Full ID number and phone of one person, audited. Only community and street roles, only in scope; 404 otherwise.");
        return app;
    }

    /// <summary>The list filters as query parameters (the same as the page's).</summary>
    /// <param name="IdNumber">Exact ID number; normalised, a 15-digit number is upgraded to 18.</param>
    /// <param name="Name">Name prefix, or the whole name with nameExact=true.</param>
    /// <param name="NameExact">Match the whole name instead of a prefix.</param>
    /// <param name="Phone">Exact phone number.</param>
    /// <param name="Community">Org-unit code (2, 4, 6, 9 or 12 digits): persons living in its subtree.</param>
    /// <param name="Status">Case status: Active, Departed, ReturnedHome, Withdrawn, Deceased.</param>
    /// <param name="Sex">Male or Female.</param>
    /// <param name="AgeBand">Age0To6, Age7To14, Age15To49, Age50Plus (age on today's Beijing date).</param>
    /// <param name="Flow">Inflow or Outflow.</param>
    /// <param name="ArrivedFrom">Arrival date on or after (yyyy-MM-dd).</param>
    /// <param name="ArrivedTo">Arrival date on or before (yyyy-MM-dd).</param>
    /// <param name="Page">Page number, from 1.</param>
    /// <param name="PageSize">Rows per page, 1–200 (default 20).</param>
    /// <param name="Q">The search box: a fragment of the name (1 character or more), the last 4 or 6 characters of the ID
    /// number, the masked form as lists show it (411523********0515), a whole ID number, the last 4 digits (ID number or
    /// phone), a whole phone or its masked form (138****1234). Searches by ID number are audited as views of the persons found.</param>
    public sealed record ListParameters(
        string? IdNumber, string? Name, bool? NameExact, string? Phone, string? Community, CaseStatus? Status, Sex? Sex,
        AgeBand? AgeBand, FlowDirection? Flow, DateOnly? ArrivedFrom, DateOnly? ArrivedTo, int? Page, int? PageSize, string? Q)
    {
        public PersonSearch ToSearch() => new(IdNumber, Name, NameExact ?? false, Phone, Community, Status, Sex, AgeBand, Flow,
            ArrivedFrom, ArrivedTo, Page ?? 1, PageSize ?? 20, Q);
    }

    static async Task<Ok<PersonPage>> ListAsync(HttpContext http, PersonQueries queries, [AsParameters] ListParameters filters,
        CancellationToken ct) =>
        TypedResults.Ok(await queries.ListAsync(http.CurrentUser(), filters.ToSearch(), ct));

    static async Task<IResult> GetAsync(HttpContext http, PersonQueries cases, IStringLocalizer localizer, long id, CancellationToken ct)
    {
        var found = await cases.GetAsync(http.CurrentUser(), id, ct);
        return found is null ? Error.NotFound("person.notFound").ToProblem(localizer) : TypedResults.Ok(CaseDto.From(found));
    }

    static async Task<IResult> RevealAsync(HttpContext http, PersonReveal reveal, IStringLocalizer localizer, long id, CancellationToken ct)
    {
        var result = await reveal.RevealAsync(http.CurrentUser(), id, ct);
        if (!result.IsSuccess) return result.Error.ToProblem(localizer);
        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.Ok(result.Value);
    }
}
