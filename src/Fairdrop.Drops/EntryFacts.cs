namespace Fairdrop.Drops;

/// <summary>
/// What an entry records about its shopper: the canonical id, how far it is trusted, where it came from, and the
/// evidence behind its flags, which the audit publishes.
/// </summary>
internal readonly record struct EntryFacts(string ShopperId, bool Priority, bool Bot, bool Verified, string Source, string? PriorityEvidence = null, string? BotEvidence = null);
