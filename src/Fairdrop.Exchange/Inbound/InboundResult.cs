namespace Fairdrop.Exchange.Inbound;

/// <summary>What routing did with an inbound message: stored (or a replay of one stored before), and the reply to send back, if any.</summary>
public sealed record InboundResult(InboundMessage Message, bool Duplicate, string? Reply);
