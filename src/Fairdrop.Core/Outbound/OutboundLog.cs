using Microsoft.Extensions.Logging;

namespace Fairdrop.Core.Outbound;

/// <summary>The outbound guard's log messages.</summary>
internal static partial class OutboundLog
{
    [LoggerMessage(EventId = 1101, Level = LogLevel.Warning, Message = "Outbound request to {Host} refused: {Reason}")]
    public static partial void Refused(ILogger logger, string host, string reason);
}
