namespace EqualCare.Web.Web;

public enum ErrorKind
{
    Validation,
    NotFound,
    Conflict,
    Forbidden,
}

/// <summary>An expected failure with a stable code; the code is also the UI-string key of its message.</summary>
public sealed record Error(ErrorKind Kind, string Code, string? Field = null)
{
    public static Error Validation(string code, string? field = null) => new(ErrorKind.Validation, code, field);
    public static Error NotFound(string code) => new(ErrorKind.NotFound, code);
    public static Error Conflict(string code) => new(ErrorKind.Conflict, code);
    public static Error Forbidden(string code) => new(ErrorKind.Forbidden, code);
}

/// <summary>A value or an <see cref="Error"/>; mapped once to ProblemDetails (API) and once to ModelState (pages).</summary>
public readonly struct Result<T>
{
    readonly T? value;

    public Error? Error { get; }
    public bool IsSuccess => Error is null;
    public T Value => IsSuccess ? value! : throw new InvalidOperationException("No value: " + Error!.Code);

    Result(T? value, Error? error)
    {
        this.value = value;
        Error = error;
    }

    public static implicit operator Result<T>(T value) => new(value, null);
    public static implicit operator Result<T>(Error error) => new(default, error);
}
