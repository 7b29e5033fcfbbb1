namespace Fairdrop.Exchange.Series;

/// <summary>A stored series: its definition (checked when stored) and the sender whose rules and channel order it sends under.</summary>
public sealed record StoredSeries(Guid Id, Guid MerchantId, Guid SenderId, string Name, SeriesDefinition Definition, DateTimeOffset CreatedAt)
{
    /// <summary>The first step's id.</summary>
    public string Start => Definition.Start ?? Definition.Steps![0].Id!;

    public SeriesStep Step(string id) => Definition.Steps!.First(s => s.Id == id);
}

/// <summary>A launch of a series to an audience: one exchange distribution of its first step.</summary>
public sealed record SeriesLaunch(Guid Id, Guid MerchantId, Guid SeriesId, Guid? DistributionId, string IdempotencyKey, string Status, DateTimeOffset CreatedAt)
{
    public const string Launching = "launching";
    public const string Active = "active";

    /// <summary>Every first-step timeout of the launch is behind it; replies still act, the worker no longer scans it.</summary>
    public const string Settled = "settled";
}

/// <summary>
/// One recipient's conversation in a launch: the step it is at, its status (<see cref="ConversationStatus"/>), when the
/// step times out, the channel it runs on (in_app or sms), and what its actions produced (a hold, a cart link) as JSON.
/// </summary>
public sealed record Conversation(
    Guid Id, Guid MerchantId, Guid SeriesId, Guid LaunchId, Guid RecipientId, string Channel, string Step, string Status, DateTimeOffset? Deadline,
    string Data, long Version, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>The states of a conversation; only an active one acts on replies, a handed-off one waits for a person.</summary>
public static class ConversationStatus
{
    public const string Active = "active";
    public const string HandedOff = "handed_off";
    public const string Finished = "finished";
    public const string TimedOut = "timed_out";
    public const string Unsubscribed = "unsubscribed";
}

/// <summary>Something that happened in a conversation, once per key: a reply, a timeout, a person's answer.</summary>
public sealed record ConversationEvent(Guid Id, Guid ConversationId, string EventKey, string Kind, string Step, string? Text, string Outcome, DateTimeOffset CreatedAt);

/// <summary>
/// What a reply did, as the SDK and the SMS webhook report it: <see cref="Outcome"/> is one of <c>acted</c>,
/// <c>duplicate</c> (this reply was handled before; nothing done again), <c>unrecognised</c> (the fallback was sent),
/// <c>refused</c> (an action said no: sold out, for one), <c>handed_off</c>, <c>ended</c> (the conversation is over:
/// timed out, finished or unsubscribed) or <c>hold_expired</c>; <see cref="Message"/> says it in words.
/// </summary>
public sealed record SeriesReplyOutcome(Guid ConversationId, string Outcome, string Step, string Status, string? Message);
