using Microsoft.Extensions.Logging;

namespace Fairdrop.Profiles;

/// <summary>The module's log messages. Never a credential, a token or a remote body: only ids, states and Fairdrop's own words.</summary>
internal static partial class ProfilesLog
{
    [LoggerMessage(ProfilesEventIds.RotationStep, LogLevel.Information, "Profile rotation {RotationId} on {Network}: {Step}")]
    public static partial void Step(ILogger logger, Guid rotationId, string network, string step);

    [LoggerMessage(ProfilesEventIds.RotationStepFailed, LogLevel.Warning, "Profile rotation {RotationId} on {Network}: {Step} failed, retried at {RetryAt}: {Reason}")]
    public static partial void StepFailed(ILogger logger, Guid rotationId, string network, string step, DateTimeOffset retryAt, string reason);

    [LoggerMessage(ProfilesEventIds.RotationStopped, LogLevel.Warning, "Profile rotation {RotationId} on {Network} stopped: {Reason}")]
    public static partial void Stopped(ILogger logger, Guid rotationId, string network, string reason);

    [LoggerMessage(ProfilesEventIds.WorkerFailed, LogLevel.Error, "The profile rotation worker's pass failed; it tries again next interval")]
    public static partial void WorkerFailed(ILogger logger, Exception exception);
}
