namespace Fairdrop.Exchange.Matching;

/// <summary>A set of channels as bits, so the matcher tests membership without allocating.</summary>
[Flags]
public enum ChannelSet
{
    None = 0,
    Email = 1 << Channel.Email,
    Sms = 1 << Channel.Sms,
    WebPush = 1 << Channel.WebPush,
    InApp = 1 << Channel.InApp,
    Webhook = 1 << Channel.Webhook,
}
