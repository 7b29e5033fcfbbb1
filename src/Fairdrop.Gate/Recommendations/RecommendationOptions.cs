using Fairdrop.Core.Shoppers;
using Fairdrop.Gate.Activity;
using Fairdrop.Gate.Language;

namespace Fairdrop.Gate.Recommendations;

/// <summary>How the recommender chooses: the share of (labelled) humans a rule may touch, how many rules to propose, and the least traffic worth reading.</summary>
public sealed record RecommendationOptions
{
    /// <summary>At most this share of labelled human shoppers may have a request the rule matches (0.005: one in 200).</summary>
    public double MaxHumanCost { get; init; } = 0.005;

    /// <summary>Rules proposed, and replayed together in one pass.</summary>
    public int Candidates { get; init; } = 10;

    /// <summary>Below this many requests or shoppers the answer is "not enough traffic", with no rule.</summary>
    public int MinimumRequests { get; init; } = 1_000;

    public int MinimumShoppers { get; init; } = 50;

    /// <summary>Lines of the log that could not be read, reported with the result.</summary>
    public int SkippedLines { get; init; }

    /// <summary>
    /// Replays at once: the probes, then the candidates, are split among this many replays of the log, each with its own
    /// store (a query's answer depends only on the requests, not on which other queries share the store). One by
    /// default: on the project's 2-core machine two took 37.8 s against 31.5 s for one over 10 million decisions
    /// (`fairdrop-bench recommend --parallelism 2|1`), each replay's store competing for the caches and memory.
    /// </summary>
    public int Parallelism { get; init; } = 1;

    public CompileContext Context { get; init; } = CompileContext.Default;

    /// <summary>A placed drop's queue to replay each recommended rule against (<see cref="RuleRecommendation.Drop"/>); none by default.</summary>
    public DropQueue? Drop { get; init; }

    public ActivityOptions Activity { get; init; } = new();
}
