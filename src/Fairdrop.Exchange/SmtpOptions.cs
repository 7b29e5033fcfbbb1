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

    /// <summary>Connections kept open to the relay; each sends one message at a time.</summary>
    [Range(1, 64)]
    public int Connections { get; set; } = 4;

    /// <summary>Right-hand side of Message-IDs.</summary>
    public string MessageIdDomain { get; set; } = "fairdrop.local";
}
