using System.Text.Json;
using Fairdrop.Core.Errors;
using Fairdrop.Core.Ids;
using Fairdrop.Core.Outbound;
using Fairdrop.Core.Text;
using Fairdrop.Exchange.Distributions;
using Fairdrop.Exchange.Senders;
using Fairdrop.Exchange.Templates;

namespace Fairdrop.Exchange.Series;

/// <summary>A launch request: who (the exchange's audience: external ids or an attribute filter), an idempotency key, an optional deadline.</summary>
public sealed record SeriesLaunchRequest(Audience? Audience, string? IdempotencyKey, DateTimeOffset? Deadline = null, string? Topic = null);

/// <summary>
/// Two-way series (docs/series.md): definitions checked and stored, launches (one exchange distribution of the first
/// step, matched by the exchange like any other: the sender's channel order picks in-app where the shopper is bound,
/// else SMS), and the conversations they start, which staff can read and answer.
/// </summary>
public sealed class SeriesService
{
    private readonly SeriesStore _store;
    private readonly ConversationStore _conversations;
    private readonly ConversationEngine _engine;
    private readonly DistributionService _distributions;
    private readonly SenderStore _senders;
    private readonly TemplateRenderer _templates;
    private readonly OutboundGuard _guard;
    private readonly IdGenerator _ids;
    private readonly TimeProvider _time;

    internal SeriesService(
        SeriesStore store, ConversationStore conversations, ConversationEngine engine, DistributionService distributions, SenderStore senders, TemplateRenderer templates,
        OutboundGuard guard, IdGenerator ids, TimeProvider time)
    {
        _store = store;
        _conversations = conversations;
        _engine = engine;
        _distributions = distributions;
        _senders = senders;
        _templates = templates;
        _guard = guard;
        _ids = ids;
        _time = time;
    }

    public async Task<Result<StoredSeries>> CreateAsync(Guid merchantId, SeriesDefinition? definition, CancellationToken cancellationToken)
    {
        if (definition is null)
        {
            return Error.Validation("body", "A series definition is required.");
        }

        if (SeriesValidation.Validate(definition, _templates, _guard) is { } invalid)
        {
            return invalid;
        }

        if (await _senders.GetAsync(merchantId, definition.SenderId!.Value, cancellationToken) is null)
        {
            return Error.Validation("senderId", "senderId must name one of the merchant's senders.");
        }

        var series = new StoredSeries(_ids.NewId(), merchantId, definition.SenderId.Value, definition.Name!.Trim(), definition, _time.GetUtcNow());
        await _store.AddAsync(series, cancellationToken);
        return series;
    }

    public async Task<Result<StoredSeries>> GetAsync(Guid merchantId, Guid id, CancellationToken cancellationToken) =>
        await _store.GetAsync(merchantId, id, cancellationToken) is { } series ? series : Error.NotFound("The series");

    public Task<IReadOnlyList<StoredSeries>> ListAsync(Guid merchantId, Guid? after, int limit, CancellationToken cancellationToken) =>
        _store.ListAsync(merchantId, after, limit, cancellationToken);

    /// <summary>
    /// Sends the first step to the audience; the same idempotency key returns the first launch (and finishes one that
    /// stopped half way). Conversations begin as recipients answer.
    /// </summary>
    public async Task<Result<SeriesLaunch>> LaunchAsync(Guid merchantId, Guid seriesId, SeriesLaunchRequest? request, CancellationToken cancellationToken)
    {
        if (await _store.GetAsync(merchantId, seriesId, cancellationToken) is not { } series)
        {
            return Error.NotFound("The series");
        }

        if (request?.Audience is null)
        {
            return Error.Validation("audience", "An audience is required: externalIds, or a filter on recipients' attributes.");
        }

        if (request.IdempotencyKey is { Length: 0 or > 150 } || PlainText.Check("idempotencyKey", request.IdempotencyKey) is not null)
        {
            return Error.Validation("idempotencyKey", "idempotencyKey must have 1 to 150 plain characters.");
        }

        var start = series.Step(series.Start);
        var now = _time.GetUtcNow();
        var launch = await _store.AddLaunchAsync(
            new SeriesLaunch(_ids.NewId(), merchantId, seriesId, null, request.IdempotencyKey ?? _ids.NewId().ToString(), SeriesLaunch.Launching, now),
            start.Timeout?.Minutes * 60_000L,
            cancellationToken);
        if (launch.SeriesId != seriesId)
        {
            return Error.Of(ErrorKind.Conflict, ErrorCodes.Conflict, "This idempotency key launched another series.", "idempotencyKey");
        }

        if (launch.Status != SeriesLaunch.Launching)
        {
            return launch;
        }

        var data = JsonSerializer.SerializeToElement(new { series = new { id = series.Id, name = series.Name, launchId = launch.Id, step = series.Start } });
        var accepted = await _distributions.CreateAsync(merchantId, new DistributionDraft(
            series.SenderId, "series", request.Topic, SeriesOutbox.StepContent(series, start), request.Audience, data, request.Deadline, SeriesOutbox.LaunchKey(launch.Id)),
            cancellationToken);
        if (!accepted.TryGetValue(out var distribution, out var refused))
        {
            return refused;
        }

        return await _store.ActivateLaunchAsync(launch, distribution.Distribution.Id, cancellationToken);
    }

    public Task<IReadOnlyList<SeriesLaunch>> LaunchesAsync(Guid merchantId, Guid seriesId, CancellationToken cancellationToken) =>
        _store.ListLaunchesAsync(merchantId, seriesId, cancellationToken);

    /// <summary>The merchant's conversations, optionally in one status (<c>handed_off</c>: the inbox of conversations waiting for a person).</summary>
    public Task<IReadOnlyList<Conversation>> ConversationsAsync(Guid merchantId, string? status, Guid? after, int limit, CancellationToken cancellationToken) =>
        _conversations.ListAsync(merchantId, status, after, limit, cancellationToken);

    public async Task<Result<(Conversation Conversation, IReadOnlyList<ConversationEvent> Events)>> ConversationAsync(Guid merchantId, Guid id, CancellationToken cancellationToken)
    {
        if (await _conversations.GetAsync(merchantId, id, cancellationToken) is not { } conversation)
        {
            return Error.NotFound("The conversation");
        }

        return (conversation, await _conversations.EventsAsync(id, cancellationToken));
    }

    /// <summary>A person answers (text), moves the conversation back into the series (step) or closes it; <paramref name="key"/> makes a retry harmless.</summary>
    public async Task<Result<SeriesReplyOutcome>> AnswerAsync(
        Guid merchantId, Guid conversationId, string? key, string? text, string? step, bool close, CancellationToken cancellationToken)
    {
        if (await _conversations.GetAsync(merchantId, conversationId, cancellationToken) is not { } conversation)
        {
            return Error.NotFound("The conversation");
        }

        if (conversation.Status is ConversationStatus.Unsubscribed or ConversationStatus.Finished or ConversationStatus.TimedOut)
        {
            return Error.Of(ErrorKind.Conflict, SeriesErrors.ConversationEnded, $"The conversation has ended ({conversation.Status}); nothing more can be sent in it.");
        }

        if (text is { Length: 0 or > 1600 } || (text is null && step is null && !close))
        {
            return Error.Validation("text", "Send a text of 1 to 1600 characters, a step to return to, or close.");
        }

        var series = await _engine.DefinitionAsync(conversation.SeriesId, cancellationToken);
        if (step is not null && series.Definition.Steps!.All(s => s.Id != step))
        {
            return Error.Validation("step", $"The series has no step '{step}'.");
        }

        if (key is { Length: 0 or > 100 })
        {
            return Error.Validation("key", "key must have 1 to 100 characters.");
        }

        var outcome = await _engine.StaffAsync(conversation, key ?? _ids.NewId().ToString(), text, step, close, cancellationToken);
        return outcome!;
    }
}

/// <summary>The error codes of series and conversations.</summary>
public static class SeriesErrors
{
    public const string ConversationEnded = "conversation_ended";
    public const string ConversationNotFound = "conversation_not_found";
}
