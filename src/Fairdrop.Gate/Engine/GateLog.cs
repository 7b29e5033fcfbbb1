using Microsoft.Extensions.Logging;

namespace Fairdrop.Gate.Engine;

/// <summary>Log messages of the gate.</summary>
internal static partial class GateLog
{
    [LoggerMessage(EventId = GateEventIds.RulesApplied, Level = LogLevel.Information, Message = "Gate rules from {Origin} applied: {Count} rules, version {Version}")]
    public static partial void RulesApplied(ILogger logger, string origin, int count, string version);

    [LoggerMessage(EventId = GateEventIds.RulesRejected, Level = LogLevel.Error, Message = "Gate rules from {Origin} rejected with {Errors} errors; the previous rules stay in force:\n{Diagnostics}")]
    public static partial void RulesRejected(ILogger logger, string origin, int errors, string diagnostics);

    [LoggerMessage(EventId = GateEventIds.RulesUnreadable, Level = LogLevel.Warning, Message = "Cannot read gate rules from {Path}; the previous rules stay in force")]
    public static partial void RulesUnreadable(ILogger logger, string path, Exception exception);

    [LoggerMessage(EventId = GateEventIds.Enforced, Level = LogLevel.Warning, Message = "Request blocked by gate rule {Rule} ({Action}) for {Path}")]
    public static partial void Enforced(ILogger logger, string rule, string action, string path);

    [LoggerMessage(EventId = GateEventIds.DecisionsDropped, Level = LogLevel.Warning, Message = "Gate decision log queue is full; {Dropped} decisions dropped so far")]
    public static partial void DecisionsDropped(ILogger logger, long dropped);

    [LoggerMessage(EventId = GateEventIds.DecisionWriteFailed, Level = LogLevel.Error, Message = "Writing {Count} gate decisions failed")]
    public static partial void DecisionWriteFailed(ILogger logger, int count, Exception exception);

    [LoggerMessage(EventId = GateEventIds.HoldLimitReached, Level = LogLevel.Warning, Message = "Too many requests held by delays ({Held}); answering 429 instead of holding {Path}")]
    public static partial void HoldLimitReached(ILogger logger, int held, string path);
}
