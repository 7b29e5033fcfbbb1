namespace Fairdrop.Exchange.Channels.WebPush;

/// <summary>One push to one subscription: the plaintext (at most 3993 bytes) and the RFC 8030 headers.</summary>
internal sealed record PushMessage(string Endpoint, string P256dh, string Auth, ReadOnlyMemory<byte> Payload, string Topic, string Urgency, TimeSpan TimeToLive);
