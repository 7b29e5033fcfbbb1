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
    public const string PriorityCodeInvalid = "priority_code_invalid";
    public const string BeaconUnavailable = "beacon_unavailable";
    public const string NotSealed = "entry_list_not_sealed";

    internal static Error NotFound() => Error.NotFound("The drop");

    internal static Error Of(string code, string message) => Error.Of(KindOf(code), code, message);

    /// <summary>
    /// What each refusal is, which gives its status (<see cref="ErrorKinds.Status"/>): a used chance (sold out, entered,
    /// token spent) is a conflict, a sale token or priority code that does not prove the right is forbidden, a request at
    /// the wrong time is unprocessable, anything else a bad request.
    /// </summary>
    private static ErrorKind KindOf(string code) => code switch
    {
        SoldOut or DuplicateEntry or TokenUsed => ErrorKind.Conflict,
        TokenInvalid or TokenExpired or TokenNotYours or PriorityCodeInvalid => ErrorKind.Forbidden,
        WindowNotOpen or Closed or NotSealed => ErrorKind.Unprocessable,
        BeaconUnavailable => ErrorKind.Unavailable,
        _ => ErrorKind.BadRequest,
    };
}
