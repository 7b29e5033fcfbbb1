using System.Data.Common;
using Dapper;
using Fairdrop.Core.Storage;
using Fairdrop.Exchange.Channels;
using Fairdrop.Exchange.Matching;
using Fairdrop.Exchange.Recipients;
using Fairdrop.Exchange.Senders;

namespace Fairdrop.Exchange.Series;

/// <summary>
/// The merchant webhooks series actions call. A row is written with the event that asked for it and sent by the series
/// worker through the exchange's own webhook channel (Standard Webhooks signature with the series' sender's secret,
/// the outbound guard, no redirects); <c>webhook-id</c> is the row's id on every attempt, so a receiver drops repeats.
/// A transient failure is retried with backoff up to <see cref="MaxAttempts"/>; a permanent one is recorded.
/// </summary>
internal sealed class SeriesWebhooks(
    DbConnectionFactory connections, IEnumerable<IChannel> channels, SeriesStore series, SenderStore senders, RecipientStore recipients, TimeProvider time)
{
    public const int MaxAttempts = 8;

    private readonly IChannel _webhook = channels.First(c => c.Kind == Channel.Webhook);

    public static Task InsertAsync(
        DbConnection connection, DbTransaction transaction, Guid id, Conversation conversation, string url, string body, DateTimeOffset now, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO exchange_series_webhooks (id, merchant_id, conversation_id, url, body, status, attempts, next_attempt_at, last_error, created_at) " +
            "VALUES (@id, @MerchantId, @conversationId, @url, @body, 'pending', 0, @now, NULL, @now)",
            new { id, conversation.MerchantId, conversationId = conversation.Id, url, body, now },
            transaction,
            cancellationToken: cancellationToken));

    /// <summary>Sends the webhooks due now, up to <paramref name="limit"/>; returns how many were attempted.</summary>
    public async Task<int> SendDueAsync(int limit, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        IReadOnlyList<WebhookRow> due;
        await using (var connection = await connections.OpenAsync(cancellationToken))
        {
            due = (await connection.QueryAsync<WebhookRow>(new CommandDefinition(
                "SELECT w.id AS Id, w.merchant_id AS MerchantId, c.series_id AS SeriesId, c.recipient_id AS RecipientId, w.url AS Url, w.body AS Body, w.attempts AS Attempts " +
                "FROM exchange_series_webhooks w JOIN exchange_conversations c ON c.id = w.conversation_id WHERE w.status = 'pending' AND w.next_attempt_at <= @now " +
                "ORDER BY w.next_attempt_at LIMIT @limit",
                new { now, limit },
                cancellationToken: cancellationToken))).AsList();
        }

        foreach (var row in due)
        {
            var outcome = await SendAsync(row, cancellationToken);
            var attempts = row.Attempts + 1;
            var status = outcome.Result == SendResult.Sent ? "sent" : outcome.Result == SendResult.Permanent || attempts >= MaxAttempts ? "failed" : "pending";
            await using var connection = await connections.OpenAsync(cancellationToken);
            await using var write = await connections.Dialect.BeginWriteAsync(connection, cancellationToken);
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE exchange_series_webhooks SET status = @status, attempts = @attempts, next_attempt_at = @next, last_error = @error WHERE id = @Id",
                new { row.Id, status, attempts, next = time.GetUtcNow().AddSeconds(Math.Pow(2, attempts) * 5), error = outcome.Error },
                write.Transaction,
                cancellationToken: cancellationToken));
            await write.CommitAsync(cancellationToken);
        }

        return due.Count;
    }

    private async Task<SendOutcome> SendAsync(WebhookRow row, CancellationToken cancellationToken)
    {
        var stored = await series.GetByIdAsync(row.SeriesId, cancellationToken);
        var sender = stored is null ? null : await senders.GetAsync(row.MerchantId, stored.SenderId, cancellationToken);
        var recipient = await recipients.GetAsync(row.MerchantId, row.RecipientId, cancellationToken);
        if (sender is null || recipient is null)
        {
            return SendOutcome.Permanent("The series' sender or the recipient no longer exists.");
        }

        // The exchange's webhook channel posts to the recipient's webhook URL: here, the action's.
        var target = recipient with { Contacts = recipient.Contacts with { WebhookUrl = row.Url } };
        return await _webhook.SendAsync(new OutboundMessage(row.Id, row.MerchantId, sender, target, null, new RenderedContent(WebhookBody: row.Body), null), cancellationToken);
    }

    private sealed record WebhookRow(Guid Id, Guid MerchantId, Guid SeriesId, Guid RecipientId, string Url, string Body, long Attempts);
}
