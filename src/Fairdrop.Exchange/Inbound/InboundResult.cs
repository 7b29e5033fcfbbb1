using Fairdrop.Exchange.Series;

namespace Fairdrop.Exchange.Inbound;

/// <summary>
/// What routing did with an inbound message: stored (or a replay of one stored before), the reply to send back, if
/// any, and, when it answered a two-way series, what it did there.
/// </summary>
public sealed record InboundResult(InboundMessage Message, bool Duplicate, string? Reply, SeriesReplyOutcome? Series = null);
