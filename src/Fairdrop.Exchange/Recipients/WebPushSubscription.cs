namespace Fairdrop.Exchange.Recipients;

/// <summary>A browser's push subscription (RFC 8030 endpoint with its RFC 8291 keys), stored for the web push channel.</summary>
public sealed record WebPushSubscription(string Endpoint, string P256dh, string Auth, string? Device = null);
