using Microsoft.Extensions.Logging;

namespace Fairdrop.Learner;

/// <summary>The learner's log messages: merchant ids and counts only, never a recipient's contact or behaviour.</summary>
internal static partial class LearnerLog
{
    [LoggerMessage(LearnerEventIds.Updated, LogLevel.Information, "Learner update for merchant {MerchantId}: {Events} events read, {Engaged} decisions engaged, {NotEngaged} not")]
    public static partial void Updated(ILogger logger, Guid merchantId, int events, int engaged, int notEngaged);

    [LoggerMessage(LearnerEventIds.Refitted, LogLevel.Information, "Learner priors refitted for merchant {MerchantId} from {Recipients} recipients")]
    public static partial void Refitted(ILogger logger, Guid merchantId, int recipients);

    [LoggerMessage(LearnerEventIds.WorkerFailed, LogLevel.Error, "The learner worker's pass failed; it tries again next interval")]
    public static partial void WorkerFailed(ILogger logger, Exception exception);
}
