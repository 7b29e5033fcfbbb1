namespace Fairdrop.SmsPrograms;

/// <summary>The SMS programs module's log event ids, 8400–8499 (docs/telemetry.md lists every module's range); an id means one thing only.</summary>
internal static class SmsProgramsEventIds
{
    public const int ConfirmationWithoutRequest = 8401;
    public const int UnknownKeyword = 8402;
    public const int Stopped = 8403;
    public const int AlertPlanned = 8404;
    public const int NumberOverLimit = 8405;
    public const int StorefrontCallerRefused = 8406;
}
