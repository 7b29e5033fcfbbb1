using Fairdrop.Learner.Decisions;

namespace Fairdrop.Learner.Simulation;

/// <summary>A decision as the learner logs it: the scored alternatives, the one taken, its propensity, and whether engagement was seen.</summary>
internal sealed record LoggedDecision(int Day, int Shopper, DateTimeOffset DecidedAt, ScoredSlot[] Alternatives, int Chosen, double Propensity, bool Seen);
