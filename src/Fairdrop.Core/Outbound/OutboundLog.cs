using Fairdrop.Core.Telemetry;
using Microsoft.Extensions.Logging;

namespace Fairdrop.Core.Outbound;

/// <summary>The outbound guard's log messages.</summary>
internal static partial class OutboundLog
{
    [LoggerMessage(EventId = CoreEventIds.OutboundRefused, Level = LogLevel.Warning, Message = "Outbound request to {Host} refused: {Reason}")]
    public static partial void Refused(ILogger logger, string host, string reason);
}
