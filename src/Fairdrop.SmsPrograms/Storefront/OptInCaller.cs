namespace Fairdrop.SmsPrograms.Storefront;

/// <summary>
/// Who a storefront opt-in comes from, as the host read the request: the publishable key, the browser's <c>Origin</c>
/// (none from a server), the client's address (behind trusted proxies) and user agent. Never the body's word for the
/// address or agent: they go on the consent record as evidence.
/// </summary>
public sealed record OptInCaller(string? PublishableKey, string? Origin, string? ClientAddress, string? UserAgent);
