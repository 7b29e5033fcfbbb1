using System.Net.Sockets;

namespace Fairdrop.Core.Outbound;

/// <summary>
/// Fairdrop's own words for a failed outbound request, for delivery records a merchant reads: never the exception's
/// text or the remote's bytes, which told what was listening behind an address ("Connection refused (127.0.0.1:22)").
/// </summary>
public static class OutboundFailure
{
    /// <summary>True when the guard refused the destination (no connection was made).</summary>
    public static bool IsRefused(HttpRequestException exception) => Find<OutboundRefusedException>(exception) is not null;

    /// <summary>A short reason, e.g. "destination refused: hooks.example resolves to a loopback address" or "connection failed".</summary>
    public static string Describe(HttpRequestException exception)
    {
        if (Find<OutboundRefusedException>(exception) is { } refused)
        {
            return "destination refused: " + refused.Reason;
        }

        if (Find<SocketException>(exception) is { SocketErrorCode: SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain })
        {
            return "the host name did not resolve";
        }

        return exception.HttpRequestError switch
        {
            HttpRequestError.NameResolutionError => "the host name did not resolve",
            HttpRequestError.ConnectionError => "connection failed",
            HttpRequestError.SecureConnectionError => "TLS handshake failed",
            HttpRequestError.ResponseEnded => "the connection closed before a response",
            HttpRequestError.InvalidResponse or HttpRequestError.HttpProtocolError or HttpRequestError.VersionNegotiationError => "the response was not valid HTTP",
            _ => "request failed",
        };
    }

    /// <summary>The refusal message a caller records when the URL itself is refused before any request.</summary>
    public static string Refused(string reason) => "destination refused: " + reason;

    private static T? Find<T>(Exception exception)
        where T : Exception
    {
        for (var e = exception.InnerException; e is not null; e = e.InnerException)
        {
            if (e is T found)
            {
                return found;
            }
        }

        return null;
    }
}
