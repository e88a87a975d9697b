using EqualCare.Web.Domain;
using EqualCare.Web.Web;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;

namespace EqualCare.Web.Features.Checkups;

/// <summary>集中康检: check-up days, their sheets and the 补检 list, as pages and as JSON; both call the same classes.</summary>
public static class CheckupsApi
{
    public static IServiceCollection AddCheckups(this IServiceCollection services)
    {
        services.AddScoped<CheckupDays>();
        services.AddScoped<CheckupSheetQuery>();
        services.AddScoped<CheckupSheetSave>();
        services.AddScoped<CheckupSheetView>();
        services.AddScoped<CatchUpQuery>();
        return services;
    }

    public static IEndpointRouteBuilder MapCheckupsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/checkups").WithTags("Checkups").RequireAuthorization();
        group.MapGet("/", ListAsync).WithName("ListCheckupDays").ProducesErrors()
            .WithSummary("The check-up days (集中康检) of an org unit in scope (default: the user's), newest first, with came and absent counts.");
        group.MapPost("/", CreateAsync).WithName("CreateCheckupDay").Produces<CheckupDayListItem>(StatusCodes.Status201Created).ProducesErrors(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)
            .WithSummary("A community worker plans a check-up day of her community: day (from the previous quarter up to a year ahead) and place.");
        group.MapGet("/{id:long}", SheetAsync).WithName("GetCheckupSheet").Produces<CheckupSheet>().ProducesErrors(StatusCodes.Status404NotFound)
            .WithSummary("The sheet: the women due a 康检 in the day's quarter (IDs and phones masked), each came/absent/not recorded, the 当日参检率, the absentees and the 补检 list.");
        group.MapPost("/{id:long}/attendance", SaveAsync).WithName("SaveCheckupSheet").Produces<SheetSaved>().ProducesErrors(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)
            .WithSummary("Saves the sheet at once: entries of personId + status Came (result, findings, reportSentToHukou) or Absent (reason, note). One bad entry refuses all.");
        group.MapGet("/catch-up", CatchUpAsync).WithName("GetCheckupCatchUp").ProducesErrors()
            .WithSummary("The 补检 list of an org unit for the current quarter: women absent on a check-up day who still have no 康检.");
        return app;
    }

    static async Task<Ok<IReadOnlyList<CheckupDayListItem>>> ListAsync(HttpContext http, CheckupDays days, string? org, CancellationToken ct) =>
        TypedResults.Ok(await days.ListAsync(http.CurrentUser(), OrgCode.TryParse(org, out var code) ? code : null, ct));

    static async Task<IResult> CreateAsync(HttpContext http, CheckupDays days, IStringLocalizer localizer, NewCheckupDay input, CancellationToken ct)
    {
        var result = await days.CreateAsync(http.CurrentUser(), input, ct);
        return result.ToCreated(result.IsSuccess ? $"/api/checkups/{result.Value.Id}" : "", localizer);
    }

    static async Task<IResult> SheetAsync(HttpContext http, CheckupSheetView view, IStringLocalizer localizer, long id, CancellationToken ct) =>
        (await view.ForAsync(http.CurrentUser(), id, ct)).ToOk(localizer);

    static async Task<IResult> SaveAsync(HttpContext http, CheckupSheetSave save, IStringLocalizer localizer, long id, SaveSheetRequest request,
        CancellationToken ct) =>
        (await save.SaveAsync(http.CurrentUser(), id, request, ct)).ToOk(localizer);

    static async Task<Ok<CatchUpList>> CatchUpAsync(HttpContext http, CatchUpQuery query, string? org, CancellationToken ct) =>
        TypedResults.Ok(await query.ForAsync(http.CurrentUser(), OrgCode.TryParse(org, out var code) ? code : null, ct));
}
