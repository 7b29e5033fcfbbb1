using System.Data.Common;
using System.Text.Json;
using System.Text.Json.Nodes;
using Fairdrop.Core.Ids;
using Fairdrop.Exchange.Distributions;
using Fairdrop.Exchange.Intake;

namespace Fairdrop.Exchange.Series;

/// <summary>
/// What a conversation sends, written in the transaction that moves it: each message is a one-recipient distribution
/// through the exchange's intake (its dispatcher sends, retries and tracks it, on the conversation's channel), keyed
/// by the conversation and the event, so an event applied once sends once.
/// </summary>
internal sealed class SeriesOutbox(ExchangeIntake intake, IdGenerator ids)
{
    /// <summary>The idempotency key of a launch's distribution; a reply to its deliveries names the launch by it.</summary>
    public static string LaunchKey(Guid launchId) => $"series-launch:{launchId}";

    /// <summary>The idempotency key prefix of every later message of a conversation.</summary>
    public static string ConversationKey(Guid conversationId, string eventKey) => $"series:{conversationId}:{eventKey}";

    /// <summary>A step's message per channel: the in-app message with the step's buttons as quick replies, the SMS text.</summary>
    public static DistributionContent StepContent(StoredSeries series, SeriesStep step)
    {
        var message = step.Message!;
        var buttons = (step.Replies ?? []).Select(r => r.Button?.Trim()).OfType<string>().ToList();
        return new DistributionContent(
            InApp: message.Body is null ? null : new InAppContent(message.Title ?? series.Name, message.Body, buttons.Count == 0 ? null : buttons),
            Sms: message.Sms is null ? null : new SmsContent(message.Sms));
    }

    public static DistributionContent TextContent(StoredSeries series, string text) =>
        new(InApp: new InAppContent(series.Name, text), Sms: new SmsContent(text));

    /// <summary>The template data of a conversation's messages: the series, what its actions produced (hold, cart) and the reply.</summary>
    public static JsonElement Data(StoredSeries series, Conversation conversation, string? reply)
    {
        var data = JsonNode.Parse(conversation.Data)!.AsObject();
        data["series"] = new JsonObject { ["id"] = series.Id.ToString(), ["name"] = series.Name, ["conversationId"] = conversation.Id.ToString(), ["step"] = conversation.Step };
        data["reply"] = reply;
        return JsonSerializer.SerializeToElement(data);
    }

    /// <summary>Writes one message to the conversation's recipient, due now, unless this conversation and key sent it already.</summary>
    public async Task SendAsync(
        DbConnection connection, DbTransaction transaction, StoredSeries series, Conversation conversation, string key, DistributionContent content, JsonElement data,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        var idempotencyKey = ConversationKey(conversation.Id, key);
        var distributionId = await intake.OpenDistributionAsync(
            connection, transaction, new MatchedDistribution(conversation.MerchantId, series.SenderId, "series", null, idempotencyKey, content, data), now, cancellationToken);
        using var batch = new DeliveryBatch(connection, conversation.MerchantId, distributionId, null, now);
        batch.Add(ids.NewId(), conversation.RecipientId, conversation.Channel, now, sourceKey: idempotencyKey);
        await batch.ExecuteAsync(transaction, cancellationToken);
    }
}
