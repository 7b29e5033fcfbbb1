namespace Fairdrop.SmsPrograms.Alerts;

/// <summary>
/// A marketing text to every confirmed subscriber of a program: its key (once per program: a retry plans nothing
/// twice), its subject (what the per-subject limits count, such as a product id), the text, and the deadline after which it is pointless.
/// </summary>
public sealed record SmsAlert(string? Key, string? Subject, string? Text, DateTimeOffset? Deadline = null);
