using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Fairdrop.Core.Errors;
using Fairdrop.Exchange.Matching;
using Fairdrop.Exchange.Recipients;
using Fairdrop.Exchange.Senders;

namespace Fairdrop.Exchange.Series;

/// <summary>
/// Runs a reply's (or a timeout's) actions in order and says what the conversation becomes. Actions that write do so
/// in the event's own transaction (a hold, a consent withdrawal), so they commit with it or not at all; a hold also
/// carries a key of the conversation, the event and the action's place. Webhooks and messages are only collected
/// here, to be written with the event. An action that refuses (nothing left to hold, a
/// hold already lapsed) stops the rest: the conversation stays where it was.
/// </summary>
internal sealed class SeriesActionRunner(IEnumerable<ISeriesHolds> holds, RecipientStore recipients, SenderStore senders, TimeProvider time)
{
    private readonly ISeriesHolds? _holds = holds.LastOrDefault();

    public async Task<SeriesDecision> RunAsync(
        SeriesWrite write, StoredSeries series, Conversation conversation, IReadOnlyList<SeriesAction> actions, string eventKey, string? reply,
        CancellationToken cancellationToken)
    {
        var decision = new SeriesDecision(JsonNode.Parse(conversation.Data)!.AsObject());
        Recipient? recipient = null;
        for (var i = 0; i < actions.Count && !decision.Refused; i++)
        {
            var action = actions[i];
            if (action.Type is SeriesActionKinds.Hold or SeriesActionKinds.Cart or SeriesActionKinds.Webhook)
            {
                recipient ??= await recipients.GetAsync(conversation.MerchantId, conversation.RecipientId, cancellationToken);
            }

            switch (action.Type)
            {
                case SeriesActionKinds.Hold:
                    await HoldAsync(write, decision, conversation, action, $"series:{conversation.Id}:{eventKey}:{i}", recipient, cancellationToken);
                    break;
                case SeriesActionKinds.Cart:
                    await CartAsync(decision, series, conversation, action, recipient?.ExternalId ?? string.Empty, cancellationToken);
                    break;
                case SeriesActionKinds.Unsubscribe:
                    await RecipientStore.SetConsentAsync(
                        write.Connection, write.Transaction, conversation.MerchantId, conversation.RecipientId, ChannelNames.Parse(conversation.Channel), null, time.GetUtcNow(),
                        cancellationToken);
                    decision.Status = ConversationStatus.Unsubscribed;
                    decision.Say(action.Text);
                    break;
                case SeriesActionKinds.Handoff:
                    decision.Status = ConversationStatus.HandedOff;
                    decision.Outcome = SeriesOutcomes.HandedOff;
                    decision.Say(action.Text);
                    break;
                case SeriesActionKinds.Webhook:
                    decision.Webhooks.Add((action.Url!, WebhookBody(series, conversation, recipient?.ExternalId, reply, decision.Data)));
                    break;
                case SeriesActionKinds.Goto:
                    decision.NextStep = action.Step;
                    decision.Say(action.Text);
                    break;
            }
        }

        return decision;
    }

    private async Task HoldAsync(
        SeriesWrite write, SeriesDecision decision, Conversation conversation, SeriesAction action, string key, Recipient? recipient, CancellationToken cancellationToken)
    {
        if (_holds is null)
        {
            decision.Refuse(SeriesOutcomes.Refused, action.Text ?? "Sorry, holds are not available here.");
            return;
        }

        var held = await _holds.HoldAsync(
            write,
            new SeriesHoldRequest(conversation.MerchantId, action.Target!, action.Id!, action.Units!.Value, TimeSpan.FromMinutes(action.Minutes!.Value), key, recipient?.ExternalId ?? string.Empty),
            cancellationToken);
        if (!held.TryGetValue(out var hold, out var error))
        {
            decision.Refuse(SeriesOutcomes.Refused, action.Text ?? (error.Kind == ErrorKind.Conflict ? "Sorry, there are none left to hold." : error.Message));
            return;
        }

        decision.Data["hold"] = new JsonObject
        {
            ["id"] = hold.Id.ToString(),
            ["target"] = action.Target,
            ["productId"] = action.Id,
            ["units"] = hold.Units,
            ["expiresAt"] = hold.ExpiresAt.ToString("O", CultureInfo.InvariantCulture),
            // What a message says: the time on the shopper's clock ("until 21:15").
            ["until"] = TimeZoneInfo.ConvertTime(hold.ExpiresAt, TimeZones.FindOrUtc(recipient?.Rules.TimeZone)).ToString("HH:mm", CultureInfo.InvariantCulture),
            ["minutes"] = action.Minutes,
        };
    }

    private async Task CartAsync(SeriesDecision decision, StoredSeries series, Conversation conversation, SeriesAction action, string shopper, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var expires = now.AddHours(1);
        Guid? heldUnder = null;
        if (decision.Data["hold"] is JsonObject hold && DateTimeOffset.TryParse(hold["expiresAt"]?.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.None, out var holdEnds))
        {
            heldUnder = Guid.TryParse(hold["id"]?.GetValue<string>(), out var holdId) ? holdId : null;
            if (holdEnds <= now)
            {
                decision.Refuse(SeriesOutcomes.HoldExpired, "Sorry, your hold has expired.");
                return;
            }

            expires = holdEnds;
        }

        var sender = await senders.GetAsync(conversation.MerchantId, series.SenderId, cancellationToken);
        var url = CartLinks.Sign(action.Url!, action.Id!, action.Units ?? 1, shopper, expires, sender?.WebhookSecret ?? string.Empty, heldUnder);
        decision.Data["cart"] = new JsonObject { ["url"] = url, ["productId"] = action.Id, ["units"] = action.Units ?? 1 };
        decision.Say(action.Text);
    }

    private static string WebhookBody(StoredSeries series, Conversation conversation, string? externalId, string? reply, JsonObject data) =>
        JsonSerializer.Serialize(new
        {
            type = "series.reply",
            seriesId = series.Id,
            launchId = conversation.LaunchId,
            conversationId = conversation.Id,
            step = conversation.Step,
            recipient = externalId,
            channel = conversation.Channel,
            reply,
            data = JsonSerializer.SerializeToElement(data),
        });
}
