using EqualCare.Web.Domain;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Extensions.Localization;

namespace EqualCare.Web.Web;

/// <summary>
/// The one body of every API error (RFC 9457 ProblemDetails with EqualCare's members); the OpenAPI document names it,
/// and every route declares it for its error statuses.
/// </summary>
/// <param name="Code">The stable error code (also the UI-string key of <paramref name="Title"/>), e.g. <c>person.notFound</c>.</param>
/// <param name="Title">The localised message of <paramref name="Code"/>.</param>
/// <param name="Errors">Field problems: field → localised messages ("" = the request as a whole).</param>
/// <param name="ErrorCodes">The same field problems as stable codes, in the same order as <paramref name="Errors"/>.</param>
public sealed record ApiProblem(
    string? Type, string Title, int Status, string Code,
    IReadOnlyDictionary<string, string[]>? Errors = null, IReadOnlyDictionary<string, string[]>? ErrorCodes = null);

public static class ResultMapping
{
    /// <summary>The HTTP status of a failure comes from its kind alone, never from its code.</summary>
    public static int Status(this ErrorKind kind) => kind switch
    {
        ErrorKind.NotFound => StatusCodes.Status404NotFound,
        ErrorKind.Conflict => StatusCodes.Status409Conflict,
        ErrorKind.Forbidden => StatusCodes.Status403Forbidden,
        _ => StatusCodes.Status400BadRequest,
    };

    /// <summary>
    /// The message of an error. A few messages name what they are about (<c>{0}</c>: the missing columns, the file,
    /// the row and column), which the error carries in <see cref="Error.Field"/>.
    /// </summary>
    public static string Message(this Error error, IStringLocalizer localizer) => localizer[error.Code, error.Field ?? ""];

    /// <summary>The API side: an <see cref="Error"/> as ProblemDetails with its stable code, a localised title and its field problems.</summary>
    public static ProblemHttpResult ToProblem(this Error error, IStringLocalizer localizer)
    {
        var extensions = new Dictionary<string, object?> { ["code"] = error.Code };
        if (error.Field is not null) extensions["field"] = error.Field;
        var fields = error.Fields;
        if (fields.Count > 0)
        {
            var byField = fields.GroupBy(f => f.Field ?? "").ToList();
            extensions["errors"] = byField.ToDictionary(g => g.Key, g => g.Select(f => f.Message(localizer)).ToArray());
            extensions["errorCodes"] = byField.ToDictionary(g => g.Key, g => g.Select(f => f.Code).ToArray());
        }
        foreach (var (name, value) in error.Details ?? new Dictionary<string, object?>()) extensions[name] = value;
        return TypedResults.Problem(title: error.Message(localizer), statusCode: error.Kind.Status(), extensions: extensions);
    }

    /// <summary>
    /// Every error body has a code and a localised title, also the ones no handler wrote (401 without a user, 404 of an
    /// unknown route): their code is <c>error.{status}</c>.
    /// </summary>
    public static void Complete(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        if (problem.Extensions.ContainsKey("code")) return;
        // A body that did not read: name the field (JSON path without "$."), never the exception's text or stack.
        if (context.Exception is BadHttpRequestException { InnerException: System.Text.Json.JsonException { Path: { Length: > 0 } path } })
        {
            var field = path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path;
            problem.Extensions["field"] = field;
            problem.Detail = field;
        }
        var code = $"error.{problem.Status ?? context.HttpContext.Response.StatusCode}";
        problem.Extensions["code"] = code;
        var message = context.HttpContext.RequestServices.GetService<IStringLocalizer>()?[code];
        if (message is { ResourceNotFound: false }) problem.Title = message.Value;
    }

    /// <summary>200 with the value, or the error's ProblemDetails.</summary>
    public static IResult ToOk<T>(this Result<T> result, IStringLocalizer localizer) =>
        result.IsSuccess ? TypedResults.Ok(result.Value) : result.Error.ToProblem(localizer);

    /// <summary>200 with the value as the API shows it (<paramref name="view"/>: a flat DTO), or the error's ProblemDetails.</summary>
    public static IResult ToOk<T, TView>(this Result<T> result, Func<T, TView> view, IStringLocalizer localizer) =>
        result.IsSuccess ? TypedResults.Ok(view(result.Value)) : result.Error.ToProblem(localizer);

    /// <summary>201 at <paramref name="location"/> with the value, or the error's ProblemDetails.</summary>
    public static IResult ToCreated<T>(this Result<T> result, string location, IStringLocalizer localizer) =>
        result.IsSuccess ? TypedResults.Created(location, result.Value) : result.Error.ToProblem(localizer);

    /// <summary>201 at the location made from the value, or the error's ProblemDetails.</summary>
    public static IResult ToCreated<T>(this Result<T> result, Func<T, string> location, IStringLocalizer localizer) =>
        result.IsSuccess ? TypedResults.Created(location(result.Value), result.Value) : result.Error.ToProblem(localizer);

    /// <summary>
    /// The page side: each field problem's message next to its field (or at the top of the form when it names none).
    /// <paramref name="prefix"/> is the bound model's name (<c>Form</c>), so that the message lands next to <c>Form.Name</c>;
    /// <paramref name="key"/> puts every message under one key instead (<c>""</c>: the summary at the top of a page
    /// whose fields carry no messages of their own).
    /// </summary>
    public static void AddTo(this Error error, ModelStateDictionary modelState, IStringLocalizer localizer, string? prefix = null,
        string? key = null)
    {
        foreach (var problem in error.Fields.Count > 0 ? error.Fields : [error])
        {
            var field = problem.Field ?? "";
            var at = key ?? (field.Length == 0 || prefix is null ? field : prefix + "." + field);
            modelState.AddModelError(at, problem.Message(localizer));
        }
    }
}
