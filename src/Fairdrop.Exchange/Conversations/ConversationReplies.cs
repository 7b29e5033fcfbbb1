using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Fairdrop.Core.Errors;
using Fairdrop.Core.Storage;
using Fairdrop.Exchange.Distributions;
using Fairdrop.Exchange.Engagement;
using Fairdrop.Exchange.Intake;
using Fairdrop.Exchange.Matching;
using Fairdrop.Exchange.Recipients;
using Fairdrop.Exchange.Senders;

namespace Fairdrop.Exchange.Conversations;

/// <summary>
/// A person's answer to a shopper, on the channel the shopper wrote or was written to on (in-app or SMS): a
/// one-recipient distribution (source <c>conversation</c>) under the sender of the last message the shopper was sent
/// on that channel (else the first sender that sends on it), so that sender's consent rules still apply at the send, sent and retried by the dispatcher like
/// any message. It leaves a two-way series conversation's state alone (a person answers a handed-off conversation and
/// it stays with them; the series' own answers endpoint moves it). The same key sends once and returns the same delivery.
/// </summary>
public sealed class ConversationReplies
{
    public const int MaxText = 1600;
    public const string NoChannel = "conversation_no_channel";

    private readonly DbConnectionFactory _connections;
    private readonly ExchangeIntake _intake;
    private readonly EngagementStore _engagement;
    private readonly DistributionStore _distributions;
    private readonly SenderStore _senders;
    private readonly RecipientStore _recipients;
    private readonly TimeProvider _time;

    internal ConversationReplies(
        DbConnectionFactory connections, ExchangeIntake intake, EngagementStore engagement, DistributionStore distributions, SenderStore senders, RecipientStore recipients, TimeProvider time)
    {
        _connections = connections;
        _intake = intake;
        _engagement = engagement;
        _distributions = distributions;
        _senders = senders;
        _recipients = recipients;
        _time = time;
    }

    /// <summary>Queues <paramref name="text"/> to the recipient on <paramref name="channel"/> (<c>in_app</c> or <c>sms</c>); returns the delivery id.</summary>
    public async Task<Result<Guid>> SendAsync(Guid merchantId, Guid recipientId, string channel, string? text, string key, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Length > MaxText)
        {
            return Error.Validation("text", $"A text of 1 to {MaxText} characters is required.");
        }

        if (!ChannelNames.TryParse(channel, out var parsed) || parsed is not (Channel.InApp or Channel.Sms))
        {
            return Error.Validation("channel", "Conversations are in_app or sms.");
        }

        if (await _recipients.GetAsync(merchantId, recipientId, cancellationToken) is null)
        {
            return Error.NotFound("The recipient");
        }

        if (await SenderAsync(merchantId, recipientId, channel, parsed, cancellationToken) is not { } sender)
        {
            return Error.Of(ErrorKind.Unprocessable, NoChannel, $"No sender of the merchant sends on {channel}: add {channel} to a sender's channels.");
        }

        var idempotencyKey = $"conversation:{key}";
        var deliveryId = KeyedId(merchantId, idempotencyKey);
        var now = _time.GetUtcNow();
        // The person's words go in as data, never as a template: braces in them stay braces.
        var content = new DistributionContent(InApp: new InAppContent(sender.Name, "{{ data.text }}"), Sms: new SmsContent("{{ data.text }}"));
        await using var connection = await _connections.OpenAsync(cancellationToken);
        await using var write = await _connections.Dialect.BeginWriteAsync(connection, cancellationToken);
        var distributionId = await _intake.OpenDistributionAsync(
            connection, write.Transaction, new MatchedDistribution(merchantId, sender.Id, ConversationCopies.ReplySource, null, idempotencyKey, content, JsonSerializer.SerializeToElement(new { text })),
            now, cancellationToken);
        using var batch = new DeliveryBatch(connection, merchantId, distributionId, null, now);
        batch.Add(deliveryId, recipientId, channel, now, sourceKey: idempotencyKey);
        await batch.ExecuteAsync(write.Transaction, cancellationToken);
        await write.CommitAsync(cancellationToken);
        return deliveryId;
    }

    /// <summary>
    /// The sender the shopper last heard from on this channel, so its rules and consent requirements hold; for a
    /// shopper who wrote first (a text to the shop's number), the merchant's first sender that sends on the channel.
    /// </summary>
    private async Task<Sender?> SenderAsync(Guid merchantId, Guid recipientId, string channel, Channel parsed, CancellationToken cancellationToken)
    {
        var last = await _engagement.LastSentAsync(merchantId, recipientId, channel, cancellationToken);
        var distribution = last is null ? null : await _distributions.GetAsync(merchantId, last.DistributionId, cancellationToken);
        if (distribution is not null && await _senders.GetAsync(merchantId, distribution.SenderId, cancellationToken) is { } previous)
        {
            return previous;
        }

        return (await _senders.ListAsync(merchantId, null, 100, cancellationToken)).FirstOrDefault(s => s.Rules.Channels.Contains(parsed));
    }

    /// <summary>The delivery's id from the merchant and the key, so a retry (whose row is skipped as a duplicate) answers the first one's id.</summary>
    private static Guid KeyedId(Guid merchantId, string key)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{merchantId:N}:{key}"));
        hash[6] = (byte)(0x80 | (hash[6] & 0x0F)); // version 8: a name-based id of our own layout
        hash[8] = (byte)(0x80 | (hash[8] & 0x3F));
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }
}
