namespace Fairdrop.Learner.Decisions;

/// <summary>One alternative of a recorded decision as the API shows it: channel, time, the learner's engagement estimate and expected value.</summary>
public sealed record DecisionAlternative(string Channel, DateTimeOffset SendAt, string Window, double Probability, double Expected, bool Chosen);
