using EqualCare.Web.Domain;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Extensions.Localization;

namespace EqualCare.Web.Web;

public static class ResultMapping
{
    /// <summary>The API side: an <see cref="Error"/> as ProblemDetails with its stable code and a localised title.</summary>
    public static IResult ToProblem(this Error error, IStringLocalizer localizer)
    {
        var status = error.Kind switch
        {
            ErrorKind.NotFound => StatusCodes.Status404NotFound,
            ErrorKind.Conflict => StatusCodes.Status409Conflict,
            ErrorKind.Forbidden => StatusCodes.Status403Forbidden,
            _ => StatusCodes.Status400BadRequest,
        };
        var extensions = new Dictionary<string, object?> { ["code"] = error.Code };
        if (error.Field is not null) extensions["field"] = error.Field;
        return Results.Problem(title: localizer[error.Code], statusCode: status, extensions: extensions);
    }

    /// <summary>200 with the value, or the error's ProblemDetails.</summary>
    public static IResult ToOk<T>(this Result<T> result, IStringLocalizer localizer) =>
        result.IsSuccess ? TypedResults.Ok(result.Value) : result.Error.ToProblem(localizer);

    /// <summary>201 at <paramref name="location"/> with the value, or the error's ProblemDetails.</summary>
    public static IResult ToCreated<T>(this Result<T> result, string location, IStringLocalizer localizer) =>
        result.IsSuccess ? TypedResults.Created(location, result.Value) : result.Error.ToProblem(localizer);

    /// <summary>The page side: the message next to its field (or at the top of the form).</summary>
    public static void AddTo(this Error error, ModelStateDictionary modelState, IStringLocalizer localizer) =>
        modelState.AddModelError(error.Field ?? string.Empty, localizer[error.Code]);
}
