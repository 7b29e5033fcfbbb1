using System.Diagnostics.CodeAnalysis;

namespace Fairdrop.Core.Errors;

/// <summary>Either a value or an <see cref="Error"/>; expected outcomes travel this way instead of as exceptions.</summary>
public readonly record struct Result<T>
{
    private Result(T? value, Error? error)
    {
        Value = value;
        Error = error;
    }

    public T? Value { get; }

    public Error? Error { get; }

    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsSuccess => Error is null;

    public static Result<T> Success(T value) => new(value, null);

    public static Result<T> Failure(Error error) => new(default, error);

    /// <summary>The value when there is one, else the error: <c>if (!result.TryGetValue(out var value, out var error)) return error;</c>.</summary>
    public bool TryGetValue([MaybeNullWhen(false)] out T value, [NotNullWhen(false)] out Error? error)
    {
        value = Value;
        error = Error;
        return error is null;
    }

    public static implicit operator Result<T>(Error error) => Failure(error);

    public static implicit operator Result<T>(T value) => Success(value);
}
