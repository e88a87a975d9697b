using EqualCare.Web.Web;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;

namespace EqualCare.Web.Features.Certificates;

public static class CertificatesApi
{
    public static IServiceCollection AddCertificates(this IServiceCollection services)
    {
        services.AddOptions<CertificateOptions>().BindConfiguration(EqualCareOptions.Section);
        services.AddScoped<CertificateHandler>();
        services.AddScoped<MissingCertificates>();
        return services;
    }

    public static IEndpointRouteBuilder MapCertificatesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/persons/{id:long}/certificates").WithTags("Certificates").RequireAuthorization();
        group.MapGet("/", ListAsync).WithName("ListCertificates").Produces<CertificateList>().ProducesErrors(StatusCodes.Status404NotFound)
            .WithSummary("婚育证明 and 生育服务登记 records of a case, newest first, each with its checks; 404 outside scope.");
        group.MapPost("/", AddAsync).WithName("AddCertificate").Produces<CertificateItem>(StatusCodes.Status201Created).ProducesErrors(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound)
            .WithSummary("Appends a certificate (kind MarriageAndChildbearing with form Paper|Electronic|PrintedFromElectronic, or BirthServiceRegistration with childOrder); a correction is a new record.");
        group.MapPost("/{certId:long}/checks", AddCheckAsync).WithName("AddCertificateCheck").Produces<CheckItem>(StatusCodes.Status201Created).ProducesErrors(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound)
            .WithSummary("Appends a 现居住地查验 (checkedOn, office, result Valid|NeedsCorrection|Invalid, note) to a 婚育证明.");
        app.MapGet("/api/certificates/missing", MissingAsync).WithTags("Certificates").RequireAuthorization()
            .WithName("ListMissingCertificates").ProducesErrors()
            .WithSummary("Women 18–49 in scope, active, inflow, arrived more than EqualCare:CertificateDueDays ago, without a valid 婚育证明 (IDs masked).");
        return app;
    }

    static async Task<IResult> ListAsync(HttpContext http, CertificateHandler handler, IStringLocalizer localizer, long id, CancellationToken ct)
    {
        var result = await handler.ListAsync(http.CurrentUser(), id, ct);
        return result.IsSuccess ? TypedResults.Ok(result.Value) : result.Error.ToProblem(localizer);
    }

    static async Task<IResult> AddAsync(HttpContext http, CertificateHandler handler, IStringLocalizer localizer, long id,
        CertificateRequest request, CancellationToken ct)
    {
        var result = await handler.AddAsync(http.CurrentUser(), id, request, ct);
        return result.IsSuccess ? TypedResults.Created($"/api/persons/{id}/certificates", result.Value) : result.Error.ToProblem(localizer);
    }

    static async Task<IResult> AddCheckAsync(HttpContext http, CertificateHandler handler, IStringLocalizer localizer, long id, long certId,
        CheckRequest request, CancellationToken ct)
    {
        var result = await handler.AddCheckAsync(http.CurrentUser(), id, certId, request, ct);
        return result.IsSuccess ? TypedResults.Created($"/api/persons/{id}/certificates", result.Value) : result.Error.ToProblem(localizer);
    }

    static async Task<Ok<MissingPage>> MissingAsync(HttpContext http, MissingCertificates query, string? community, int? page,
        int? pageSize, CancellationToken ct) =>
        TypedResults.Ok(await query.ListAsync(http.CurrentUser(), new MissingSearch(community, page ?? 1, pageSize ?? 20), ct));
}
