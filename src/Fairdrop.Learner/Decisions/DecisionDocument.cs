namespace Fairdrop.Learner.Decisions;

/// <summary>What <c>learner_decisions.alternatives</c> holds: a one-line summary and every alternative scored.</summary>
internal sealed record DecisionDocument(string Summary, IReadOnlyList<DecisionAlternative> Alternatives);
