using System.ComponentModel.DataAnnotations;

namespace Fairdrop.Exchange;

/// <summary>The SMTP relay the email channel sends through.</summary>
public sealed class SmtpOptions
{
    public string Host { get; set; } = "localhost";

    [Range(1, 65535)]
    public int Port { get; set; } = 25;

    public string? Username { get; set; }

    public string? Password { get; set; }

    /// <summary>none, starttls, ssl or auto (MailKit's SecureSocketOptions).</summary>
    [RegularExpression("^(none|starttls|ssl|auto)$")]
    public string Security { get; set; } = "auto";

    /// <summary>Right-hand side of Message-IDs.</summary>
    public string MessageIdDomain { get; set; } = "fairdrop.local";
}
