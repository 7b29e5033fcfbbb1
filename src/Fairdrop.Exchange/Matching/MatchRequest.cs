using Fairdrop.Exchange.Senders;

namespace Fairdrop.Exchange.Matching;

/// <summary>One distribution as the matcher sees it: the sender's rules, the topic, the channels with content, the deadline.</summary>
internal sealed record MatchRequest(SenderRules Sender, string? Topic, ChannelSet ContentChannels, DateTimeOffset Now, DateTimeOffset? Deadline);
