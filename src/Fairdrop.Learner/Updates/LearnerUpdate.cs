namespace Fairdrop.Learner.Updates;

/// <summary>What one incremental update did for a merchant: events read, decisions settled engaged and not engaged.</summary>
public sealed record LearnerUpdate(int EventsRead, int Engaged, int NotEngaged);
