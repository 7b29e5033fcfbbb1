namespace Fairdrop.Exchange.Recipients;

/// <summary>A recipient's consent to one channel: where it was given, the text they agreed to, and when.</summary>
public sealed record Consent(string Source, string? Text, DateTimeOffset GivenAt);
