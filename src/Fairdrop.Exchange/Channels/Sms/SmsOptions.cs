using System.ComponentModel.DataAnnotations;

namespace Fairdrop.Exchange.Channels.Sms;

/// <summary>The SMS provider account (Twilio's Messaging API or a compatible one), bound from <c>Fairdrop:Exchange:Sms</c>.</summary>
public sealed class SmsOptions
{
    public const string Section = "Fairdrop:Exchange:Sms";

    /// <summary>The provider's API root; Twilio's by default, a compatible provider or a local stand-in otherwise.</summary>
    [Required]
    [Url]
    public string BaseUrl { get; set; } = "https://api.twilio.com";

    public string? AccountSid { get; set; }

    /// <summary>Secret: signs the provider's webhooks and authenticates our requests. Never logged.</summary>
    public string? AuthToken { get; set; }

    /// <summary>The sending number in E.164; or leave empty and set <see cref="MessagingServiceSid"/>.</summary>
    public string? From { get; set; }

    public string? MessagingServiceSid { get; set; }

    /// <summary>Ask the provider for status callbacks (delivered / undelivered) at this service's public URL.</summary>
    public bool StatusCallbacks { get; set; } = true;

    [Range(typeof(TimeSpan), "00:00:00.050", "00:05:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The reply to HELP (carriers require one).</summary>
    public string HelpText { get; set; } = "Reply STOP to unsubscribe, START to subscribe again. Msg&data rates may apply.";

    /// <summary>True when the account can send.</summary>
    public bool IsConfigured => !string.IsNullOrEmpty(AccountSid) && !string.IsNullOrEmpty(AuthToken) && (!string.IsNullOrEmpty(From) || !string.IsNullOrEmpty(MessagingServiceSid));
}
