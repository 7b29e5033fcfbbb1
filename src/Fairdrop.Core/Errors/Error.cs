namespace Fairdrop.Core.Errors;

/// <summary>
/// An expected failure, returned as a value: a stable code, a human message and, when one is to blame, the field. Its
/// <see cref="Kind"/> decides the HTTP status (<see cref="ErrorKinds.Status"/>); the code only names the case.
/// </summary>
public sealed record Error(string Code, string Message, string? Field = null)
{
    /// <summary>What sort of failure this is; by default the kind of <see cref="Code"/> (<see cref="ErrorKinds.Of"/>).</summary>
    public ErrorKind Kind { get; init; } = ErrorKinds.Of(Code);

    /// <summary>For a refusal that passes with time (a rate limit): when to try again, sent as <c>Retry-After</c>.</summary>
    public TimeSpan? RetryAfter { get; init; }

    public static Error Validation(string field, string message) => new(ErrorCodes.ValidationFailed, message, field);

    public static Error NotFound(string what) => new(ErrorCodes.NotFound, $"{what} was not found.");

    /// <summary>An error of a module's own code with the kind it is answered as.</summary>
    public static Error Of(ErrorKind kind, string code, string message, string? field = null) => new(code, message, field) { Kind = kind };
}
