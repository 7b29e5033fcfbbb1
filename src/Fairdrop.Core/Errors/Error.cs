namespace Fairdrop.Core.Errors;

/// <summary>An expected failure, returned as a value: a stable code, a human message and, when one is to blame, the field.</summary>
public sealed record Error(string Code, string Message, string? Field = null)
{
    /// <summary>For a refusal that passes with time (a rate limit): when to try again, sent as <c>Retry-After</c>.</summary>
    public TimeSpan? RetryAfter { get; init; }

    public static Error Validation(string field, string message) => new(ErrorCodes.ValidationFailed, message, field);

    public static Error NotFound(string what) => new(ErrorCodes.NotFound, $"{what} was not found.");
}
