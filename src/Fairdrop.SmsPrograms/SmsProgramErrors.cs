using Fairdrop.Core.Errors;

namespace Fairdrop.SmsPrograms;

/// <summary>The SMS programs module's stable error codes (docs/sms-programs.md lists them), each with the kind it is answered as.</summary>
public static class SmsProgramErrors
{
    public const string ProgramNotFound = "sms_program_not_found";
    public const string KeywordTaken = "sms_keyword_taken";
    public const string SubscriberNotFound = "sms_subscriber_not_found";

    internal static Error ProgramMissing() => Error.Of(ErrorKind.NotFound, ProgramNotFound, "The SMS program was not found.");

    internal static Error SubscriberMissing() => Error.Of(ErrorKind.NotFound, SubscriberNotFound, "The subscriber was not found.");

    internal static Error Taken(string keyword) =>
        Error.Of(ErrorKind.Conflict, KeywordTaken, $"'{keyword}' already joins another of the merchant's programs.", "keyword");
}
