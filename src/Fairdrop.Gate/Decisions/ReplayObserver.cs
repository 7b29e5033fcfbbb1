using Fairdrop.Gate.Engine;

namespace Fairdrop.Gate.Decisions;

/// <summary>Sees each replayed request with the decision the replayed rules gave it.</summary>
internal delegate void ReplayObserver(DecisionRecord record, GateRequest request, in GateDecision decision);
