namespace Fairdrop.Core.Outbound;

/// <summary>
/// Thrown from the guarded connect callback, the only way to stop a connection there; HttpClient wraps it in an
/// <see cref="HttpRequestException"/> that <see cref="OutboundFailure"/> turns back into Fairdrop's words.
/// </summary>
internal sealed class OutboundRefusedException(string reason) : Exception("destination refused: " + reason)
{
    public string Reason { get; } = reason;
}
