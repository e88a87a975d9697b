using EqualCare.Web.Web;
using Microsoft.Extensions.Localization;

namespace EqualCare.Web.Features.Surveys;

/// <summary>The satisfaction survey's answers (政策知晓率, 满意度): recorded here, counted by the indicators.</summary>
public static class SurveysApi
{
    public static IServiceCollection AddSurveys(this IServiceCollection services) => services.AddScoped<SurveyHandler>();

    public static IEndpointRouteBuilder MapSurveysApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/surveys", async (HttpContext http, SurveyHandler handler, IStringLocalizer localizer, SurveyRequest request,
                CancellationToken ct) => (await handler.RecordAsync(http.CurrentUser(), request, ct)).ToCreated("/Surveys", localizer))
            .RequireAuthorization().WithTags("Indicators").WithName("RecordSurvey")
            .Produces<SurveyRecorded>(StatusCodes.Status201Created).ProducesErrors(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
        return app;
    }
}
