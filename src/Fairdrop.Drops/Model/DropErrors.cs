using Fairdrop.Core.Errors;

namespace Fairdrop.Drops.Model;

/// <summary>The expected ways a drop refuses something, each with a stable code.</summary>
public static class DropErrors
{
    public const string WindowNotOpen = "drop_window_not_open";
    public const string Closed = "drop_closed";
    public const string DuplicateEntry = "duplicate_entry";
    public const string SoldOut = "sold_out";
    public const string TokenInvalid = "token_invalid";
    public const string TokenExpired = "token_expired";
    public const string TokenUsed = "token_used";
    public const string TokenNotYours = "token_not_yours";
    public const string QuantityOverLimit = "quantity_over_limit";
    public const string PriorityCodeInvalid = "priority_code_invalid";

    internal static Error NotFound() => Error.NotFound("The drop");

    internal static Error Of(string code, string message) => new(code, message);
}
