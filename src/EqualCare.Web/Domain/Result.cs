using System.Diagnostics.CodeAnalysis;

namespace EqualCare.Web.Domain;

/// <summary>What kind of failure an <see cref="Error"/> is; the HTTP status of an API answer comes from this alone.</summary>
public enum ErrorKind
{
    Validation,
    NotFound,
    Conflict,
    Forbidden,
}

/// <summary>
/// An expected failure with a stable code; the code is also the UI-string key of its message. A failure about one
/// input names its <see cref="Field"/>; a failure about several inputs carries each of them in <see cref="Fields"/>
/// (one field + code each), so the rules, the handlers, the API and the pages all speak of failures one way.
/// </summary>
public sealed record Error(ErrorKind Kind, string Code, string? Field = null)
{
    IReadOnlyList<Error>? fields;

    /// <summary>The field problems, each an <see cref="Error"/> with a <see cref="Field"/> ("" = the form as a whole).</summary>
    public IReadOnlyList<Error> Fields
    {
        get => fields ?? (Field is null ? [] : [this]);
        init => fields = value;
    }

    /// <summary>
    /// Values the caller needs to act on the failure (the id of the case already registered, the similar cases to
    /// confirm); the API adds them to the problem body beside <c>code</c>.
    /// </summary>
    public IReadOnlyDictionary<string, object?>? Details { get; init; }

    public static Error Validation(string code, string? field = null) => new(ErrorKind.Validation, code, field);
    public static Error NotFound(string code) => new(ErrorKind.NotFound, code);
    public static Error Conflict(string code) => new(ErrorKind.Conflict, code);
    public static Error Forbidden(string code) => new(ErrorKind.Forbidden, code);

    /// <summary>One validation failure made of several field problems; its code is the first problem's.</summary>
    public static Error Invalid(IReadOnlyList<Error> problems) => problems switch
    {
        [] => throw new ArgumentException("A validation failure needs at least one problem.", nameof(problems)),
        [var only] => only,
        _ => new(ErrorKind.Validation, problems[0].Code) { Fields = problems },
    };
}

/// <summary>A value or an <see cref="Error"/>; mapped once to ProblemDetails (API) and once to ModelState (pages).</summary>
public readonly struct Result<T>
{
    readonly T? value;

    public Error? Error { get; }

    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsSuccess => Error is null;

    [MemberNotNullWhen(true, nameof(Error))]
    public bool IsFailure => Error is not null;

    public T Value => IsSuccess ? value! : throw new InvalidOperationException("No value: " + Error.Code);

    Result(T? value, Error? error)
    {
        this.value = value;
        Error = error;
    }

    /// <summary>The value or the error, each to its own branch; the compiler sees that both are handled.</summary>
    public TOut Match<TOut>(Func<T, TOut> success, Func<Error, TOut> failure) => IsSuccess ? success(Value) : failure(Error);

    public static implicit operator Result<T>(T value) => new(value, null);
    public static implicit operator Result<T>(Error error) => new(default, error);
}
