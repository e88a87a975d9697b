using EqualCare.Web.Domain;
using EqualCare.Web.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace EqualCare.Web.Features.Import;

public sealed record ImportProblemView(int Row, string Column, string Value, string Code, string Message);

/// <summary>The import report as the API returns it: counts, unknown headers, the problems (values masked) in the caller's language.</summary>
public sealed record ImportReportView(string FileName, int Rows, int Valid, int Rejected, int AlreadyPresent, int? Loaded,
    IReadOnlyList<string> UnknownHeaders, int ProblemCount, IReadOnlyList<ImportProblemView> Problems)
{
    public static ImportReportView From(ImportReport r, IStringLocalizer localizer) => new(r.FileName, r.Rows, r.Valid, r.Rejected,
        r.AlreadyPresent, r.Loaded, r.UnknownHeaders, r.ProblemCount,
        r.Problems.Select(p => new ImportProblemView(p.Row, p.Column, p.Value, p.Code, ImportMessages.Text(localizer, p.Code))).ToList());
}

public static class ImportApi
{
    public static IServiceCollection AddImport(this IServiceCollection services) => services
        .AddSingleton(sp => ImportSettings.From(sp.GetRequiredService<IConfiguration>()))
        .AddScoped<ImportService>()
        // Uploads hold full ID numbers: removed when their import ends, and by this service once KeepHours have passed.
        .AddSingleton(sp => ImportRetention.From(sp.GetRequiredService<IConfiguration>()))
        .AddSingleton<ImportCleanup>()
        .AddHostedService<ImportCleanupService>();

    public static IEndpointRouteBuilder MapImportApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/persons/import", ImportAsync)
            .WithTags("Persons").RequireAuthorization()
            .WithName("ImportPersons")
            .WithSummary("Import persons from a .csv (UTF-8 or GBK) or .xlsx file with the template's Chinese headers.")
            .WithDescription("mode=validate (default) only checks and reports; mode=valid loads the valid rows; mode=all loads only when no row " +
                             "is rejected (409 otherwise). Rows whose ID number is already registered, or repeated in the file, are not added. " +
                             "Only roles that write persons may import; communities must lie in the caller's scope.")
            .Produces<ImportReportView>()
            .ProducesErrors(StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)
            // Bearer clients carry no antiforgery token; a cookie request is checked by UseCookieAntiforgery.
            .DisableAntiforgery()
            .WithMetadata(new UploadLimitAttribute());
        return app;
    }

    static async Task<IResult> ImportAsync(HttpContext http, ImportService imports, IStringLocalizer localizer, IFormFile? file,
        string? mode, CancellationToken ct)
    {
        if (!TryMode(mode, out var importMode)) return Error.Validation("import.mode.bad", "mode").ToProblem(localizer);
        if (file is null) return Error.Validation("import.file.missing", "file").ToProblem(localizer);
        await using var content = file.OpenReadStream();
        var result = await imports.ImportAsync(http.CurrentUser(), content, file.FileName, importMode,
            http.Connection.RemoteIpAddress?.ToString(), ct);
        return result.IsSuccess ? TypedResults.Ok(ImportReportView.From(result.Value, localizer)) : result.Error.ToProblem(localizer);
    }

    public static bool TryMode(string? text, out ImportMode mode)
    {
        mode = ImportMode.Validate;
        return string.IsNullOrEmpty(text) || (Enum.TryParse(text, ignoreCase: true, out mode) && Enum.IsDefined(mode));
    }

}
