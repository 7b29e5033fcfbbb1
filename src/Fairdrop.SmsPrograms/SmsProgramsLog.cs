using Microsoft.Extensions.Logging;

namespace Fairdrop.SmsPrograms;

/// <summary>The module's log messages. Never a phone number, a code or a message body: the inbound message's id stands for them.</summary>
internal static partial class SmsProgramsLog
{
    [LoggerMessage(SmsProgramsEventIds.ConfirmationWithoutRequest, LogLevel.Information, "Inbound SMS {MessageId} is a confirmation from a number with no pending request; ignored")]
    public static partial void ConfirmationWithoutRequest(ILogger logger, Guid messageId);

    [LoggerMessage(SmsProgramsEventIds.UnknownKeyword, LogLevel.Information, "Inbound SMS {MessageId} is no keyword of program {ProgramId}; its help text was sent, no consent stored")]
    public static partial void UnknownKeyword(ILogger logger, Guid messageId, Guid programId);

    [LoggerMessage(SmsProgramsEventIds.Stopped, LogLevel.Information, "Inbound SMS {MessageId} was STOP: {Subscriptions} subscriptions ended")]
    public static partial void Stopped(ILogger logger, Guid messageId, int subscriptions);

    [LoggerMessage(SmsProgramsEventIds.AlertPlanned, LogLevel.Information, "Alert {AlertKey} of program {ProgramId}: {Planned} planned ({Held} held for legal hours or subject limits), {Dropped} dropped")]
    public static partial void AlertPlanned(ILogger logger, string alertKey, Guid programId, int planned, int held, int dropped);

    [LoggerMessage(SmsProgramsEventIds.NumberOverLimit, LogLevel.Warning, "Storefront opt-in to program {ProgramId} for a number over its limit: answered as accepted, nothing sent")]
    public static partial void NumberOverLimit(ILogger logger, Guid programId);

    [LoggerMessage(SmsProgramsEventIds.StorefrontCallerRefused, LogLevel.Information, "Storefront opt-in refused: {Code}")]
    public static partial void StorefrontCallerRefused(ILogger logger, string code);
}
