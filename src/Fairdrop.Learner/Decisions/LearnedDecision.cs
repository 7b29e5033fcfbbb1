using Fairdrop.Exchange.Matching;

namespace Fairdrop.Learner.Decisions;

/// <summary>
/// A learned choice: the alternatives considered (every allowed channel × time), which one was taken and with what
/// probability the policy takes it given the same posteriors (its propensity, for off-policy evaluation), or a drop.
/// </summary>
internal sealed record LearnedDecision(DropReason Reason, ScoredSlot[] Alternatives, int Chosen, double Propensity)
{
    public static LearnedDecision Drop(DropReason reason) => new(reason, [], -1, 1);

    public ScoredSlot Choice => Alternatives[Chosen];
}
