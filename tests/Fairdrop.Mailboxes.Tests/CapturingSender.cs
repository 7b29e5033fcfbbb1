using Fairdrop.Core.Errors;
using MimeKit;

namespace Fairdrop.Mailboxes.Tests;

/// <summary>Keeps what the service sends, as the exchange's channel would send it.</summary>
internal sealed class CapturingSender : IMailboxSender
{
    public List<MimeMessage> Sent { get; } = [];

    public Task<Result<string>> SendAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        message.MessageId ??= $"{Guid.NewGuid():N}@test.example";
        Sent.Add(message);
        return Task.FromResult(Result<string>.Success(message.MessageId));
    }
}
