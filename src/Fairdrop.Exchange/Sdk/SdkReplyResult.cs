using Fairdrop.Exchange.Series;

namespace Fairdrop.Exchange.Sdk;

/// <summary>An end user's stored reply, whether this call stored it (false: a retry), and what the series it answered did, if any.</summary>
public sealed record SdkReplyResult(SdkReply Reply, bool Created, SeriesReplyOutcome? Series);
