using System.Collections.Concurrent;
using Fairdrop.Core.Ids;
using Fairdrop.Core.Storage;
using Fairdrop.Exchange.Inbound;

namespace Fairdrop.Exchange.Series;

/// <summary>
/// Moves conversations: a reply (matched to the step's expected replies, its actions run) or a timeout becomes one
/// event, applied with the conversation's new state and everything it sends in one transaction, on the version it
/// was decided on. The event's key is the reply's provider id, so the same reply delivered twice (an SDK retry, a
/// provider retry, a retry after a crash) acts once; a lost race is decided again on the fresh state.
/// </summary>
internal sealed class ConversationEngine(
    SeriesStore series, ConversationStore conversations, SeriesActionRunner runner, SeriesOutbox outbox, DbConnectionFactory connections, IdGenerator ids,
    TimeProvider time)
{
    private const int MaxAttempts = 4;

    // Definitions never change once stored, so each is read once per process; nor do the launch's fields a reply
    // reads (its merchant, series and time), so a launch is read once too.
    private readonly ConcurrentDictionary<Guid, StoredSeries> _definitions = new();
    private readonly ConcurrentDictionary<Guid, SeriesLaunch> _launches = new();

    /// <summary>What a reply did to its conversation; null when it answers no series (an ordinary inbound message).</summary>
    public async Task<SeriesReplyOutcome?> HandleReplyAsync(InboundMessage message, CancellationToken cancellationToken)
    {
        if (message.RecipientId is not { } recipientId || message.Keyword is SmsKeywords.Help or SmsKeywords.Start
            || await FindAsync(message, recipientId, cancellationToken) is not ({ } conversation, var saved))
        {
            return null;
        }

        var key = $"reply:{message.Channel}:{message.ProviderId}";
        return await ApplyAsync(
            conversation, key, "reply", message.Body, (stored, current, tx) => DecideReply(stored, current, tx, message, key, cancellationToken), cancellationToken, saved);
    }

    /// <summary>Times out an active conversation whose deadline passed: the step's timeout actions, then its goto, or the end.</summary>
    public async Task<SeriesReplyOutcome?> TimeOutAsync(Conversation conversation, CancellationToken cancellationToken)
    {
        var key = $"timeout:{conversation.Step}:{conversation.Version}";
        return await ApplyAsync(conversation, key, "timeout", null, async (stored, current, tx) =>
        {
            if (current.Status != ConversationStatus.Active || current.Deadline > time.GetUtcNow() || stored.Step(current.Step).Timeout is not { } timeout)
            {
                return null;
            }

            var decision = timeout.Actions is { Count: > 0 } actions
                ? await runner.RunAsync(tx, stored, current, actions, key, null, cancellationToken)
                : new SeriesDecision(System.Text.Json.Nodes.JsonNode.Parse(current.Data)!.AsObject());
            if (decision.NextStep is null && !decision.Refused)
            {
                decision.Status ??= ConversationStatus.TimedOut;
                decision.Outcome = SeriesOutcomes.TimedOut;
            }

            return decision;
        }, cancellationToken);
    }

    /// <summary>
    /// A person's turn in a conversation (one handed to staff, usually): <paramref name="text"/> is sent on its channel,
    /// <paramref name="step"/> moves it back into the series, <paramref name="close"/> finishes it. Once per key.
    /// </summary>
    public Task<SeriesReplyOutcome?> StaffAsync(Conversation conversation, string key, string? text, string? step, bool close, CancellationToken cancellationToken) =>
        ApplyAsync(conversation, $"staff:{key}", "staff", text, (_, current, _) =>
        {
            var decision = new SeriesDecision(System.Text.Json.Nodes.JsonNode.Parse(current.Data)!.AsObject())
            {
                Outcome = SeriesOutcomes.Acted,
                NextStep = step,
                Status = close ? ConversationStatus.Finished : step is null ? current.Status : ConversationStatus.Active,
            };
            // The person's words go in as data, never as a template: braces in them stay braces.
            decision.Say(text is null ? null : "{{ data.reply }}");
            return Task.FromResult<SeriesDecision?>(decision);
        }, cancellationToken);

    /// <summary>A conversation for a recipient who never answered the launch's first step, so its timeout can run.</summary>
    public async Task<Conversation> StartAsync(SeriesLaunch launch, Guid recipientId, string channel, DateTimeOffset? sentAt, CancellationToken cancellationToken) =>
        await conversations.GetOrCreateAsync(await FirstAsync(launch, recipientId, channel, sentAt, cancellationToken), cancellationToken);

    /// <summary>The conversation at the launch's first step, as it is before anything happened in it (not stored).</summary>
    private async Task<Conversation> FirstAsync(SeriesLaunch launch, Guid recipientId, string channel, DateTimeOffset? sentAt, CancellationToken cancellationToken)
    {
        var stored = await DefinitionAsync(launch.SeriesId, cancellationToken);
        var now = time.GetUtcNow();
        var deadline = stored.Step(stored.Start).Timeout is { Minutes: { } minutes } ? (sentAt ?? now).AddMinutes(minutes) : (DateTimeOffset?)null;
        return new Conversation(
            ConversationIds.For(launch, recipientId), launch.MerchantId, stored.Id, launch.Id, recipientId, channel, stored.Start, ConversationStatus.Active, deadline, "{}", 0, now, now);
    }

    public async Task<StoredSeries> DefinitionAsync(Guid seriesId, CancellationToken cancellationToken) =>
        _definitions.TryGetValue(seriesId, out var known)
            ? known
            : _definitions.GetOrAdd(seriesId, await series.GetByIdAsync(seriesId, cancellationToken) ?? throw new InvalidOperationException($"Series {seriesId} is gone."));

    /// <summary>
    /// Decides and commits one event in one write transaction: the duplicate check, the actions (a hold is placed in
    /// this transaction, so it commits or rolls back with the event), the new state and what it sends.
    /// <paramref name="saved"/> false: the conversation is not stored yet (a first reply) and is created here.
    /// </summary>
    private async Task<SeriesReplyOutcome?> ApplyAsync(
        Conversation conversation, string key, string kind, string? text, Func<StoredSeries, Conversation, SeriesWrite, Task<SeriesDecision?>> decide,
        CancellationToken cancellationToken, bool saved = true)
    {
        var stored = await DefinitionAsync(conversation.SeriesId, cancellationToken);
        for (var attempt = 1; ; attempt++)
        {
            await using (var connection = await connections.OpenAsync(cancellationToken))
            await using (var write = await connections.Dialect.BeginWriteAsync(connection, cancellationToken))
            {
                var tx = new SeriesWrite(connection, write.Transaction);
                if (saved && await ConversationStore.FindEventAsync(connection, write.Transaction, conversation.Id, key, cancellationToken) is { } seen)
                {
                    return new SeriesReplyOutcome(conversation.Id, SeriesOutcomes.Duplicate, seen.Step, conversation.Status, $"Already handled: {seen.Outcome}.");
                }

                if (await decide(stored, conversation, tx) is not { } decision)
                {
                    return null;
                }

                var next = Next(stored, conversation, decision);
                var happened = new ConversationEvent(ids.NewId(), conversation.Id, key, kind, conversation.Step, text, decision.Outcome, time.GetUtcNow());
                if (await WriteAsync(tx, stored, conversation, saved, next, happened, decision, text, cancellationToken))
                {
                    await write.CommitAsync(cancellationToken);
                    return new SeriesReplyOutcome(conversation.Id, decision.Outcome, next.Step, next.Status, decision.Message);
                }
            }

            if (attempt == MaxAttempts)
            {
                throw new InvalidOperationException($"Conversation {conversation.Id} kept changing under event {key}.");
            }

            // Someone else created it or moved it first: everything this attempt wrote (a hold too) is rolled back.
            conversation = (saved
                ? await conversations.GetAsync(conversation.MerchantId, conversation.Id, cancellationToken)
                : await conversations.InLaunchAsync(conversation.LaunchId, conversation.RecipientId, cancellationToken))!;
            saved = true;
        }
    }

    private async Task<SeriesDecision?> DecideReply(
        StoredSeries stored, Conversation conversation, SeriesWrite tx, InboundMessage message, string key, CancellationToken cancellationToken)
    {
        var data = System.Text.Json.Nodes.JsonNode.Parse(conversation.Data)!.AsObject();
        if (conversation.Status != ConversationStatus.Active)
        {
            // A person has it, or it is over: nothing acts; the answer says why (a handed-off reply waits for staff).
            var ended = new SeriesDecision(data) { Outcome = conversation.Status == ConversationStatus.HandedOff ? SeriesOutcomes.HandedOff : SeriesOutcomes.Ended };
            ended.Answer(EndedMessage(conversation.Status));
            return ended;
        }

        if (message.Keyword == SmsKeywords.Stop)
        {
            return new SeriesDecision(data) { Outcome = SeriesOutcomes.Unsubscribed, Status = ConversationStatus.Unsubscribed };
        }

        var step = stored.Step(conversation.Step);
        if ((ReplyMatcher.Match(step, message.Body)?.Actions ?? step.FreeText?.Actions) is { } actions)
        {
            return await runner.RunAsync(tx, stored, conversation, actions, key, message.Body, cancellationToken);
        }

        var unrecognised = new SeriesDecision(data);
        unrecognised.Refuse(SeriesOutcomes.Unrecognised, step.Fallback ?? DefaultFallback(step));
        return unrecognised;
    }

    private Conversation Next(StoredSeries stored, Conversation conversation, SeriesDecision decision)
    {
        var now = time.GetUtcNow();
        var next = conversation with { Data = decision.Data.ToJsonString(), Version = conversation.Version + 1, UpdatedAt = now };
        if (decision.Refused || decision.Outcome is SeriesOutcomes.Ended or SeriesOutcomes.HandedOff && decision.Status is null)
        {
            return next;
        }

        if (decision.NextStep is { } step && decision.Status is null or ConversationStatus.Active)
        {
            var timeout = stored.Step(step).Timeout?.Minutes;
            return next with { Step = step, Status = ConversationStatus.Active, Deadline = timeout is { } m ? now.AddMinutes(m) : null };
        }

        return next with { Status = decision.Status ?? ConversationStatus.Finished, Deadline = null };
    }

    private async Task<bool> WriteAsync(
        SeriesWrite tx, StoredSeries stored, Conversation read, bool saved, Conversation next, ConversationEvent happened, SeriesDecision decision, string? reply,
        CancellationToken cancellationToken)
    {
        var (connection, transaction) = tx;
        var now = time.GetUtcNow();
        if ((!saved && !await ConversationStore.InsertAsync(connection, transaction, read, cancellationToken))
            || !await ConversationStore.ApplyAsync(connection, transaction, happened, next, read.Version, cancellationToken))
        {
            return false;
        }

        var data = SeriesOutbox.Data(stored, next, reply);
        if (decision.Texts.Count > 0)
        {
            await outbox.SendAsync(connection, transaction, stored, next, happened.EventKey + ":text", SeriesOutbox.TextContent(stored, string.Join("\n", decision.Texts)), data, now, cancellationToken);
        }

        if (decision.NextStep is not null && !decision.Refused && next.Status == ConversationStatus.Active)
        {
            await outbox.SendAsync(connection, transaction, stored, next, happened.EventKey + ":step", SeriesOutbox.StepContent(stored, stored.Step(next.Step)), data, now, cancellationToken);
        }

        foreach (var (url, body) in decision.Webhooks)
        {
            await SeriesWebhooks.InsertAsync(connection, transaction, ids.NewId(), next, url, body, now, cancellationToken);
        }

        return true;
    }

    /// <summary>The conversation a message answers, and whether it is stored yet (a first reply to a launch's message finds it unstored).</summary>
    private async Task<(Conversation? Conversation, bool Saved)> FindAsync(InboundMessage message, Guid recipientId, CancellationToken cancellationToken)
    {
        var link = message.DeliveryId is { } deliveryId ? await conversations.LinkAsync(deliveryId, cancellationToken) : null;
        if (link is { Source: "series" })
        {
            if (link.Key.StartsWith("series-launch:", StringComparison.Ordinal) && Guid.TryParse(link.Key.AsSpan("series-launch:".Length), out var launchId))
            {
                if (await LaunchAsync(launchId, cancellationToken) is not { } launch || launch.MerchantId != message.MerchantId)
                {
                    return (null, false);
                }

                var first = await FirstAsync(launch, recipientId, link.Channel, link.SentAt, cancellationToken);
                return await conversations.InLaunchAsync(launch.Id, recipientId, cancellationToken) is { } existing ? (existing, true) : (first, false);
            }

            if (link.Key.StartsWith("series:", StringComparison.Ordinal) && link.Key.Length >= 43 && Guid.TryParse(link.Key.AsSpan(7, 36), out var conversationId))
            {
                return (await conversations.GetAsync(message.MerchantId, conversationId, cancellationToken), true);
            }
        }

        // SMS has no threads: a text answers the shopper's latest open conversation on SMS.
        return (message.Channel == "sms" ? await conversations.LatestOpenAsync(message.MerchantId, recipientId, message.Channel, cancellationToken) : null, true);
    }

    private async Task<SeriesLaunch?> LaunchAsync(Guid launchId, CancellationToken cancellationToken)
    {
        if (_launches.TryGetValue(launchId, out var known))
        {
            return known;
        }

        return await series.GetLaunchAsync(launchId, cancellationToken) is { } launch ? _launches.GetOrAdd(launchId, launch) : null;
    }

    private static string EndedMessage(string status) => status switch
    {
        ConversationStatus.HandedOff => "Thanks, a person will read your message.",
        ConversationStatus.TimedOut => "Sorry, this offer has ended: the time to reply ran out.",
        ConversationStatus.Unsubscribed => "You are unsubscribed from these messages.",
        _ => "This conversation has ended.",
    };

    private static string DefaultFallback(SeriesStep step)
    {
        var options = (step.Replies ?? []).Select(r => r.Keywords is { Count: > 0 } k ? k[0] : r.Button).OfType<string>().ToList();
        return options.Count == 0 ? "Sorry, I did not understand that." : $"Sorry, I did not understand. Reply {string.Join(" or ", options)}.";
    }
}
