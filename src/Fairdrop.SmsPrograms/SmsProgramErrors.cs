using Fairdrop.Core.Errors;

namespace Fairdrop.SmsPrograms;

/// <summary>The SMS programs module's stable error codes (docs/sms-programs.md lists them), each with the kind it is answered as.</summary>
public static class SmsProgramErrors
{
    public const string ProgramNotFound = "sms_program_not_found";
    public const string KeywordTaken = "sms_keyword_taken";
    public const string SubscriberNotFound = "sms_subscriber_not_found";

    /// <summary>A browser opt-in from an origin that is not on the merchant's storefront allow-list.</summary>
    public const string OriginNotAllowed = "sms_origin_not_allowed";

    internal static Error ProgramMissing() => Error.Of(ErrorKind.NotFound, ProgramNotFound, "The SMS program was not found.");

    internal static Error SubscriberMissing() => Error.Of(ErrorKind.NotFound, SubscriberNotFound, "The subscriber was not found.");

    internal static Error KeyRejected() => new(ErrorCodes.Unauthorized, "The publishable key is missing or unknown (a secret API key never belongs in a storefront).");

    internal static Error OriginRejected(string origin) =>
        Error.Of(ErrorKind.Forbidden, OriginNotAllowed, $"The origin '{origin}' is not on this shop's allow-list (PUT /api/v1/restock/settings/origins).");

    internal static Error TooManyOptIns(TimeSpan retryAfter) =>
        new(ErrorCodes.RateLimited, "Too many sign-ups from this client; try again later.") { RetryAfter = retryAfter };

    internal static Error Taken(string keyword) =>
        Error.Of(ErrorKind.Conflict, KeywordTaken, $"'{keyword}' already joins another of the merchant's programs.", "keyword");
}
