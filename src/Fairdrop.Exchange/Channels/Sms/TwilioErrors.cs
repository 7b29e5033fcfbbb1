namespace Fairdrop.Exchange.Channels.Sms;

/// <summary>
/// Maps a provider answer to what the dispatcher should do. 429 / 20429 (too many requests) mean the message was
/// not created: retry. 5xx and timeouts are uncertain (the provider may hold the message): retry, but look for it
/// first. Other 4xx are permanent for this message: 21211 invalid To, 21610 recipient unsubscribed (STOP at the
/// carrier), 21614 not a mobile number, 21612 / 21408 unroutable, 21602 / 21604 / 21603 missing fields. Bad
/// credentials (20003) are retried: fixing the configuration must not have cost the messages.
/// </summary>
internal static class TwilioErrors
{
    public const int TooManyRequests = 20429;
    public const int Authentication = 20003;
    public const int InvalidTo = 21211;
    public const int Unsubscribed = 21610;
    public const int NotMobile = 21614;

    public static SmsFailure Classify(int httpStatus, int? code) => (httpStatus, code) switch
    {
        (429, _) or (_, TooManyRequests) => SmsFailure.NotCreated,
        (>= 500, _) => SmsFailure.Uncertain,
        (401 or 403, _) or (_, Authentication) => SmsFailure.NotCreated,
        _ => SmsFailure.Permanent,
    };
}

/// <summary>The classes of a failed send: retry, retry after looking for the message, give up.</summary>
internal enum SmsFailure
{
    NotCreated,
    Uncertain,
    Permanent,
}
