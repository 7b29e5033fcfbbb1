using Fairdrop.Exchange.Matching;
using Fairdrop.Learner.Model;

namespace Fairdrop.Learner.Decisions;

/// <summary>One alternative of a decision: channel, time, the arm's posterior and its expected value (posterior mean × value × decay − cost).</summary>
internal readonly record struct ScoredSlot(Channel Channel, DateTimeOffset SendAt, int Bucket, BetaPosterior Posterior, double Worth, double Cost)
{
    public double Expected => (Posterior.Mean * Worth) - Cost;
}
