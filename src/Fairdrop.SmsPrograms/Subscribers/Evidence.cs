namespace Fairdrop.SmsPrograms.Subscribers;

/// <summary>What a step is recorded with: the message that caused it (an inbound MessageSid) and, for the web form, what the page showed and who sent it.</summary>
internal sealed record Evidence(string? MessageId, string? Text, string? PageUrl = null, string? Ip = null, string? UserAgent = null)
{
    public static Evidence OfMessage(string messageSid, string body) => new(messageSid, body);
}
