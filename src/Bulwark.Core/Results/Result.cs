namespace Bulwark.Core.Results;

/// <summary>An expected failure: the kind picks the status code, the message is safe to show the caller.</summary>
public sealed record Error(ErrorKind Kind, string Message);

/// <summary>A value or an expected failure.</summary>
public readonly record struct Result<T>
{
    private Result(T? value, Error? error)
    {
        Value = value;
        Error = error;
    }

    public T? Value { get; }

    public Error? Error { get; }

    public bool IsSuccess => Error is null;

#pragma warning disable CA2225 // Implicit conversions keep call sites readable.
    public static implicit operator Result<T>(T value) => new(value, null);

    public static implicit operator Result<T>(Error error) => new(default, error);
#pragma warning restore CA2225
}
