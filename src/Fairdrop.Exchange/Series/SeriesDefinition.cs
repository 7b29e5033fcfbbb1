namespace Fairdrop.Exchange.Series;

/// <summary>
/// A two-way series as its publisher writes it (docs/series.md): steps, each a message per channel, the replies it
/// expects and the actions each reply triggers, what a timeout does, and what an unrecognised reply gets. The first
/// step is <see cref="Start"/>, or the first in the list.
/// </summary>
public sealed record SeriesDefinition(string? Name, Guid? SenderId, string? Start, IReadOnlyList<SeriesStep>? Steps);

/// <summary>
/// One step: its message, the replies it expects (matched in order), what any other text does (<see cref="FreeText"/>,
/// for example hand it to a person) or, without that, the <see cref="Fallback"/> text (the step stays), and its timeout.
/// </summary>
public sealed record SeriesStep(
    string? Id, StepMessage? Message, IReadOnlyList<ExpectedReply>? Replies, ReplyOutcome? FreeText, string? Fallback, StepTimeout? Timeout);

/// <summary>The step's message per channel, as Liquid templates; the in-app message shows each expected reply's button.</summary>
public sealed record StepMessage(string? Title, string? Body, string? Sms);

/// <summary>
/// A reply the step understands: any of its <see cref="Keywords"/> (the whole reply, or its first word, in any case),
/// or its <see cref="Button"/>'s label (an in-app quick reply); the actions it triggers, in order.
/// </summary>
public sealed record ExpectedReply(IReadOnlyList<string>? Keywords, string? Button, IReadOnlyList<SeriesAction>? Actions);

/// <summary>What free text does: its actions, in order.</summary>
public sealed record ReplyOutcome(IReadOnlyList<SeriesAction>? Actions);

/// <summary>After <see cref="Minutes"/> without a reply: the actions, in order (a <c>goto</c> among them moves on; without one the conversation ends).</summary>
public sealed record StepTimeout(int? Minutes, IReadOnlyList<SeriesAction>? Actions);

/// <summary>
/// One action (<see cref="SeriesActionKinds"/>): <c>hold</c> (<see cref="Target"/> product or drop, its
/// <see cref="Id"/>, <see cref="Units"/>, <see cref="Minutes"/>; <see cref="Text"/> answers a refusal), <c>cart</c> (a
/// signed link to <see cref="Url"/> for <see cref="Id"/> × <see cref="Units"/>), <c>unsubscribe</c>, <c>handoff</c>
/// (to a person: the conversation waits in the conversations inbox), <c>webhook</c> (a signed POST to
/// <see cref="Url"/>), <c>goto</c> (<see cref="Step"/>).
/// </summary>
public sealed record SeriesAction(string? Type, string? Target = null, string? Id = null, int? Units = null, int? Minutes = null, string? Url = null, string? Step = null, string? Text = null);

/// <summary>The action types a series understands.</summary>
public static class SeriesActionKinds
{
    public const string Hold = "hold";
    public const string Cart = "cart";
    public const string Unsubscribe = "unsubscribe";
    public const string Handoff = "handoff";
    public const string Webhook = "webhook";
    public const string Goto = "goto";

    public static readonly IReadOnlyList<string> All = [Hold, Cart, Unsubscribe, Handoff, Webhook, Goto];
}
