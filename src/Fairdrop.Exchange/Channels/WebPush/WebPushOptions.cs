using System.ComponentModel.DataAnnotations;

namespace Fairdrop.Exchange.Channels.WebPush;

/// <summary>Web push settings, bound from <c>Fairdrop:Exchange:WebPush</c>.</summary>
public sealed class WebPushOptions
{
    public const string Section = "Fairdrop:Exchange:WebPush";

    /// <summary>VAPID contact (RFC 8292 <c>sub</c>): a <c>mailto:</c> or <c>https:</c> URI push services can reach the operator at.</summary>
    [Required]
    [RegularExpression("^(mailto:|https://).+")]
    public string Subject { get; set; } = "mailto:webpush@fairdrop.invalid";

    /// <summary>VAPID public key, base64url 65-byte point; with <see cref="PrivateKey"/>, or neither (then one is generated and stored once).</summary>
    public string? PublicKey { get; set; }

    /// <summary>VAPID private key, base64url 32-byte scalar. A secret: never logged.</summary>
    public string? PrivateKey { get; set; }

    /// <summary>RFC 8030 TTL: how long the push service keeps an undelivered message.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "28.00:00:00")]
    public TimeSpan TimeToLive { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Lifetime of a VAPID token (at most 24 h by RFC 8292); tokens are reused per push service origin until an hour before expiry.</summary>
    [Range(typeof(TimeSpan), "01:05:00", "24:00:00")]
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(12);

    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);
}
